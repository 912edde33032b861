#include "kiosk/runtime/kiosk_runtime.hpp"

#include <boost/asio/post.hpp>
#include <filesystem>

#include "devices/qr/open_frame_source.hpp"
#include "kiosk/log.hpp"
#include "kiosk/maintenance/config_overlay.hpp"
#include "kiosk/runtime/camera_preview.hpp"
#include "kiosk/runtime/identity_desk.hpp"
#include "kiosk/runtime/runtime_parts.hpp"
#include "kiosk/shell/screen_actions.hpp"
#include "kiosk/shell/screen_presenter.hpp"
#include "kiosk/shell/startup_recovery.hpp"
#include "kiosk/shell/validator_note_events.hpp"
#include "kiosk/source_tree.hpp"

namespace kiosk::app {

using namespace flows::cash_in;
namespace asio = boost::asio;

namespace {
constexpr Millis kTick{250};
constexpr int kPrinterCheckTicks = 120;  // every 30 s
}  // namespace

KioskRuntime::KioskRuntime(asio::io_context& io, RunOptions options)
    : io_(io), opt_(std::move(options)), tick_timer_(io) {}

KioskRuntime::~KioskRuntime() {
  *alive_ = false;
  if (scanner_) scanner_->stop();
}

std::expected<void, std::string> KioskRuntime::open_store() {
  std::string path = opt_.db_path.value_or(opt_.config.db_path);
  auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  auto store = oq::Store::open(path);
  if (!store) return std::unexpected("storage.db_path " + path + ": " + store.error().what);
  store_ = std::move(*store);
  return {};
}

void KioskRuntime::build_flow() {
  const auto& c = opt_.config;
  flow_ = std::make_unique<CashInFlow>(c.cash_in, make_wallet_resolver(),
                                       make_tx_ids(c.kiosk_id, clock_.wall_ms));
  CashInPorts ports;
  ports.enable_notes = [this](const std::vector<flows::Kzt>& d) { validator_->enable(d); };
  ports.disable_notes = [this] { validator_->disable(); };
  ports.stack_note = [this] { validator_->stack(); };
  ports.return_note = [this] { validator_->return_note(); };
  ports.print = [this](const flows::Receipt& r, std::function<void(bool, std::string)> done) {
    printer_->print(r, [done = std::move(done)](std::expected<void, std::string> res) {
      done(res.has_value(), res ? "" : res.error());
    });
  };
  ports.show = [this](const nlohmann::json& screen) {
    if (cash_out_ && cash_out_->active()) return;  // the cash-out station has the screen
    if (technician_has_screen()) return;           // so has a technician
    show_customer(screen);
  };
  ports.outbox_kick = [this] {
    refresh_offline_exposure();
    pump_->kick();
    journal_sync_->kick();
  };
  ports.look_up_customer = [this](const flows::compliance::CustomerIdentity& who,
                                  std::function<void(CustomerStanding)> answer) {
    identity_->look_up(who, [this, alive = alive_, answer = std::move(answer)](auto standing) {
      if (*alive && !stopping_) answer(std::move(standing));
    });
  };
  ports.submit_kyc = [this](const SubmitKyc& k) { identity_->submit(k); };
  shell_ = std::make_unique<CashInShell>(*flow_, *store_, std::move(ports), clock_);
}

std::expected<void, std::string> KioskRuntime::start_devices() {
  const auto& c = opt_.config;
  std::unique_ptr<devices::Transport> vlink, plink;
  if (c.validator.transport.type == "sim") {
    if (!sim_) return std::unexpected("devices.validator: a \"sim\" transport needs --sim");
    vlink = sim_->validator_link();
  } else {
    auto t = open_serial(io_, c.validator.transport);
    if (!t) return std::unexpected("devices.validator: " + t.error());
    validator_link_ = make_device_link(io_, "validator", c.validator.transport);
    vlink = validator_link_->watch(std::move(*t));
  }
  if (c.printer.transport.type == "sim") {
    if (!sim_) return std::unexpected("devices.printer: a \"sim\" transport needs --sim");
    plink = sim_->printer_link();
  } else {
    auto t = open_serial(io_, c.printer.transport);
    if (!t) return std::unexpected("devices.printer: " + t.error());
    printer_link_ = make_device_link(io_, "printer", c.printer.transport);
    plink = printer_link_->watch(std::move(*t));
  }
  validator_ = std::make_unique<devices::ValidatorRunner>(io_, make_validator_driver(c.validator),
                                                          std::move(vlink), clock_.now);
  printer_ = std::make_unique<devices::EscPosPrinter>(io_, std::move(plink),
                                                      printer_profile(c.printer), clock_.now);
  if (sim_)
    sim_->on_validator_replugged([this](auto t) { validator_->replace_transport(std::move(t)); });
  if (validator_link_)
    validator_link_->on_reconnect([this](auto t) { validator_->replace_transport(std::move(t)); });
  if (printer_link_)
    printer_link_->on_reconnect([this](auto t) {
      printer_->replace_transport(std::move(t));
      check_printer();  // the supervisor learns the printer is back without waiting 30 s
    });

  devices::FrameSource* cam = nullptr;
  if (c.camera.type == "sim") {
    if (!sim_) return std::unexpected("devices.camera: type \"sim\" runs only with --sim");
    cam = &sim_->camera();
  } else {
    auto src = devices::open_frame_source({c.camera.type, c.camera.device, c.camera.width,
                                           c.camera.height, c.camera.fps, c.camera.loop});
    if (!src) return std::unexpected("devices.camera: " + src.error());
    camera_ = std::move(*src);
    cam = camera_.get();
  }
  scanner_ = std::make_unique<devices::QrScanner>(
      *cam, [this, alive = alive_](const devices::QrDecodeResult& r) {
        asio::post(io_, [this, alive, text = r.text] {
          if (!*alive || stopping_) return;
          // The redeem screen reads the receipt's QR, the service screen a technician's badge;
          // every other scan is a wallet's.
          if (technician_ && technician_->wants_badge()) {
            technician_->badge_scanned(text);
            return update_scanner();
          }
          if (cash_out_ && cash_out_->wants_redeem_code()) {
            cash_out_->code_scanned(text);
            return update_scanner();
          }
          shell_->handle(WalletScanned{text});
        });
      });
  scanner_->on_preview([this, alive = alive_](std::vector<unsigned char> jpeg) {
    asio::post(io_, [this, alive, jpeg = std::move(jpeg)] {
      if (*alive && !stopping_ && ui_ && scanner_->running())
        ui_->broadcast(ui::Channel::Customer, camera_preview_message(jpeg));
    });
  });
  observe_->devices().set_camera(true);  // opened (it would have failed start-up otherwise)
  validator_->start([this](const devices::ValidatorEvent& e) { on_validator_event(e); });
  return start_identity(*cam);
}

// Identification (compliance section): the document and selfie cameras, the blocked list, usage
// look-ups and the sealed KYC queue.
std::expected<void, std::string> KioskRuntime::start_identity(devices::FrameSource& cam) {
  const auto& c = opt_.config;
  if (!c.cash_in.kyc) {
    log_event(LogLevel::Warn, "kyc.off",
              {{"why", "no compliance section: customers are not identified"}});
    return {};
  }
  IdentityDeskPorts ports;
  ports.to_flow = [this](const flows::compliance::IdentificationEvent& e) {
    if (stopping_) return;
    if (cash_out_ && cash_out_->active())
      cash_out_->identification(e);
    else
      std::visit([this](const auto& ev) { shell_->handle(ev); }, e);
    update_scanner();
  };
  ports.guidance = [this](const std::string& g) {
    if (ui_ && !stopping_)
      ui_->broadcast(ui::Channel::Customer,
                     nlohmann::json{{"type", "camera_guidance"}, {"value", g}});
  };
  ports.preview = [this, alive = alive_](std::vector<unsigned char> jpeg) {
    asio::post(io_, [this, alive, jpeg = std::move(jpeg)] {
      if (*alive && !stopping_ && ui_ && identity_ && identity_->camera_on())
        ui_->broadcast(ui::Channel::Customer, camera_preview_message(jpeg));
    });
  };
  auto desk = IdentityDesk::create(io_, c, cam, *store_, *client_, clock_, std::move(ports));
  if (!desk) return std::unexpected("compliance: " + desk.error());
  identity_ = std::move(*desk);
  identity_->start();
  if (sim_)
    sim_->on_identity([this](const auto& who) { return identity_->pseudonym(who); },
                      [this] { identity_->refresh_blocked_list(); });
  return {};
}

std::expected<void, std::string> KioskRuntime::start_ui() {
  ui::UiServerConfig uc;
  uc.port = static_cast<std::uint16_t>(opt_.port.value_or(opt_.config.ui_port));
  uc.www_dir = opt_.config.www_dir.empty() ? www_dir() : opt_.config.www_dir;
  uc.sim_console = opt_.sim;
  uc.health = [this] { return observe_->health(); };
  uc.metrics = [this] { return observe_->metrics(); };
  ui_ = std::make_unique<ui::UiServer>(io_, uc);
  ui_->on_message([this](ui::Channel ch, const nlohmann::json& m) { on_ui_message(ch, m); });
  if (auto r = ui_->start(); !r) return std::unexpected("ui: " + r.error());
  return {};
}

std::expected<void, std::string> KioskRuntime::start() {
  auto& c = opt_.config;
  auto secret = read_secret(c);
  if (!secret) return std::unexpected(secret.error());
  secret_ = *secret;
  if (auto r = open_store(); !r) return r;
  // The operator's remote config changes (set_config), kept in the database, over the file.
  if (auto eff = effective_config(opt_.config, *store_); !eff)
    return std::unexpected(eff.error());
  else
    opt_.config = std::move(*eff);
  modes_ = std::make_unique<ModeKeeper>(*store_, clock_.wall_ms);
  if (auto r = modes_->restore(); !r) return r;
  std::string url = opt_.exchange_url.value_or(c.exchange.url);
  if (opt_.sim) {
    sim_ = std::make_unique<SimWorld>(io_, c, secret_, clock_, url != "sim");
    if (url == "sim") url = sim_->exchange_url();
  }
  if (url == "sim")
    return std::unexpected("exchange.url is \"sim\" but the kiosk is not run with --sim");
  oq::ExchangeEndpoint ep;
  ep.url = url;
  ep.kiosk_id = c.kiosk_id;
  ep.secret = secret_;
  ep.ca_file = c.exchange.ca_file;
  ep.request_timeout = Millis{c.exchange.timeout_ms};
  ep.connect_timeout = Millis{std::min(c.exchange.timeout_ms, 5000)};
  client_ = std::make_unique<oq::ExchangeClient>(io_, ep, clock_.wall_ms);
  if (client_->config_error())
    return std::unexpected("exchange.url: " + client_->config_error()->what);
  pump_ = std::make_unique<oq::OutboxPump>(io_, store_->outbox(), *client_, clock_.wall_ms);
  journal_sync_ = std::make_unique<oq::JournalSyncPump>(io_, *store_, *client_, clock_.wall_ms);
  pump_->on_delivered([this](const oq::OutboxItem& item, const oq::HttpResponse&) {
    log_event(LogLevel::Info, "outbox.delivered", {{"key", item.idempotency_key}});
    refresh_offline_exposure();
  });
  pump_->on_failed([this](const oq::OutboxItem& item, const oq::HttpResponse& r) {
    log_event(LogLevel::Error, "outbox.failed",
              {{"key", item.idempotency_key},
               {"status", std::to_string(r.status)},
               {"action", "operator"}});
    refresh_offline_exposure();
  });
  start_observability();
  build_flow();
  if (auto r = start_devices(); !r) return r;
  if (auto r = start_cash_out(); !r) return r;
  recovered_ = recover_open_cash_ins(*store_, *shell_).size();
  rates_ = std::make_unique<RatesPoller>(io_, *client_, *store_, c.assets,
                                         std::chrono::seconds(c.exchange.rates_refresh_s), clock_,
                                         [this](const Market& m) {
                                           flow_->set_market(m);
                                           if (cash_out_)
                                             cash_out_->set_rates(rates_->snapshot(), m);
                                           shell_->render();
                                         });
  refresh_offline_exposure();
  rates_->start();
  pump_->start();
  journal_sync_->start();
  if (auto r = start_ui(); !r) return r;
  observe_->start();
  refresh_availability();
  shell_->render();
  on_tick();
  if (auto r = start_operator(); !r) return r;
  if (auto r = start_technician(); !r) return r;
  log_event(LogLevel::Info, "kiosk.started",
            {{"kiosk", c.kiosk_id},
             {"mode", opt_.sim ? "sim" : "real"},
             {"ui", "http://127.0.0.1:" + std::to_string(ui_port())},
             {"exchange", client_->endpoint().url},
             {"recovered", std::to_string(recovered_)}});
  return {};
}

void KioskRuntime::on_validator_event(const devices::ValidatorEvent& e) {
  if (stopping_ && !(e.kind == devices::ValidatorEvent::Kind::Stacked ||
                     e.kind == devices::ValidatorEvent::Kind::Returned))
    return;
  supervisor_.on_validator(e);
  observe_->devices().on_validator(e);
  using K = devices::ValidatorEvent::Kind;
  if (e.kind != K::Idle && sim_)
    console_log(std::string("validator: ") + devices::to_string(e.kind) +
                (e.amount.value ? " " + flows::format_kzt(e.amount) : ""));
  if (e.kind != K::Idle)
    log_event(LogLevel::Info, "validator.event",
              {{"kind", devices::to_string(e.kind)},
               {"kzt", std::to_string(e.amount.value)},
               {"detail", e.detail}});
  if (auto note = note_event_for_flow(e)) shell_->handle(*note);
  refresh_availability();
}

void KioskRuntime::refresh_availability() {
  const bool serving = !modes_ || modes_->book().serving();
  bool ok =
      supervisor_.mode() == Mode::InService && !shell_->journal_failed() && !stopping_ && serving;
  std::string why = shell_->journal_failed() ? "journal_unwritable"
                    : stopping_              ? "stopping"
                    : !serving               ? modes_->book().closed_reason()
                                             : supervisor_.reason();
  flow_->set_available(ok, why);
  refresh_offers();
  shell_->render();
}

void KioskRuntime::refresh_offers() {
  const Instant now = clock_.now();
  const std::string buy_why =
      flow_->available() ? (flow_->buy_open(now) ? "" : "no_rates") : flow_->unavailable_reason();
  std::string sell_why = cash_out_ ? cash_out_->unoffered_reason() : "";
  if (modes_ && !modes_->book().serving()) sell_why = modes_->book().closed_reason();
  Offers o = decide_offers(flow_->buy_open(now), buy_why, cash_out_ != nullptr, sell_why);
  flow_->set_sell_offered(o.sell);
  if (offers_journaled_ && o == offers_) return;
  offers_ = o;
  offers_journaled_ = true;
  log_event(o.buy && o.sell ? LogLevel::Info : LogLevel::Warn, "kiosk.offers",
            {{"buy", o.buy ? "yes" : "no"},
             {"sell", o.sell ? "yes" : "no"},
             {"buy_reason", o.buy_reason},
             {"sell_reason", o.sell_reason}});
  if (store_) {
    auto row = store_->append(
        oq::JournalEntry{"", "kiosk.offers_changed", to_json(o).dump(), clock_.wall_ms()});
    if (!row)
      log_event(LogLevel::Error, "journal.append_failed",
                {{"type", "kiosk.offers_changed"}, {"error", row.error().what}});
  }
  if (sim_)
    console_log(std::string("offers: buy ") + (o.buy ? "yes" : "no (" + o.buy_reason + ")") +
                ", sell " + (o.sell ? "yes" : "no (" + o.sell_reason + ")"));
  // The buy screen shows the sell and redeem buttons, and the welcome screen opens, by these.
  if (!(cash_out_ && cash_out_->active())) shell_->rerender();
}

void KioskRuntime::refresh_offline_exposure() {
  if (!rates_) return;
  auto pending = store_->outbox().unacknowledged_fiat_kzt("/v1/cash-in");
  if (pending) rates_->set_offline_exposure(flows::Kzt{*pending});
}

void KioskRuntime::check_printer() {
  printer_->query_status(
      [this, alive = alive_](std::expected<devices::PrinterStatus, std::string> s) {
        if (!*alive) return;
        if (s) {
          supervisor_.on_printer(*s);
          observe_->devices().on_printer(*s);
        } else {
          supervisor_.on_printer_unreachable(s.error());
          observe_->devices().on_printer_unreachable();
        }
        refresh_availability();
      });
}

void KioskRuntime::update_scanner() {
  if (identity_) {
    auto [use, tx] = camera_use();
    if (stopping_) use = CameraUse::None;
    if (use != identity_camera_ && identity_camera_ != CameraUse::None) customer_steps_back();
    identity_camera_ = use;
    identity_->follow(use, tx);
  }
  bool want =
      (flow_->screen() == Screen::ScanWallet || (cash_out_ && cash_out_->wants_redeem_code()) ||
       (technician_ && technician_->wants_badge())) &&
      !stopping_;
  if (want && !scanner_->running()) {
    scanner_->reset();
    scanner_->start();
  } else if (!want && scanner_->running()) {
    scanner_->stop();
    customer_steps_back();
    if (ui_) ui_->forget(ui::Channel::Customer, "camera_preview");  // keep no frame
  }
}

// A customer takes the phone, the document or their face away once the kiosk has what it
// needs. The synthetic camera counts a scene's frames only while they are read, so without
// this a document shown to one session would be read by the next session's first frame.
void KioskRuntime::customer_steps_back() {
  if (sim_) sim_->synthetic_camera().clear();
}

// Which identification camera the active flow's screen needs, and for which transaction.
std::pair<CameraUse, std::string> KioskRuntime::camera_use() const {
  if (cash_out_ && cash_out_->active()) {
    using S = flows::cash_out::Screen;
    if (cash_out_->shell().active() == CashOutShell::Active::Redeem) {
      const auto& r = cash_out_->redeem();
      bool document = r.screen() == flows::cash_out::RedeemFlow::Screen::ScanDocument;
      return {document ? CameraUse::Document : CameraUse::None, r.session().tx_id};
    }
    const auto& f = cash_out_->flow();
    CameraUse use = f.screen() == S::ScanDocument ? CameraUse::Document
                    : f.screen() == S::Selfie     ? CameraUse::Selfie
                                                  : CameraUse::None;
    return {use, f.session().tx_id};
  }
  CameraUse use = flow_->screen() == Screen::ScanDocument ? CameraUse::Document
                  : flow_->screen() == Screen::Selfie     ? CameraUse::Selfie
                                                          : CameraUse::None;
  return {use, flow_->session().tx_id};
}

void KioskRuntime::on_tick() {
  if (stopping_) return;
  shell_->handle(Tick{});
  if (cash_out_) {
    bool was = cash_out_->active();
    cash_out_->tick();
    if (was && !cash_out_->active()) shell_->rerender();
  }
  settle_operator_mode();  // maintenance / out of service asked for during a session
  if (technician_) technician_->tick();
  refresh_offers();  // rates age, the dispenser's health, cash to pay: journaled when it changes
  update_scanner();
  if (ticks_++ % kPrinterCheckTicks == 0) check_printer();
  if (sim_ && ui_ && ticks_ % 2 == 0) {
    nlohmann::json st = sim_->state();
    st["log"] = console_log_;
    st["assets"] = nlohmann::json::array();
    for (const auto& a : opt_.config.assets) st["assets"].push_back(a.id);
    st["kiosk"] = {{"mode", to_string(supervisor_.mode())},
                   {"reason", supervisor_.reason()},
                   {"operator_mode", to_string(modes_->book().current().mode)},
                   {"screen", screen_name()},
                   {"online", rates_ && rates_->online()}};
    if (cash_out_) st["cash_out"] = cash_out_->state();
    if (st != last_sim_state_) {
      last_sim_state_ = st;
      ui_->broadcast(ui::Channel::Sim, st);
    }
  }
  tick_timer_.expires_after(kTick);
  tick_timer_.async_wait([this, alive = alive_](auto ec) {
    if (!ec && *alive) on_tick();
  });
}

void KioskRuntime::on_ui_message(ui::Channel ch, const nlohmann::json& m) {
  std::string type = m.value("type", "");
  if (ch == ui::Channel::Customer && type == "action") {
    auto text = [&m](const char* key) {
      return m.contains(key) && m[key].is_string() ? m[key].get<std::string>() : std::string();
    };
    std::string action = text("action"), value = text("value");
    // A touch made on a screen that has since been replaced is not meant for the new one.
    if (m.contains("screen") && m["screen"].is_string() && shown_.is_object() &&
        m["screen"] != shown_.value("screen", "")) {
      log_event(LogLevel::Info, "ui.touch_refused",
                {{"screen", shown_.value("screen", "")},
                 {"action", loggable_action(action)},
                 {"reason", "stale_screen"}});
      return;
    }
    touch(action, value);
    return;
  }
  if (ch == ui::Channel::Sim && type == "sim" && sim_) {
    auto r = sim_->act(m);
    log_event(r ? LogLevel::Info : LogLevel::Warn, "sim.action",
              {{"action", m.value("action", "")}, {"result", r ? *r : r.error()}});
    console_log(r ? *r : "refused: " + r.error());
  }
}

std::expected<void, std::string> KioskRuntime::start_cash_out() {
  const auto& c = opt_.config;
  if (!c.cash_out_enabled || !c.dispenser) return {};
  std::unique_ptr<devices::Transport> link;
  if (c.dispenser->transport.type == "sim") {
    if (!sim_) return std::unexpected("devices.dispenser: a \"sim\" transport needs --sim");
    link = sim_->dispenser_link();
  } else {
    auto t = open_serial(io_, c.dispenser->transport);
    if (!t) return std::unexpected("devices.dispenser: " + t.error());
    dispenser_link_ = make_device_link(io_, "dispenser", c.dispenser->transport);
    link = dispenser_link_->watch(std::move(*t));
  }
  CashOutStationPorts p;
  p.show = [this](const nlohmann::json& screen) {
    if (cash_out_ && cash_out_->active()) show_customer(screen);
  };
  p.print = [this](const flows::Receipt& r, std::function<void(bool, std::string)> done) {
    printer_->print(r, [done = std::move(done)](std::expected<void, std::string> res) {
      done(res.has_value(), res ? "" : res.error());
    });
  };
  p.outbox_kick = [this] { pump_->kick(); };
  if (identity_) {
    p.look_up_customer = [this](const flows::compliance::CustomerIdentity& who,
                                std::function<void(flows::compliance::CustomerStanding)> answer) {
      identity_->look_up(who, [this, alive = alive_, answer = std::move(answer)](auto standing) {
        if (*alive && !stopping_) answer(std::move(standing));
      });
    };
    p.submit_kyc = [this](const flows::compliance::SubmitKyc& k) { identity_->submit(k); };
  }
  if (sim_) p.console_log = [this](std::string line) { console_log(std::move(line)); };
  p.availability_changed = [this] {
    if (cash_out_ && flow_ && !stopping_) refresh_offers();
  };
  cash_out_ = std::make_unique<CashOutStation>(io_, c, *store_, *client_, clock_, std::move(p));
  if (sim_)
    sim_->on_dispenser_replugged([this](auto t) { cash_out_->replace_transport(std::move(t)); });
  if (dispenser_link_)
    dispenser_link_->on_reconnect([this](auto t) { cash_out_->replace_transport(std::move(t)); });
  return cash_out_->start(std::move(link));
}

void KioskRuntime::show_customer(nlohmann::json screen) {
  // The buy screen offers selling and redeeming when the cash-out station can take a customer; the
  // first screens say what is offered and why not (buy and sell separately).
  const std::string name = screen.value("screen", "");
  if (screen["data"].is_object() &&
      (name == "choose_asset" || name == "welcome" || name == "out_of_service")) {
    screen["data"]["cash_out"] = offers_.sell;
    screen["data"]["offers"] = to_json(offers_);
    if (modes_ && modes_->book().current().mode == OperatorMode::OutOfService)
      screen["data"]["message"] = modes_->book().current().message;
  }
  // The welcome screen's live prices: what the kiosk pays per coin beside what it asks.
  if (name == "welcome" && screen["data"].is_object() && cash_out_ && offers_.sell) {
    nlohmann::json sell = nlohmann::json::object();
    for (const auto& a : cash_out_->flow().sellable(clock_.now()))
      sell[a.id] = format_rate_kzt(a.sell);
    screen["data"]["sell_kzt"] = sell;
  }
  screen["actions"] = offered_actions(screen);  // touch() acts on nothing else
  // A technician's way in (with the operator's key): a small "Service" control.
  // On welcome it names the language picked there, like Buy and Sell.
  if (technician_ && (name == "welcome" || name == "out_of_service") &&
      screen["data"].is_object()) {
    screen["actions"]["service"] =
        name == "welcome" ? screen["actions"].value("choose_language", nlohmann::json(true))
                          : nlohmann::json(true);
    screen["data"]["service"] = true;
  }
  screen["support"] = support_json(opt_.config.support.phone, opt_.config.support.nearby_kiosks);
  shown_ = screen;
  if (ui_) ui_->broadcast(ui::Channel::Customer, screen);
}

std::string KioskRuntime::screen_name() const {
  if (cash_out_ && cash_out_->active()) return cash_out_->shell().screen_name();
  return to_string(flow_->screen());
}

void KioskRuntime::touch(const std::string& action, const std::string& value) {
  if (auto why = refuse_touch(shown_, action, value)) {
    log_event(LogLevel::Warn, "ui.touch_refused",
              {{"screen", shown_.is_object() ? shown_.value("screen", "") : ""},
               {"action", loggable_action(action)},
               {"reason", std::string(*why)}});
    return;
  }
  if (technician_ && (technician_->active() || action == "service")) {
    if (action == "service")
      technician_->open(!value.empty()       ? value
                        : shown_.is_object() ? shown_.value("lang", "")
                                             : "");
    else
      technician_->touch(action, value);
    return update_scanner();
  }
  if (cash_out_ && cash_out_->active()) {
    cash_out_->touch(action, value);
    if (!cash_out_->active()) shell_->rerender();
    update_scanner();
    return;
  }
  if (cash_out_ && (action == "start_cash_out" || action == "start_redeem")) {
    if (!cash_out_->offered() || (modes_ && !modes_->book().serving())) {
      log_event(LogLevel::Warn, "kiosk.sell_refused",
                {{"action", action}, {"reason", cash_out_->unoffered_reason()}});
      return;
    }
    // From the welcome screen the touch names the language; from choose_asset, the session's.
    std::string lang = value.empty() ? flow_->session().lang : value;
    shell_->handle(Touch{"cancel", ""});  // the buy session had taken no cash yet
    cash_out_->start_session(
        action == "start_redeem" ? CashOutShell::Active::Redeem : CashOutShell::Active::CashOut,
        lang);
    update_scanner();
    return;
  }
  shell_->handle(Touch{action, value});
  update_scanner();
}

void KioskRuntime::console_log(std::string line) {
  console_log_.push_back(std::move(line));
  while (console_log_.size() > 60) console_log_.pop_front();
}

void KioskRuntime::shutdown(Millis grace, std::function<void()> done) {
  if (flow_ && flow_->screen() == Screen::InsertNotes) shell_->handle(Touch{"cancel", ""});
  auto deadline = clock_.now() + grace;
  auto timer = std::make_shared<asio::steady_timer>(io_);
  auto finish = [this, done = std::move(done)] {
    stopping_ = true;
    log_event(LogLevel::Info, "kiosk.stopping");
    if (scanner_) scanner_->stop();
    if (identity_) identity_->stop();
    tick_timer_.cancel();
    if (rates_) rates_->stop();
    if (pump_) pump_->stop();
    if (journal_sync_) journal_sync_->stop();
    if (commands_) commands_->stop();
    if (observe_) observe_->stop();
    if (validator_) validator_->stop();
    if (cash_out_) cash_out_->stop();
    if (ui_) ui_->stop();
    if (client_) client_->close();
    if (sim_ && sim_->exchange()) sim_->exchange()->stop();
    done();
  };
  // Wait while a note is moving through the validator (its credit must reach the journal).
  auto poll = std::make_shared<std::function<void()>>();
  *poll = [this, timer, deadline, finish, poll] {
    bool moving = (flow_ && flow_->session().escrow.has_value()) ||
                  (cash_out_ && cash_out_->shell().dispensing());
    if (!moving || clock_.now() >= deadline) {
      finish();
      *poll = nullptr;  // break the cycle
      return;
    }
    timer->expires_after(Millis{50});
    timer->async_wait([poll](auto) {
      if (*poll) (*poll)();
    });
  };
  (*poll)();
}

}  // namespace kiosk::app
