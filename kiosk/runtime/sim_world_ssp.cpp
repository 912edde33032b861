// SimWorld with an SSP validator: the console's validator actions and state for SspDeviceSim.
#include "kiosk/runtime/sim_world.hpp"

namespace kiosk::app {

std::optional<std::expected<std::string, std::string>> SimWorld::act_ssp(
    const nlohmann::json& msg) {
  auto& v = *ssp_validator_;
  const std::string a = msg.value("action", "");
  const bool on = msg.value("on", true);
  if (a == "insert_note") {
    flows::Kzt kzt{msg.value("kzt", std::int64_t{0})};
    if (!v.insert_note(kzt)) return std::unexpected("the validator is not taking notes now");
    return "note inserted: " + flows::format_kzt(kzt);
  }
  if (a == "insert_fake") {
    if (!v.insert_fake()) return std::unexpected("the validator is not taking notes now");
    return "fake note inserted";
  }
  if (a == "jam_validator") {
    v.jam(msg.value("safe", true));
    return "validator jammed";
  }
  if (a == "clear_jam") {
    v.clear_jam();
    return "jam cleared";
  }
  if (a == "cassette_full") {
    v.stacker_full(on);
    return on ? "cassette full" : "cassette emptied";
  }
  if (a == "remove_cassette") {
    v.remove_cashbox(on);
    return on ? "cassette removed" : "cassette back in place";
  }
  if (a == "power_cycle_validator") {
    v.power_cycle(msg.value("bill_in_stacker", false));
    return "validator power-cycled";
  }
  return std::nullopt;
}

std::int64_t SimWorld::validator_stacked_kzt() const {
  return ssp_validator_ ? ssp_validator_->counters().stacked_value()
                        : validator_->counters().stacked_value();
}

void SimWorld::ssp_state(nlohmann::json& state) const {
  const auto& c = ssp_validator_->counters();
  nlohmann::json stacked = nlohmann::json::object();
  for (auto& [kzt, n] : c.stacked) stacked[std::to_string(kzt)] = n;
  auto& v = state["devices"]["validator"];
  v["state"] = ssp_validator_->state_name();
  v["stacked_value_kzt"] = c.stacked_value();
  v["returned"] = c.returned;
  v["rejected"] = c.rejected;
  state["notes_stacked"] = stacked;
}

}  // namespace kiosk::app
