#include "kiosk/shell/startup_recovery.hpp"

#include <charconv>
#include <map>

#include "kiosk/log.hpp"
#include "kiosk/shell/record_json.hpp"

namespace kiosk::app {

namespace {
// Journal rows before this seq belong to transactions that are all closed; scanning starts here.
constexpr const char* kCheckpointKey = "recovery.scan_from_seq";
}  // namespace

std::vector<flows::cash_in::RecoverySummary> recover_open_cash_ins(oq::Store& store,
                                                                   CashInShell& shell) {
  std::vector<flows::cash_in::RecoverySummary> done;
  auto last = store.last_row();
  if (!last || !*last) return done;
  std::int64_t from = 1;
  if (auto cp = store.get_state(kCheckpointKey); cp && *cp) {
    // A damaged checkpoint only costs a longer scan: start from the first row.
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars((*cp)->data(), (*cp)->data() + (*cp)->size(), v);
    if (ec == std::errc{} && end == (*cp)->data() + (*cp)->size() && v >= 1) from = v;
  }
  auto rows = store.rows_range(from, (*last)->seq);
  if (!rows) {
    log_event(LogLevel::Error, "recovery.journal_unreadable", {{"error", rows.error().what}});
    return done;
  }
  std::map<std::string, std::vector<flows::Record>> by_tx;  // cash-in transactions only
  std::vector<std::string> order;
  for (const auto& r : *rows) {
    if (!r.type.starts_with("cash_in.") || r.tx_id.empty()) continue;
    if (!by_tx.count(r.tx_id)) order.push_back(r.tx_id);
    by_tx[r.tx_id].push_back(
        record_from_payload(r.tx_id, r.type, nlohmann::json::parse(r.payload, nullptr, false)));
  }
  for (const auto& tx : order) {
    flows::cash_in::RecoverySummary sum;
    auto fx = flows::cash_in::recover_cash_in(by_tx[tx], &sum);
    if (fx.empty()) continue;
    shell.run_effects(fx);
    log_event(LogLevel::Warn, "cash_in.recovered",
              {{"tx", tx},
               {"credited_kzt", std::to_string(sum.credited.value)},
               {"unresolved_kzt", std::to_string(sum.unresolved.value)},
               {"purchase_queued_now", sum.purchase_queued_now ? "true" : "false"}});
    done.push_back(sum);
  }
  if (!shell.journal_failed()) {
    auto now_last = store.last_row();
    if (now_last && *now_last)
      store.put_state(kCheckpointKey, std::to_string((*now_last)->seq + 1));
  }
  return done;
}

}  // namespace kiosk::app
