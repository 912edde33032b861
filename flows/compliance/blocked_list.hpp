// The blocked (sanctions) list synced from the exchange (GET /v1/lists/blocked?since=VERSION):
// entries by IIN, or by name and birth date for people without an IIN. A customer matches when the
// IIN is equal, or when the normalised name and the birth date are both equal. Updates carry a new
// version and apply in order; an update older than what is held is ignored, so a replay is
// harmless.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "flows/compliance/identity.hpp"

namespace kiosk::flows::compliance {

struct BlockedEntry {
  std::string iin;         // 12 digits, or "" for an entry by name
  std::string name;        // any form; normalised on insert
  std::string birth_date;  // "YYYY-MM-DD"
  auto operator<=>(const BlockedEntry&) const = default;
};

struct BlockedListUpdate {
  std::int64_t version = 0;
  std::vector<BlockedEntry> added;
  std::vector<BlockedEntry> removed;
};

class BlockedList {
 public:
  std::int64_t version() const { return version_; }
  std::size_t size() const { return iins_.size() + people_.size(); }

  // Applies an update; returns false (and changes nothing) when it is not newer than held.
  bool apply(const BlockedListUpdate& update);
  bool blocks(const CustomerIdentity& who) const;

 private:
  std::int64_t version_ = 0;
  std::set<std::string> iins_;
  std::set<std::pair<std::string, std::string>> people_;  // (normalised name, birth date)
};

}  // namespace kiosk::flows::compliance
