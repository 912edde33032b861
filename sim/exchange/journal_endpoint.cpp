#include "sim/exchange/journal_endpoint.hpp"

#include "offline_queue/exchange_messages.hpp"
#include "sim/exchange/exchange_service.hpp"

namespace kiosk::sim {
namespace {

SimResponse refuse(int status, std::string_view code, std::string_view message) {
  return SimResponse{status, oq::error_body(code, message)};
}

}  // namespace

SimResponse JournalMirror::accept(const std::string& kiosk, const std::string& body) {
  auto batch = oq::parse_journal_batch(body);
  if (!batch) return refuse(400, "bad_request", batch.error().what);
  const std::vector<oq::JournalRow>& held = rows_of(kiosk);
  std::vector<oq::JournalRow> added;  // applied only if the whole batch verifies
  for (const auto& row : *batch) {
    auto have = static_cast<std::int64_t>(held.size() + added.size());
    std::string where = "seq " + std::to_string(row.seq);
    if (row.seq < 1) return refuse(400, "bad_request", where + " is not positive");
    if (oq::journal_row_hash(row) != row.hash)
      return refuse(409, "chain_break", where + ": hash mismatch");
    if (row.seq <= have) {  // a resend of a row already held: must be the very same row
      auto i = static_cast<std::size_t>(row.seq - 1);
      const oq::JournalRow& mine = i < held.size() ? held[i] : added[i - held.size()];
      if (mine != row) return refuse(409, "chain_break", where + " differs from the row held");
      continue;
    }
    if (row.seq > have + 1) {
      nlohmann::json gap = nlohmann::json::parse(
          oq::error_body("gap", where + " leaves rows missing after " + std::to_string(have)));
      gap["acked_through"] = static_cast<std::int64_t>(held.size());
      return SimResponse{409, gap.dump()};
    }
    const std::string& prev = have == 0       ? std::string(oq::kGenesisHash)
                              : added.empty() ? held.back().hash
                                              : added.back().hash;
    if (row.prev_hash != prev) return refuse(409, "chain_break", where + ": prev_hash mismatch");
    added.push_back(row);
  }
  auto& mirror = rows_[kiosk];
  mirror.insert(mirror.end(), added.begin(), added.end());
  return SimResponse{200, "{\"acked_through\":" + std::to_string(mirror.size()) + "}"};
}

std::int64_t JournalMirror::acked_through(const std::string& kiosk) const {
  return static_cast<std::int64_t>(rows_of(kiosk).size());
}

const std::vector<oq::JournalRow>& JournalMirror::rows_of(const std::string& kiosk) const {
  static const std::vector<oq::JournalRow> kNone;
  auto it = rows_.find(kiosk);
  return it == rows_.end() ? kNone : it->second;
}

std::string JournalMirror::to_json(const std::string& kiosk) const {
  nlohmann::json out = nlohmann::json::parse(oq::journal_batch_body(rows_of(kiosk)));
  out["kiosk_id"] = kiosk;
  out["acked_through"] = acked_through(kiosk);
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kiosk::sim
