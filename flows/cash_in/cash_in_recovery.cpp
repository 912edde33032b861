#include "flows/cash_in/cash_in_recovery.hpp"

namespace kiosk::flows::cash_in {

std::vector<Effect> recover_cash_in(const std::vector<Record>& rows, RecoverySummary* summary) {
  std::vector<Effect> fx;
  RecoverySummary sum;
  const Record* opened = nullptr;
  std::int64_t stacking = 0;  // a note sent to the stacker and not yet credited (0: none)
  std::map<std::int64_t, int> notes;
  for (const Record& r : rows) {
    sum.tx_id = r.tx_id;
    if (r.type == "cash_in.session_opened") opened = &r;
    if (r.type == "cash_in.note_stacking") stacking = r.get_int("kzt").value_or(0);
    if (r.type == "cash_in.note_unresolved") stacking = 0;
    if (r.type == "cash_in.note_credited") {
      std::int64_t kzt = r.get_int("kzt").value_or(0);
      sum.credited += Kzt{kzt};
      notes[kzt] += 1;
      stacking = 0;
    }
    if (r.type == "cash_in.purchase_queued") sum.purchase_was_queued = true;
    if (r.type == "cash_in.closed") return {};  // nothing to do: finished before
  }
  auto rec = [&](std::string type) { return Record{sum.tx_id, std::move(type), {}}; };
  if (!opened) {  // stopped while identifying the customer: no cash was ever enabled
    if (rows.empty()) return {};
    fx.push_back(Journal{rec("cash_in.closed")
                             .set("reason", std::string("recovered"))
                             .set("unresolved_kzt", std::int64_t{0})});
    if (summary) *summary = sum;
    return fx;
  }
  if (stacking > 0) {
    sum.unresolved = Kzt{stacking};
    fx.push_back(
        Journal{rec("cash_in.note_unresolved").set("kzt", stacking).set("reason", "restart")});
  }
  if (sum.credited > Kzt{0} && !sum.purchase_was_queued) {
    PurchaseOrder o;
    o.tx_id = sum.tx_id;
    o.asset_id = opened->get_string("asset").value_or("");
    o.address = opened->get_string("address").value_or("");
    o.fiat = sum.credited;
    o.fee = fee_for(sum.credited, static_cast<int>(opened->get_int("fee_bps").value_or(0)));
    o.rate = opened->get_string("rate").value_or("");
    o.rate_as_of = opened->get_string("rate_as_of").value_or("");
    o.offline = opened->get_bool("offline").value_or(false);
    o.customer_ref = opened->get_string("person").value_or("");
    o.notes = notes;
    o.recovered = true;
    auto rate = Rate::parse(o.rate);
    int decimals = static_cast<int>(opened->get_int("decimals").value_or(0));
    if (rate) o.crypto = crypto_for_fiat(o.fiat - o.fee, *rate, decimals).value_or(0);
    Record r = rec("cash_in.purchase_queued")
                   .set("fiat_kzt", o.fiat.value)
                   .set("fee_kzt", o.fee.value)
                   .set("crypto_atoms", atoms_to_string(o.crypto))
                   .set("offline", o.offline)
                   .set("end", std::string("recovered"));
    fx.push_back(QueuePurchase{std::move(r), std::move(o)});
    sum.purchase_queued_now = true;
  }
  fx.push_back(Journal{rec("cash_in.closed")
                           .set("reason", std::string("recovered"))
                           .set("unresolved_kzt", sum.unresolved.value)});
  if (summary) *summary = sum;
  return fx;
}

}  // namespace kiosk::flows::cash_in
