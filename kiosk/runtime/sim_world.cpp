#include "kiosk/runtime/sim_world.hpp"

#include "kiosk/runtime/sim_badge.hpp"
#include "kiosk/source_tree.hpp"
#include "sim/camera/sample_payloads.hpp"

namespace kiosk::app {

SimWorld::SimWorld(boost::asio::io_context& io, const KioskConfig& config,
                   const std::string& secret, ShellClock clock, bool external_exchange)
    : io_(io),
      clock_(std::move(clock)),
      validator_(make_sim_validator(config.validator.protocol, config.validator.essp_fixed_key)),
      validator_protocol_(config.validator.protocol),
      printer_(std::make_shared<sim::EscPosPrinterSim>()),
      camera_(sim::SyntheticCameraOptions{
          .seed = 7, .frame_size = {1280, 720}, .frames_per_present = 40, .fps = 15}) {
  kiosk_id_ = config.kiosk_id;
  if (config.dispenser) {
    auto model = devices::lcdm::model_from_string(config.dispenser->protocol)
                     .value_or(devices::lcdm::Model::Lcdm4000);
    auto dc = sim::lcdm::default_sim_config(model);
    dc.cassettes.clear();
    for (const auto& c : config.dispenser->cassettes)
      dc.cassettes.push_back({flows::Kzt{c.kzt}, c.count, true});
    dispenser_ = std::make_shared<sim::lcdm::LcdmDeviceSim>(dc);
  }
  if (!external_exchange) {
    sim::ExchangeSimConfig ec;
    ec.kiosks[config.kiosk_id] = secret;
    // The simulator signs operator commands with the test key beside the sim config.
    if (auto k =
            oq::Ed25519PrivateKey::from_pem_file(sim_config_dir() + "/sim-operator-command.key"))
      ec.command_key = std::move(*k);
    exchange_ = std::make_unique<sim::ExchangeSim>(io, ec);
  }
}

SimWorld::~SimWorld() {
  if (exchange_) exchange_->stop();
}

std::string SimWorld::exchange_url() const { return exchange_ ? exchange_->url() : ""; }

std::unique_ptr<devices::MemoryTransport> SimWorld::link(
    std::shared_ptr<devices::DeviceEndpoint> ep, std::string name) {
  return std::make_unique<devices::MemoryTransport>(io_, std::move(ep), clock_.now,
                                                    std::move(name));
}

std::unique_ptr<devices::Transport> SimWorld::validator_link() {
  auto t = link(validator_, validator_protocol_);
  validator_link_ = t.get();
  return t;
}

std::unique_ptr<devices::Transport> SimWorld::printer_link() {
  auto t = link(printer_, "escpos");
  printer_link_ = t.get();
  return t;
}

std::unique_ptr<devices::Transport> SimWorld::dispenser_link() {
  auto t = link(dispenser_, "lcdm");
  dispenser_link_ = t.get();
  return t;
}

std::expected<std::string, std::string> SimWorld::unplug(const std::string& device, bool plug_in) {
  if (device == "dispenser" && dispenser_) {
    if (plug_in == dispenser_plugged_) return "no change";
    dispenser_plugged_ = plug_in;
    if (!plug_in) {
      if (dispenser_link_) dispenser_link_->unplug();
      return "dispenser unplugged";
    }
    if (replug_dispenser_) replug_dispenser_(dispenser_link());
    return "dispenser plugged in";
  }
  if (device == "validator") {
    if (plug_in == validator_plugged_) return "no change";
    validator_plugged_ = plug_in;
    if (!plug_in) {
      if (validator_link_) validator_link_->unplug();
      return "validator unplugged";
    }
    if (replug_validator_) replug_validator_(validator_link());
    return "validator plugged in";
  }
  if (device == "printer") {
    if (plug_in == printer_plugged_) return "no change";
    printer_plugged_ = plug_in;
    if (printer_link_) plug_in ? printer_link_->replug() : printer_link_->unplug();
    return plug_in ? "printer plugged in" : "printer unplugged";
  }
  return std::unexpected("unknown device '" + device + "'");
}

std::expected<std::string, std::string> SimWorld::act(const nlohmann::json& msg) {
  const std::string a = msg.value("action", "");
  auto on = [&] { return msg.value("on", true); };
  if (a == "insert_note") {
    flows::Kzt kzt{msg.value("kzt", std::int64_t{0})};
    if (!validator_->insert_note(kzt))
      return std::unexpected("the validator is not taking notes now");
    return "note inserted: " + flows::format_kzt(kzt);
  }
  if (a == "insert_fake") {
    if (!validator_->insert_fake()) return std::unexpected("the validator is not taking notes now");
    return "fake note inserted";
  }
  if (a == "present_qr") {
    std::string payload =
        msg.contains("payload") && msg["payload"].is_string()
            ? msg["payload"].get<std::string>()
            : sim::sample_payload(msg.value("asset", "BTC/bitcoin"), msg.value("valid", true));
    if (payload.empty()) return std::unexpected("no sample payload for that asset");
    camera_.present(payload);
    last_qr_ = payload;
    return "QR shown to the camera";
  }
  if (a == "present_badge") {
    auto payload = sim_badge_payload(msg, kiosk_id_, clock_.wall_ms() / 1000);
    if (!payload) return std::unexpected(payload.error());
    camera_.present(*payload);
    return "technician badge shown to the camera";
  }
  if (a == "jam_validator") {
    validator_->jam();
    return "validator jammed";
  }
  if (a == "clear_jam") {
    validator_->clear_jam();
    return "jam cleared";
  }
  if (a == "cassette_full") {
    validator_->cassette_full(on());
    return on() ? "cassette full" : "cassette emptied";
  }
  if (a == "remove_cassette") {
    validator_->remove_cassette(on());
    return on() ? "cassette removed" : "cassette back in place";
  }
  if (a == "power_cycle_validator") {
    validator_->power_cycle(msg.value("bill_in_stacker", false));
    return "validator power-cycled";
  }
  if (a == "unplug" || a == "replug") return unplug(msg.value("device", ""), a == "replug");
  if (a == "printer_paper") {
    std::string s = msg.value("state", "ok");
    using P = sim::EscPosPrinterSim::Paper;
    printer_->set_paper(s == "out" ? P::Out : s == "near_end" ? P::NearEnd : P::Ok);
    return "printer paper: " + s;
  }
  if (a == "cut_exchange" || a == "restore_exchange") {
    if (!exchange_) return std::unexpected("the exchange is external in this run");
    auto f = exchange_->faults();
    f.partitioned = a == "cut_exchange";
    exchange_->set_faults(f);
    return f.partitioned ? "exchange link cut" : "exchange link restored";
  }
  if (auto r = act_cash_out(msg)) return *r;
  if (auto r = act_identity(msg)) return *r;
  return std::unexpected("unknown sim action '" + a + "'");
}

nlohmann::json SimWorld::state() const {
  using nlohmann::json;
  const auto c = validator_->counters();
  json stacked = json::object();
  for (auto& [kzt, n] : c.stacked) stacked[std::to_string(kzt)] = n;
  json receipts = json::array();
  for (const auto& r : printer_->receipts())
    receipts.push_back({{"lines", r.lines}, {"qr", r.qr_payloads}});
  return {
      {"type", "sim_state"},
      {"devices",
       {{"validator",
         {{"state", validator_->state_name()},
          {"plugged", validator_plugged_},
          {"stacked_value_kzt", c.stacked_value()},
          {"returned", c.returned},
          {"rejected", c.rejected}}},
        {"printer", {{"plugged", printer_plugged_}, {"can_print", printer_->can_print()}}},
        {"dispenser", dispenser_state()},
        {"camera", {{"showing_code", camera_.showing_code()}, {"frames", camera_.frames_served()}}},
        {"exchange",
         {{"partitioned", exchange_ ? exchange_->faults().partitioned : false},
          {"requests", exchange_ ? exchange_->requests().size() : 0}}}}},
      {"receipts", receipts},
      {"notes_stacked", stacked},
      // The exchange's view of every kiosk, from their heartbeats.
      {"fleet",
       exchange_ ? exchange_->service().heartbeats().fleet(clock_.wall_ms()) : json::array()}};
}

}  // namespace kiosk::app
