#include "kiosk/config/cash_out_config.hpp"

namespace kiosk::app {

void read_cash_out(JsonObjectReader& root, KioskConfig& c, ConfigProblems& p) {
  auto& pol = c.cash_out;
  pol.languages = c.languages;
  pol.operator_name = c.cash_in.operator_name;
  pol.operator_info = c.cash_in.operator_info;
  pol.receipt_qr_prefix = c.cash_in.receipt_qr_prefix;
  if (!root.has("cash_out")) return;
  JsonObjectReader co(root.raw("cash_out"), "$.cash_out", p);
  c.cash_out_enabled = co.boolean("enabled");
  pol.min_amount = flows::Kzt{co.integer("min_kzt", 1, 100'000'000, 1000)};
  pol.max_tx = flows::Kzt{co.integer("max_tx_kzt", 1, 100'000'000, 500'000)};
  pol.amount_step = flows::Kzt{co.integer("step_kzt", 1, 1'000'000, 1000)};
  pol.fee_bps = static_cast<int>(co.integer("fee_bps", 0, 5000, 0));
  pol.min_confirmations = static_cast<int>(co.integer("min_confirmations", 0, 1000, 1));
  pol.max_rate_age = std::chrono::seconds(co.integer("max_rate_age_s", 5, 3600, 120));
  pol.limits.per_command = static_cast<int>(co.integer("notes_per_command", 1, 200, 60));
  if (co.has("max_notes"))
    pol.limits.max_notes = static_cast<int>(co.integer("max_notes", 1, 10'000));
  if (pol.min_amount > pol.max_tx) p.add(co.path("min_kzt"), "must not exceed max_tx_kzt");
  if (co.has("timeouts_s")) {
    JsonObjectReader t(co.raw("timeouts_s"), co.path("timeouts_s"), p);
    auto& to = pol.timeouts;
    auto sec = [&](const char* key, Millis& out) {
      out = std::chrono::seconds(t.integer(
          key, 1, 24 * 3600, std::chrono::duration_cast<std::chrono::seconds>(out).count()));
    };
    sec("choose_asset", to.choose_asset);
    sec("choose_amount", to.choose_amount);
    sec("creating_order", to.creating_order);
    sec("deposit_wait", to.deposit_wait);
    sec("dispensing", to.dispensing);
    sec("scan_code", to.scan_code);
    sec("lookup", to.lookup);
    sec("receipt", to.receipt);
    sec("done", to.done);
    sec("ended", to.ended);
  }
  if (c.cash_out_enabled && !c.dispenser)
    p.add("$.cash_out.enabled", "needs a dispenser in devices.dispenser");
}

}  // namespace kiosk::app
