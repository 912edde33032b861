#include "kiosk/shell/record_json.hpp"

namespace kiosk::app {

nlohmann::json record_payload(const flows::Record& r) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : r.fields) std::visit([&, &k = k](const auto& x) { j[k] = x; }, v);
  return j;
}

flows::Record record_from_payload(std::string tx_id, std::string type,
                                  const nlohmann::json& payload) {
  flows::Record r{std::move(tx_id), std::move(type), {}};
  if (!payload.is_object()) return r;
  for (auto it = payload.begin(); it != payload.end(); ++it) {
    const auto& v = it.value();
    if (v.is_boolean())
      r.set(it.key(), v.get<bool>());
    else if (v.is_number_integer())
      r.set(it.key(), v.get<std::int64_t>());
    else if (v.is_string())
      r.set(it.key(), v.get<std::string>());
  }
  return r;
}

}  // namespace kiosk::app
