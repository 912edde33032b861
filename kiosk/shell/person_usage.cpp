#include "kiosk/shell/person_usage.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "offline_queue/digest.hpp"

namespace kiosk::app {

using flows::Kzt;

std::string customer_ref(std::string_view pseudonym_key,
                         const flows::compliance::CustomerIdentity& who) {
  return "p-" + oq::hmac_sha256_hex(pseudonym_key, who.key).substr(0, 32);
}

std::expected<flows::compliance::LocalUsage, std::string> local_usage(oq::Store& store,
                                                                      std::string_view ref,
                                                                      std::int64_t now_ms,
                                                                      int offset) {
  flows::compliance::LocalUsage out;
  const std::int64_t day = flows::compliance::local_day_start_ms(now_ms, offset);
  const std::int64_t month = flows::compliance::local_month_start_ms(now_ms, offset);
  // This month's purchases and cash-out orders only (by the journal's type index), then whose
  // session each was: its session_opened row names the person.
  auto rows = store.rows_of_types({"cash_in.purchase_queued", "cash_out.order_created"}, month);
  if (!rows) return std::unexpected(rows.error().what);
  std::map<std::string, bool> theirs;  // tx -> the person's
  for (const auto& r : *rows) {
    if (!theirs.contains(r.tx_id)) {
      auto tx = store.rows_for_tx(r.tx_id);
      if (!tx) return std::unexpected(tx.error().what);
      bool mine = false;
      for (const auto& t : *tx) {
        if (t.type != "cash_in.session_opened" && t.type != "cash_out.session_opened") continue;
        auto p = nlohmann::json::parse(t.payload, nullptr, false);
        mine = p.is_object() && p.value("person", "") == ref;
      }
      theirs[r.tx_id] = mine;
    }
    if (!theirs[r.tx_id]) continue;
    auto p = nlohmann::json::parse(r.payload, nullptr, false);
    if (!p.is_object()) continue;
    Kzt fiat{p.value("fiat_kzt", std::int64_t{0})};
    bool bought = r.type == "cash_in.purchase_queued";
    bool acked = !bought;  // a cash-out order exists only once the exchange answered
    if (bought) {
      auto sent = store.outbox().find(r.tx_id + ":cash-in");
      acked = sent && *sent && (*sent)->state == oq::OutboxState::Delivered;
    }
    auto add = [&](flows::compliance::Usage& u) {
      u.month += fiat;
      if (r.at_ms >= day) u.day += fiat;
    };
    add(out.all);
    if (!acked) add(out.unacknowledged);
  }
  return out;
}

}  // namespace kiosk::app
