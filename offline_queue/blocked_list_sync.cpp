#include "offline_queue/blocked_list_sync.hpp"

#include "offline_queue/kyc_messages.hpp"

namespace kiosk::oq {

using flows::compliance::BlockedEntry;
using flows::compliance::BlockedListUpdate;
using flows::compliance::normalize_name;
using Kind = BlockedSyncError::Kind;

std::string_view to_string(BlockedSyncError::Kind k) {
  switch (k) {
    case Kind::Transport:
      return "transport";
    case Kind::Status:
      return "status";
    case Kind::Garbage:
      return "garbage";
    case Kind::Store:
      return "store";
  }
  return "?";
}

BlockedListSync::BlockedListSync(Store& store, SealKey key) : store_(store), key_(std::move(key)) {}

std::expected<void, BlockedSyncError> BlockedListSync::load() {
  auto st = store_.db().prepare("SELECT version, sealed FROM blocked_list WHERE id = 1");
  if (!st) return std::unexpected(BlockedSyncError{Kind::Store, st.error().what});
  auto row = st->step();
  if (!row) return std::unexpected(BlockedSyncError{Kind::Store, row.error().what});
  if (!*row) return {};
  std::int64_t version = st->int64(0);
  auto plain = open_sealed(key_, st->blob(1), kSealContext);
  if (!plain)
    return std::unexpected(BlockedSyncError{Kind::Store, "held list: " + plain.error().what});
  auto held = parse_blocked_list_answer(*plain);
  if (!held || held->version != version || !held->removed.empty())
    return std::unexpected(BlockedSyncError{Kind::Store, "held list is malformed"});
  iins_.clear();
  people_.clear();
  for (const auto& e : held->added) {
    if (!e.iin.empty()) iins_.insert(e.iin);
    if (!e.name.empty()) people_.insert({normalize_name(e.name), e.birth_date});
  }
  rebuild(version);
  return {};
}

HttpRequest BlockedListSync::request() const {
  return HttpRequest{"GET", blocked_list_target(list_.version()), "", std::nullopt};
}

std::expected<bool, BlockedSyncError> BlockedListSync::settle(const ExchangeResult& result) {
  if (!result)
    return std::unexpected(BlockedSyncError{
        Kind::Transport, std::string(to_string(result.error().kind)) + ": " + result.error().what});
  if (result->status != 200)
    return std::unexpected(
        BlockedSyncError{Kind::Status, "http " + std::to_string(result->status)});
  auto update = parse_blocked_list_answer(result->body);
  if (!update) return std::unexpected(BlockedSyncError{Kind::Garbage, update.error().what});
  if (update->version <= list_.version()) return false;

  // The same rules as BlockedList::apply, on the copy that is persisted.
  auto iins = iins_;
  auto people = people_;
  for (const auto& e : update->removed) {
    if (!e.iin.empty()) iins.erase(e.iin);
    if (!e.name.empty()) people.erase({normalize_name(e.name), e.birth_date});
  }
  for (const auto& e : update->added) {
    if (!e.iin.empty()) iins.insert(e.iin);
    if (!e.name.empty() && !e.birth_date.empty())
      people.insert({normalize_name(e.name), e.birth_date});
  }
  if (auto r = persist(update->version, iins, people); !r) return std::unexpected(r.error());
  iins_ = std::move(iins);
  people_ = std::move(people);
  list_.apply(*update);
  return true;
}

std::expected<void, BlockedSyncError> BlockedListSync::persist(
    std::int64_t version, const std::set<std::string>& iins,
    const std::set<std::pair<std::string, std::string>>& people) {
  BlockedListUpdate whole{version, {}, {}};
  for (const auto& iin : iins) whole.added.push_back(BlockedEntry{iin, "", ""});
  for (const auto& [name, birth] : people) whole.added.push_back(BlockedEntry{"", name, birth});
  auto box = seal(key_, blocked_list_answer_body(whole), kSealContext);
  if (!box) return std::unexpected(BlockedSyncError{Kind::Store, "seal: " + box.error().what});
  auto st = store_.db().prepare(
      "INSERT INTO blocked_list (id, version, sealed) VALUES (1, ?1, ?2) "
      "ON CONFLICT (id) DO UPDATE SET version = excluded.version, sealed = excluded.sealed");
  if (!st) return std::unexpected(BlockedSyncError{Kind::Store, st.error().what});
  st->bind(1, version).bind_blob(2, *box);
  if (auto r = st->run(); !r) return std::unexpected(BlockedSyncError{Kind::Store, r.error().what});
  return {};
}

void BlockedListSync::rebuild(std::int64_t version) {
  list_ = flows::compliance::BlockedList{};
  BlockedListUpdate whole{version, {}, {}};
  for (const auto& iin : iins_) whole.added.push_back(BlockedEntry{iin, "", ""});
  for (const auto& [name, birth] : people_) whole.added.push_back(BlockedEntry{"", name, birth});
  list_.apply(whole);
}

}  // namespace kiosk::oq
