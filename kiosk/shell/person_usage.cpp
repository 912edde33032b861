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
  auto last = store.last_row();
  if (!last) return std::unexpected(last.error().what);
  if (!*last) return out;
  auto rows = store.rows_range(1, (*last)->seq);
  if (!rows) return std::unexpected(rows.error().what);
  const std::int64_t day = flows::compliance::local_day_start_ms(now_ms, offset);
  const std::int64_t month = flows::compliance::local_month_start_ms(now_ms, offset);
  std::map<std::string, bool> theirs;  // the person's transactions
  for (const auto& r : *rows) {
    bool opened = r.type == "cash_in.session_opened" || r.type == "cash_out.session_opened";
    bool bought = r.type == "cash_in.purchase_queued";
    bool sold = r.type == "cash_out.order_created";  // the exchange counts it when created
    if (!opened && (!(bought || sold) || r.at_ms < month)) continue;
    auto p = nlohmann::json::parse(r.payload, nullptr, false);
    if (!p.is_object()) continue;
    if (opened) {
      if (p.value("person", "") == ref) theirs[r.tx_id] = true;
      continue;
    }
    if (!theirs.count(r.tx_id)) continue;
    Kzt fiat{p.value("fiat_kzt", std::int64_t{0})};
    bool acked = sold;  // an order exists only once the exchange answered
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
