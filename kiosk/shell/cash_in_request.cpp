#include "kiosk/shell/cash_in_request.hpp"

namespace kiosk::app {

nlohmann::json cash_in_request_body(const flows::cash_in::PurchaseOrder& o, const std::string& created_at) {
  auto slash = o.asset_id.find('/');
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& [kzt, count] : o.notes) notes.push_back({{"kzt", kzt}, {"count", count}});
  return {{"tx_id", o.tx_id},
          {"asset", o.asset_id.substr(0, slash)},
          {"network", slash == std::string::npos ? "" : o.asset_id.substr(slash + 1)},
          {"address", o.address},
          {"fiat_kzt", o.fiat.value},
          {"fee_kzt", o.fee.value},
          {"crypto_atoms", flows::atoms_to_string(o.crypto)},
          {"notes", notes},
          {"quote", {{"kzt_per_unit", o.rate}, {"as_of", o.rate_as_of}}},
          {"kyc_ref", nullptr},
          {"offline", o.offline},
          {"recovered", o.recovered},
          {"created_at", created_at}};
}

}  // namespace kiosk::app
