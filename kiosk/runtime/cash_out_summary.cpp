#include "kiosk/runtime/cash_out_summary.hpp"

#include <map>

#include "flows/cash_out/cash_out_types.hpp"

namespace kiosk::app {

using nlohmann::json;
namespace rec = flows::cash_out::rec;

json cash_out_summary(oq::Store& store, std::int64_t start_seq,
                      const DeviceCount& device_delivered_kzt, const sim::CashOutDesk* desk) {
  auto last = store.last_row();
  std::int64_t last_seq = (last && *last) ? (*last)->seq : 0;
  auto rows = store.rows_range(1, last_seq);
  std::map<std::string, int> intents;  // order id -> dispense intents
  std::vector<std::string> paid_here;  // orders paid out during this run
  std::int64_t delivered = 0, delivered_here = 0, unknown = 0, partial = 0, redeem_codes = 0;
  if (rows) {
    for (const auto& r : *rows) {
      json p = json::parse(r.payload, nullptr, false);
      if (!p.is_object()) continue;
      if (r.type == rec::kDispenseIntent) {
        intents[p.value("order_id", "")]++;
        if (r.seq > start_seq) paid_here.push_back(p.value("order_id", ""));
      }
      if (r.type == rec::kRedeemCodeIssued) ++redeem_codes;
      bool result = r.type == rec::kDispenseResult || r.type == rec::kLateDispenseResult;
      if (!result) continue;
      auto kzt = p.value("fiat_kzt", std::int64_t{0});
      delivered += kzt;
      if (r.seq > start_seq) delivered_here += kzt;
      std::string res = p.value("result", "");
      if (res == "unknown") ++unknown;
      if (res == "partial") ++partial;
    }
  }
  bool once = true, claimed = true;
  for (const auto& [order, n] : intents) once &= n == 1;
  for (const auto& order : paid_here) {
    if (!desk) break;
    auto it = desk->orders().find(order);
    claimed &= it != desk->orders().end() && !it->second.claim_key.empty();
  }
  std::int64_t claims = 0;  // orders the exchange handed to a kiosk to pay
  if (desk)
    for (const auto& [id, o] : desk->orders()) claims += o.claim_key.empty() ? 0 : 1;
  json inv = {{"no_double_dispense", once}};
  if (desk) inv["dispense_was_claimed"] = claimed;
  json not_checked = json::object();
  if (!device_delivered_kzt)
    not_checked["cash_out_conserved"] = device_delivered_kzt.error();
  else if (unknown > 0)
    not_checked["cash_out_conserved"] =
        "a dispense outcome is unknown: the operator counts the cassettes";
  else
    inv["cash_out_conserved"] = *device_delivered_kzt == delivered_here;
  if (!not_checked.empty()) inv["cash_out_conserved"] = "n/a";
  json out = {{"payouts", intents.size()}, {"dispensed_kzt", delivered},   {"partial", partial},
              {"unknown", unknown},        {"redeem_codes", redeem_codes}, {"invariants", inv},
              {"not_checked", not_checked}};
  if (desk) out["claims"] = claims;
  return out;
}

}  // namespace kiosk::app
