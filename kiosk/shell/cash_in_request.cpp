#include "kiosk/shell/cash_in_request.hpp"

namespace kiosk::app {

oq::CashInRequest cash_in_request(const flows::cash_in::PurchaseOrder& o,
                                  const std::string& created_at) {
  auto slash = o.asset_id.find('/');
  oq::CashInRequest r;
  r.tx_id = o.tx_id;
  r.asset = o.asset_id.substr(0, slash);
  r.network = slash == std::string::npos ? "" : o.asset_id.substr(slash + 1);
  r.address = o.address;
  r.fiat = o.fiat;
  r.fee = o.fee;
  for (const auto& [kzt, count] : o.notes) r.notes.push_back({kzt, count});
  if (auto rate = flows::Rate::parse(o.rate)) r.quote_kzt_per_unit = *rate;
  r.quote_as_of = o.rate_as_of;
  r.offline = o.offline;
  r.recovered = o.recovered;
  if (!o.customer_ref.empty()) r.customer_key = o.customer_ref;  // the pseudonym, never the IIN
  r.created_at = created_at;
  return r;
}

}  // namespace kiosk::app
