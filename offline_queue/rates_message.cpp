#include "offline_queue/rates_message.hpp"

namespace kiosk::oq {

const AssetRate* RatesSnapshot::find(std::string_view asset, std::string_view network) const {
  for (const auto& r : rates)
    if (r.asset == asset && r.network == network) return &r;
  return nullptr;
}

std::expected<RatesSnapshot, MessageError> parse_rates(std::string_view json) {
  auto root = json_read::parse_object(json);
  if (!root) return std::unexpected(root.error());
  RatesSnapshot snap;
  auto as_of = json_read::string(*root, "as_of");
  if (!as_of) return std::unexpected(as_of.error());
  snap.as_of = *as_of;
  const nlohmann::json* list = json_read::field(*root, "rates");
  if (list == nullptr || !list->is_array())
    return std::unexpected(MessageError{"'rates' must be an array"});
  std::size_t index = 0;
  for (const auto& item : *list) {
    auto bad = [&](const std::string& why) {
      return std::unexpected(MessageError{"rates[" + std::to_string(index) + "]: " + why});
    };
    if (!item.is_object()) return bad("not an object");
    AssetRate r;
    auto asset = json_read::string(item, "asset");
    if (!asset) return bad(asset.error().what);
    auto network = json_read::string(item, "network");
    if (!network) return bad(network.error().what);
    auto decimals = json_read::int64(item, "decimals");
    if (!decimals || *decimals < 0 || *decimals > 30) return bad("'decimals' must be 0..30");
    auto buy_text = json_read::string(item, "buy_kzt_per_unit");
    if (!buy_text) return bad(buy_text.error().what);
    auto sell_text = json_read::string(item, "sell_kzt_per_unit");
    if (!sell_text) return bad(sell_text.error().what);
    auto buy = flows::Rate::parse(*buy_text);
    if (!buy) return bad(buy.error().what);
    auto sell = flows::Rate::parse(*sell_text);
    if (!sell) return bad(sell.error().what);
    if (snap.find(*asset, *network) != nullptr) return bad("duplicate asset/network");
    r.asset = *asset;
    r.network = *network;
    r.decimals = static_cast<int>(*decimals);
    r.buy = *buy;
    r.sell = *sell;
    snap.rates.push_back(std::move(r));
    ++index;
  }
  return snap;
}

std::string rates_to_json(const RatesSnapshot& snapshot) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : snapshot.rates)
    list.push_back({{"asset", r.asset},
                    {"network", r.network},
                    {"decimals", r.decimals},
                    {"buy_kzt_per_unit", r.buy.to_string()},
                    {"sell_kzt_per_unit", r.sell.to_string()}});
  nlohmann::json root = {{"as_of", snapshot.as_of}, {"rates", std::move(list)}};
  return root.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kiosk::oq
