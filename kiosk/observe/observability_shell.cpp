#include "kiosk/observe/observability_shell.hpp"

#include <limits>

#include "kiosk/log.hpp"
#include "kiosk/observe/health_answer.hpp"
#include "kiosk/observe/kiosk_metrics.hpp"
#include "kiosk/observe/prometheus_text.hpp"
#include "kiosk/observe/software_version.hpp"
#include "kiosk/shell/cassette_ledger.hpp"
#include "kiosk/shell/cassette_refill.hpp"
#include "offline_queue/journal_sync.hpp"

namespace kiosk::app {

using nlohmann::json;

namespace {
constexpr std::int64_t kFoldChunk = 2000;  // journal rows read at a time

json device_json(const oq::DeviceHealthReport& d) {
  return {{"state", d.state}, {"detail", d.detail}};
}
}  // namespace

ObservabilityShell::ObservabilityShell(boost::asio::io_context& io, const KioskConfig& config,
                                       std::string ctl_socket_path, oq::Store& store,
                                       oq::ExchangeClient& client, ShellClock clock,
                                       ObservabilityPorts ports)
    : io_(io),
      config_(config),
      ctl_path_(std::move(ctl_socket_path)),
      store_(store),
      client_(std::make_unique<oq::ExchangeClient>(io, client.endpoint(), clock.wall_ms)),
      clock_(std::move(clock)),
      ports_(std::move(ports)) {
  started_ = clock_.now();
  add_ctl_commands();
}

ObservabilityShell::~ObservabilityShell() { stop(); }

void ObservabilityShell::start() {
  refresh_tally();
  sender_ = std::make_unique<HeartbeatSender>(
      io_, *client_, Millis{config_.observability.heartbeat_interval_ms},
      [this] { return heartbeat(); },
      [this](std::int64_t seq) {
        if (ports_.commands_after) ports_.commands_after(seq);
      });
  sender_->start();
  if (!ctl_path_.empty()) {
    auto server = std::make_unique<CtlServer>(io_, ctl_path_, ctl_);
    if (auto r = server->start(); !r) {
      log_event(LogLevel::Error, "ctl.unavailable", {{"error", r.error()}});
    } else {
      log_event(LogLevel::Info, "ctl.listening", {{"socket", ctl_path_}});
      ctl_server_ = std::move(server);
    }
  }
}

void ObservabilityShell::stop() {
  if (sender_) sender_->stop();
  client_->close();
  if (ctl_server_) ctl_server_->stop();
}

std::int64_t ObservabilityShell::uptime_s() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.now() - started_).count();
}

void ObservabilityShell::refresh_tally() {
  for (;;) {
    const std::int64_t from = tally_.last_seq() + 1;
    auto rows = store_.rows_range(from, from + kFoldChunk - 1);
    if (!rows) {
      log_event(LogLevel::Error, "metrics.journal_unreadable", {{"error", rows.error().what}});
      return;
    }
    for (const auto& r : *rows) tally_.add(r);
    if (static_cast<std::int64_t>(rows->size()) < kFoldChunk) return;
  }
}

oq::Heartbeat ObservabilityShell::heartbeat() {
  refresh_tally();
  const KioskFacts f = ports_.facts ? ports_.facts() : KioskFacts{};
  const std::int64_t now_ms = clock_.wall_ms();
  oq::Heartbeat h;
  h.kiosk_id = config_.kiosk_id;
  h.sent_at_ms = now_ms;
  h.software_version = software_version();
  h.uptime_s = uptime_s();
  h.mode = f.mode;
  h.reason = f.reason;
  h.buy_offered = f.buy_offered;
  h.sell_offered = f.sell_offered;
  h.validator = devices_.validator();
  h.dispenser = f.dispenser;
  h.printer = devices_.printer();
  h.camera = devices_.camera();
  if (config_.dispenser) {
    if (auto book = current_cassette_book(store_); book && *book) {
      for (const auto& c : (*book)->cassettes())
        h.cassettes.push_back({c.index, c.kzt.value, c.count});
      h.reject_tray_notes = (*book)->reject_tray().notes;
    }
  }
  h.cash_box_notes = tally_.cash_box_notes();
  h.cash_box_kzt = tally_.cash_box_kzt();
  h.outbox_depth = store_.outbox().depth().value_or(0);
  auto oldest = store_.outbox().oldest_pending_age_ms(now_ms);
  h.outbox_oldest_age_s = oldest && *oldest ? std::max<std::int64_t>(0, **oldest / 1000) : 0;
  h.journal_head_seq = tally_.last_seq();
  if (auto acked = store_.get_state(oq::kAckedThroughKey); acked && *acked) {
    try {
      h.journal_acked_through = std::stoll(**acked);
    } catch (const std::exception&) {
      h.journal_acked_through = 0;
    }
  }
  return h;
}

ui::HttpAnswer ObservabilityShell::health() {
  const KioskFacts f = ports_.facts ? ports_.facts() : KioskFacts{};
  return health_answer(f.mode, f.reason);
}

ui::HttpAnswer ObservabilityShell::metrics() {
  const oq::Heartbeat h = heartbeat();
  const KioskFacts f = ports_.facts ? ports_.facts() : KioskFacts{};
  MetricsInputs in;
  in.mode = h.mode;
  in.buy_offered = h.buy_offered;
  in.sell_offered = h.sell_offered;
  in.outbox_depth = h.outbox_depth;
  in.outbox_oldest_age_s = h.outbox_oldest_age_s;
  in.journal_acked_through = h.journal_acked_through;
  in.cassettes = h.cassettes;
  in.decode_times = f.decode_times;
  in.uptime_s = h.uptime_s;
  in.software_version = h.software_version;
  return {200, kPrometheusContentType,
          prometheus_text(kiosk_metric_families(in, tally_, devices_))};
}

json ObservabilityShell::status_json() {
  const oq::Heartbeat h = heartbeat();
  const KioskFacts f = ports_.facts ? ports_.facts() : KioskFacts{};
  return {
      {"kiosk_id", h.kiosk_id},
      {"software_version", h.software_version},
      {"uptime_s", h.uptime_s},
      {"mode", h.mode},
      {"reason", h.reason},
      {"offers",
       {{"buy", f.buy_offered},
        {"sell", f.sell_offered},
        {"buy_reason", f.buy_reason},
        {"sell_reason", f.sell_reason}}},
      {"in_session", f.in_session},
      {"screen", f.screen},
      {"exchange_online", f.exchange_online},
      {"outbox", {{"depth", h.outbox_depth}, {"oldest_age_s", h.outbox_oldest_age_s}}},
      {"journal", {{"head_seq", h.journal_head_seq}, {"acked_through", h.journal_acked_through}}},
      {"heartbeat",
       {{"sent", sender_ ? sender_->sent() : 0}, {"answered", sender_ ? sender_->answered() : 0}}}};
}

json ObservabilityShell::devices_json() {
  const oq::Heartbeat h = heartbeat();
  return {{"validator", device_json(h.validator)},
          {"dispenser", device_json(h.dispenser)},
          {"printer", device_json(h.printer)},
          {"camera", device_json(h.camera)}};
}

json ObservabilityShell::cassettes_json() {
  const oq::Heartbeat h = heartbeat();
  json list = json::array();
  for (const auto& c : h.cassettes)
    list.push_back({{"index", c.index}, {"kzt", c.kzt}, {"count", c.count}});
  return {{"cassettes", std::move(list)},
          {"reject_tray_notes", h.reject_tray_notes},
          {"cash_box", {{"notes", h.cash_box_notes}, {"kzt", h.cash_box_kzt}}}};
}

json ObservabilityShell::journal_tail_json(int n) {
  auto last = store_.last_row();
  if (!last) throw std::runtime_error(last.error().what);
  json rows = json::array();
  if (*last) {
    const std::int64_t to = (*last)->seq;
    auto got = store_.rows_range(std::max<std::int64_t>(1, to - n + 1), to);
    if (!got) throw std::runtime_error(got.error().what);
    for (const auto& r : *got)
      rows.push_back({{"seq", r.seq},
                      {"tx_id", r.tx_id},
                      {"type", r.type},
                      {"at_ms", r.at_ms},
                      {"payload", json::parse(r.payload, nullptr, false)}});
  }
  return {{"rows", std::move(rows)}};
}

json ObservabilityShell::refill(const json& args) {
  if (!config_.dispenser) return ctl_error("not_available", "this kiosk has no dispenser");
  auto parsed = ctl_refill_args(args);
  if (!parsed) return ctl_error("bad_request", parsed.error());
  const KioskFacts f = ports_.facts ? ports_.facts() : KioskFacts{};
  if (f.in_session) return ctl_error("busy", "a customer is in a session: refill after it ends");
  auto out = refill_cassettes(store_, parsed->cassettes, parsed->reject_emptied, "ctl",
                              clock_.wall_ms(), config_.dispenser->cassettes.size());
  if (!out) return ctl_error("failed", out.error().kind + ": " + out.error().why);
  log_event(LogLevel::Info, "ctl.refill",
            {{"cassettes", std::to_string(parsed->cassettes.size())}});
  if (ports_.cassettes_refilled) ports_.cassettes_refilled(parsed->cassettes);
  return ctl_ok(*out);
}

void ObservabilityShell::add_ctl_commands() {
  ctl_.add("status", [this](const json&) { return ctl_ok(status_json()); });
  ctl_.add("devices", [this](const json&) { return ctl_ok(devices_json()); });
  ctl_.add("cassettes", [this](const json&) { return ctl_ok(cassettes_json()); });
  ctl_.add("journal_tail", [this](const json& args) {
    auto n = ctl_tail_count(args);
    if (!n) return ctl_error("bad_request", n.error());
    return ctl_ok(journal_tail_json(*n));
  });
  ctl_.add("refill", [this](const json& args) { return refill(args); });
  // The runtime replaces "maintenance" (kiosk_runtime_observe.cpp: it owns the operator's mode).
  ctl_.add("maintenance", [](const json&) {
    return ctl_error("not_available", "maintenance mode is not served by this kiosk");
  });
  // The runtime replaces "test_dispense" (kiosk_runtime_maintenance.cpp: it owns the dispenser).
  ctl_.add("test_dispense",
           [](const json&) { return ctl_error("not_available", "this kiosk has no dispenser"); });
}

}  // namespace kiosk::app
