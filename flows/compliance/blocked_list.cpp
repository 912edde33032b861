#include "flows/compliance/blocked_list.hpp"

namespace kiosk::flows::compliance {

bool BlockedList::apply(const BlockedListUpdate& update) {
  if (update.version <= version_) return false;
  for (const auto& e : update.removed) {
    if (!e.iin.empty()) iins_.erase(e.iin);
    if (!e.name.empty()) people_.erase({normalize_name(e.name), e.birth_date});
  }
  for (const auto& e : update.added) {
    if (!e.iin.empty()) iins_.insert(e.iin);
    if (!e.name.empty() && !e.birth_date.empty())
      people_.insert({normalize_name(e.name), e.birth_date});
  }
  version_ = update.version;
  return true;
}

bool BlockedList::blocks(const CustomerIdentity& who) const {
  if (who.kind == CustomerIdentity::Kind::Resident && who.key.starts_with("iin:") &&
      iins_.contains(who.key.substr(4)))
    return true;
  if (who.name.empty() || who.birth_date.empty()) return false;
  return people_.contains({normalize_name(who.name), who.birth_date});
}

}  // namespace kiosk::flows::compliance
