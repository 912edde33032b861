// The exchange's blocked list on the kiosk (GET /v1/lists/blocked?since=VERSION), sans-IO:
// `request()` is the next fetch, `settle(answer)` applies a newer version to the held
// flows::compliance::BlockedList and persists it, so a kiosk restarted offline still screens
// customers. BlockedListPump (blocked_list_pump.hpp) fetches it periodically.
//
// Persistence: the `blocked_list` table of the Store (schema v2), one row holding the version and
// the whole list SEALED (AES-256-GCM, context "blocked-list"). The list is personal data (IINs,
// which encode birth date and sex, and names with birth dates of the people listed), so it gets
// the same protection as KYC data at rest; sealing a few thousand entries costs microseconds.
// The new version is written before it is applied in memory: a write that fails leaves the held
// version unchanged, so the next fetch asks again.
#pragma once

#include <cstdint>
#include <expected>
#include <set>
#include <string>
#include <utility>

#include "flows/compliance/blocked_list.hpp"
#include "offline_queue/exchange_types.hpp"
#include "offline_queue/sealed_box.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::oq {

struct BlockedSyncError {
  enum class Kind {
    Transport,  // no HTTP answer (connect, timeout, reset, ...)
    Status,     // an HTTP answer other than 200
    Garbage,    // a 200 whose body is not a blocked-list answer
    Store,      // the database refused the write, or the held copy does not open
  };
  Kind kind;
  std::string what;
};
std::string_view to_string(BlockedSyncError::Kind k);

class BlockedListSync {
 public:
  static constexpr std::string_view kSealContext = "blocked-list";

  // `store` must outlive this. Holds an empty list at version 0 until load() or settle().
  BlockedListSync(Store& store, SealKey key);

  // Reads the persisted list (none: stays empty at version 0). A copy that does not open (wrong
  // key, tampered) is an error and leaves the list empty at version 0: the next fetch
  // (since=0) brings the whole list again.
  std::expected<void, BlockedSyncError> load();

  // GET /v1/lists/blocked?since=<held version>.
  HttpRequest request() const;

  // Applies the answer to request(): true when a newer version was applied and persisted, false
  // when the answer is not newer than what is held (a replay; nothing changes). Errors change
  // nothing.
  std::expected<bool, BlockedSyncError> settle(const ExchangeResult& result);

  const flows::compliance::BlockedList& list() const { return list_; }
  std::int64_t version() const { return list_.version(); }

 private:
  std::expected<void, BlockedSyncError> persist(
      std::int64_t version, const std::set<std::string>& iins,
      const std::set<std::pair<std::string, std::string>>& people);
  void rebuild(std::int64_t version);

  Store& store_;
  SealKey key_;
  flows::compliance::BlockedList list_;
  // The same content as list_ (which does not expose it), kept to persist the whole list.
  std::set<std::string> iins_;
  std::set<std::pair<std::string, std::string>> people_;  // (normalised name, birth date)
};

}  // namespace kiosk::oq
