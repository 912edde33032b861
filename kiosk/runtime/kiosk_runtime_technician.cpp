// KioskRuntime's side of the technician at the kiosk: builds the TechnicianDesk
// (kiosk/runtime/technician_desk.hpp) and hands it the functions the operator's remote commands
// use (refill, collect_cash_box, test_print, the ctl `devices` answer) and the screen. The logic
// lives in the desk and in kiosk/maintenance/technician_session.hpp.
#include <boost/asio/post.hpp>

#include "flows/money.hpp"
#include "kiosk/config/key_files.hpp"
#include "kiosk/log.hpp"
#include "kiosk/runtime/kiosk_runtime.hpp"
#include "kiosk/shell/screen_presenter.hpp"

namespace kiosk::app {

using Json = nlohmann::json;

namespace {
// What the technician reads on the config view: the settings in force, no secret, no key path.
Json config_rows(const KioskConfig& c) {
  Json rows = Json::array();
  auto add = [&rows](const char* key, std::string value) {
    rows.push_back({{"key", key}, {"value", std::move(value)}});
  };
  add("kiosk_id", c.kiosk_id);
  std::string assets;
  for (const auto& a : c.assets) assets += (assets.empty() ? "" : ", ") + a.symbol;
  add("assets", assets);
  add("fee", std::to_string(c.cash_in.fee_bps / 100) + "." +
                 std::to_string(c.cash_in.fee_bps % 100 / 10) +
                 std::to_string(c.cash_in.fee_bps % 10) + " %");
  add("max_tx", flows::format_kzt(c.cash_in.max_tx));
  std::string notes;
  for (auto d : c.cash_in.denominations)
    notes += (notes.empty() ? "" : ", ") + flows::format_kzt(d);
  add("denominations", notes);
  if (c.dispenser) {
    std::string cassettes;
    for (const auto& k : c.dispenser->cassettes)
      cassettes += (cassettes.empty() ? "" : ", ") + flows::format_kzt(flows::Kzt{k.kzt});
    add("cassettes", cassettes);
  }
  add("technician_idle", std::to_string(c.commands.technician_idle_s / 60) + " min");
  return rows;
}

CommandOutcome test_print_outcome(const std::expected<devices::PrinterStatus, std::string>& s) {
  if (!s) return {"failed", "printer_unreachable", Json{{"why", s.error()}}};
  if (!s->ok()) return {"failed", "printer_not_ready", Json{{"printer", s->describe()}}};
  return {"executed", "", Json{{"printer", s->describe()}}};
}
}  // namespace

std::expected<void, std::string> KioskRuntime::start_technician() {
  const auto& c = opt_.config;
  if (c.commands.public_key_file.empty()) return {};  // no operator key: no badge can verify
  auto key = read_command_public_key(c);
  if (!key) return std::unexpected(key.error());
  auto guard = load_pin_guard(*store_);
  if (!guard) return std::unexpected("technician PIN tries: " + guard.error());

  TechnicianDeskConfig dc;
  dc.kiosk_id = c.kiosk_id;
  dc.max_skew_s = c.commands.max_skew_s;
  dc.timeouts.idle = std::chrono::seconds(c.commands.technician_idle_s);
  // test_dispense, validator_self_test and set_config are not in this build: shown unavailable.
  dc.abilities = {cash_out_ != nullptr, false, false, false};
  if (c.dispenser)
    for (const auto& k : c.dispenser->cassettes) dc.cassette_kzt.push_back(k.kzt);
  for (auto d : c.cash_in.denominations) dc.note_kzt.push_back(d.value);

  TechnicianDeskPorts p;
  p.customer_in_session = [this] { return customer_in_session(); };
  p.in_maintenance = [this] { return modes_->book().current().mode == OperatorMode::Maintenance; };
  p.request_mode = [this](OperatorMode m, const std::string& actor) {
    return request_mode(m, actor);
  };
  p.refill = [this](const Json& args, const std::string& actor) {
    return refill_counted(args, actor);
  };
  p.test_print = [this](std::function<void(CommandOutcome)> done) {
    printer_->query_status([alive = alive_, done = std::move(done)](auto s) {
      if (*alive) done(test_print_outcome(s));
    });
  };
  p.devices = [this] {  // the answer `kiosk ctl devices` gets
    auto answer = Json::parse(observe_->ctl().answer_line(R"({"cmd":"devices"})"), nullptr, false);
    return answer.is_object() && answer.contains("result") ? answer["result"] : Json::object();
  };
  p.cassettes = [this] {
    auto answer =
        Json::parse(observe_->ctl().answer_line(R"({"cmd":"cassettes"})"), nullptr, false);
    return answer.is_object() && answer.contains("result")
               ? answer["result"].value("cassettes", Json::array())
               : Json::array();
  };
  p.config_view = [this] { return config_rows(opt_.config); };
  p.show = [this](Json screen) {
    screen["support"] = support_json(opt_.config.support.phone, opt_.config.support.nearby_kiosks);
    shown_ = screen;
    if (ui_) ui_->broadcast(ui::Channel::Customer, screen);
  };
  p.closed = [this] { technician_closed(); };
  technician_ = std::make_unique<TechnicianDesk>(*store_, std::move(*key), std::move(*guard),
                                                 std::move(dc), clock_, std::move(p));
  return {};
}

// The desk gave the screen back: the flow's screen (welcome, or out of service in maintenance).
void KioskRuntime::technician_closed() {
  if (ui_) ui_->forget(ui::Channel::Customer, "camera_preview");
  refresh_availability();
  shell_->rerender();
  update_scanner();
}

}  // namespace kiosk::app
