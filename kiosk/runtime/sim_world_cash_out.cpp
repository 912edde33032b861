// The simulated world's cash-out side: the Puloon dispenser's faults, the notes it delivered, and
// the customer's crypto deposit at the exchange simulator.
#include "kiosk/runtime/sim_world.hpp"

namespace kiosk::app {

std::int64_t SimWorld::dispensed_value_kzt() const {
  if (!dispenser_) return 0;
  std::int64_t kzt = 0;
  for (int i = 0; i < dispenser_->cassette_count(); ++i)
    kzt += dispenser_->delivered(i) * dispenser_->denomination(i).value;
  return kzt;
}

nlohmann::json SimWorld::dispenser_state() const {
  if (!dispenser_) return nullptr;
  nlohmann::json cassettes = nlohmann::json::array();
  for (int i = 0; i < dispenser_->cassette_count(); ++i)
    cassettes.push_back({{"kzt", dispenser_->denomination(i).value},
                         {"left", dispenser_->left(i)},
                         {"delivered", dispenser_->delivered(i)},
                         {"rejected", dispenser_->rejected(i)}});
  return {{"plugged", dispenser_plugged_},
          {"cassettes", cassettes},
          {"reject_tray", dispenser_->reject_tray()},
          {"delivered_value_kzt", dispensed_value_kzt()}};
}

std::optional<std::expected<std::string, std::string>> SimWorld::act_cash_out(
    const nlohmann::json& msg) {
  using R = std::expected<std::string, std::string>;
  const std::string a = msg.value("action", "");
  if (a == "see_deposit" || a == "confirm_deposit" || a == "expire_deposit") {
    if (!exchange_) return R(std::unexpected("the exchange is external in this run"));
    using D = sim::CashOutDesk::DepositAction;
    D action = a == "see_deposit" ? D::Seen : a == "confirm_deposit" ? D::Confirm : D::Expire;
    std::optional<flows::Atoms> atoms;
    if (msg.contains("atoms") && msg["atoms"].is_string()) {
      auto parsed = flows::parse_atoms(msg["atoms"].get<std::string>());
      if (!parsed) return R(std::unexpected("atoms: " + parsed.error().what));
      atoms = *parsed;
    }
    auto r = exchange_->service().cash_out_desk().move_deposit(msg.value("order_id", ""), action,
                                                               atoms, clock_.wall_ms());
    if (r.status != 200) return R(std::unexpected("deposit: " + r.body));
    return R(a == "see_deposit"       ? "deposit seen on chain"
             : a == "confirm_deposit" ? "deposit confirmed"
                                      : "deposit expired");
  }
  if (!dispenser_) return std::nullopt;
  int n = msg.value("after", 0);
  if (a == "jam_dispenser") {  // "stuck": true: a purge cannot clear it (a technician must)
    const bool stuck = msg.value("stuck", false);
    dispenser_->jam_after(n, stuck);
    return R("the dispenser will jam after " + std::to_string(n) + " note(s)" +
             (stuck ? ", stuck" : ""));
  }
  if (a == "clear_dispenser_path") {
    dispenser_->clear_path();
    return R("the note in the dispenser's path was taken out");
  }
  if (a == "remove_dispenser_cassette") {  // {"cassette": 3, "on": true}: pulled out (or back)
    const bool out = msg.value("on", true);
    dispenser_->remove_cassette(msg.value("cassette", 0), out);
    return R(std::string("dispenser cassette ") + (out ? "removed" : "back in place"));
  }
  if (a == "dispenser_corrupt_dispense") {  // the next n copies of a DISPENSE response: bad BCC
    dispenser_->corrupt_next_dispense_responses(msg.value("count", 1));
    return R("the dispenser's next dispense responses are corrupted");
  }
  if (a == "dispenser_pick_error") {
    dispenser_->pick_error_after(n);
    return R("the dispenser will fail a pick after " + std::to_string(n) + " note(s)");
  }
  if (a == "dispenser_rejects") {
    dispenser_->reject_next_notes(msg.value("notes", 1));
    return R("the next notes go to the reject tray");
  }
  if (a == "dispenser_drop_response") {
    dispenser_->drop_next_final_response();
    return R("the dispenser will not answer its next command");
  }
  if (a == "take_cash") return R("cash taken");
  return std::nullopt;
}

}  // namespace kiosk::app
