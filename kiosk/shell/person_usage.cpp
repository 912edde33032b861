#include "kiosk/shell/person_usage.hpp"

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
  // The person's sessions (by the journal's person index, schema v4), then in
  // each its purchase or cash-out order of this month.
  auto opened = store.rows_with({"cash_in.session_opened", "cash_out.session_opened"},
                                oq::Store::PayloadKey::Person, ref);
  if (!opened) return std::unexpected(opened.error().what);
  for (const auto& session : *opened) {
    auto tx = store.rows_for_tx(session.tx_id);
    if (!tx) return std::unexpected(tx.error().what);
    for (const auto& r : *tx) {
      bool bought = r.type == "cash_in.purchase_queued";
      if ((!bought && r.type != "cash_out.order_created") || r.at_ms < month) continue;
      auto p = nlohmann::json::parse(r.payload, nullptr, false);
      if (!p.is_object()) continue;
      Kzt fiat{p.value("fiat_kzt", std::int64_t{0})};
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
  }
  return out;
}

}  // namespace kiosk::app
