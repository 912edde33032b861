#include "kiosk/runtime/cash_out_station.hpp"

#include <map>

#include "devices/lcdm/lcdm_driver.hpp"
#include "flows/cash_out/cash_out_recovery.hpp"
#include "kiosk/log.hpp"
#include "kiosk/runtime/runtime_parts.hpp"
#include "kiosk/shell/cassette_ledger.hpp"
#include "kiosk/shell/record_json.hpp"

namespace kiosk::app {

using namespace flows::cash_out;
using devices::DispenserEvent;

namespace {

DispenseFinished::Result finished_result(devices::DispenseOutcome::Result r) {
  using R = devices::DispenseOutcome::Result;
  if (r == R::Complete) return DispenseFinished::Result::Complete;
  if (r == R::Partial) return DispenseFinished::Result::Partial;
  return DispenseFinished::Result::Unknown;
}

std::vector<flows::dispense::Cassette> configured_cassettes(const KioskConfig& c) {
  std::vector<flows::dispense::Cassette> out;
  if (!c.dispenser) return out;
  for (std::size_t i = 0; i < c.dispenser->cassettes.size(); ++i)
    out.push_back({static_cast<int>(i), flows::Kzt{c.dispenser->cassettes[i].kzt},
                   c.dispenser->cassettes[i].count});
  return out;
}

// The journal's rows grouped by cash-out transaction, for those not closed yet; and the request
// of the last batch sent before each (the device's "last dispense" may still be that one).
struct OpenPayouts {
  std::map<std::string, std::vector<flows::Record>> rows;
  std::map<std::string, std::optional<std::vector<int>>> previous_request;
};

OpenPayouts open_payouts(oq::Store& store) {
  OpenPayouts out;
  auto last = store.last_row();
  if (!last || !*last) return out;
  auto rows = store.rows_range(1, (**last).seq);
  if (!rows) return out;
  std::optional<std::vector<int>> last_request;
  for (const auto& r : *rows) {
    bool ours = r.type.starts_with("cash_out.") || r.type.starts_with("redeem.");
    if (!ours || r.tx_id.empty()) continue;
    auto payload = nlohmann::json::parse(r.payload, nullptr, false);
    if (!payload.is_object()) continue;
    if (!out.rows.contains(r.tx_id)) out.previous_request[r.tx_id] = last_request;
    out.rows[r.tx_id].push_back(record_from_payload(r.tx_id, r.type, payload));
    if (r.type == kBatchIntent)
      last_request = parse_cassette_counts(payload.value("cassettes", ""), 8);
    if (r.type == rec::kClosed) out.rows.erase(r.tx_id);
  }
  return out;
}

}  // namespace

std::expected<devices::lcdm::LcdmDriverConfig, std::string> lcdm_driver_config(
    const KioskConfig& config) {
  const auto& d = *config.dispenser;
  auto model = devices::lcdm::model_from_string(d.protocol);
  if (!model) return std::unexpected("devices.dispenser.protocol: unknown '" + d.protocol + "'");
  devices::lcdm::LcdmDriverConfig dc;
  dc.model = *model;
  dc.cassettes_4000 = static_cast<int>(std::max<std::size_t>(d.cassettes.size(), 1));
  return dc;
}

CashOutStation::CashOutStation(boost::asio::io_context& io, const KioskConfig& config,
                               oq::Store& store, oq::ExchangeClient& client, ShellClock clock,
                               CashOutStationPorts ports)
    : CashOutStation(CashOutStationEnv{asio_scheduler(io), CashOutExchange(client).sender()},
                     config, store, std::move(clock), std::move(ports)) {
  io_ = &io;
}

CashOutStation::CashOutStation(CashOutStationEnv env, const KioskConfig& config, oq::Store& store,
                               ShellClock clock, CashOutStationPorts ports)
    : config_(config), store_(store), clock_(std::move(clock)), ports_(std::move(ports)) {
  exchange_ = std::make_unique<CashOutExchange>(std::move(env.send));
  Policy policy = config.cash_out;
  cash_out_ = std::make_unique<CashOutFlow>(
      policy, make_tx_ids(config.kiosk_id, clock_.wall_ms, env.random));
  redeem_ = std::make_unique<RedeemFlow>(
      policy, make_tx_ids(config.kiosk_id, clock_.wall_ms, std::move(env.random)));
  CashOutPorts p;
  p.dispense = [this](const std::vector<int>& counts,
                      std::function<void(const devices::DispenseOutcome&)> done) {
    dispense_done_ = std::move(done);
    sent_ = counts;
    dispenser_->dispense(counts);
  };
  p.check_dispenser = [this](std::function<void(bool)> then) { check_dispenser(std::move(then)); };
  p.print = ports_.print;
  p.show = ports_.show;
  p.outbox_kick = ports_.outbox_kick;
  p.suspend = [this](const std::string& why) { suspend(why); };
  p.look_up_customer = ports_.look_up_customer;
  p.submit_kyc = ports_.submit_kyc;
  shell_ = std::make_unique<CashOutShell>(std::move(env.scheduler), *cash_out_, *redeem_, store,
                                          *exchange_, std::move(p), clock_);
}

CashOutStation::~CashOutStation() { *alive_ = false; }

std::expected<void, std::string> CashOutStation::start(std::unique_ptr<devices::Transport> link) {
  if (!io_) return std::unexpected("cash-out station: no io_context for a transport");
  auto dc = lcdm_driver_config(config_);
  if (!dc) return std::unexpected(dc.error());
  auto runner = std::make_unique<devices::DispenserRunner>(
      *io_, std::make_unique<devices::lcdm::LcdmDriver>(*dc), std::move(link), clock_.now);
  devices::DispenserRunner* raw = runner.get();
  auto started = start(std::unique_ptr<devices::DispenserPort>(std::move(runner)));
  if (started) runner_ = raw;
  return started;
}

std::expected<void, std::string> CashOutStation::start(
    std::unique_ptr<devices::DispenserPort> dispenser) {
  auto book = load_cassette_book(store_, configured_cassettes(config_), clock_.wall_ms());
  if (!book) return std::unexpected("cassette counts: " + book.error());
  cassettes_ = book->cassettes();
  shell_->set_cassettes(cassettes_);
  dispenser_ = std::move(dispenser);
  dispenser_->start([this](const DispenserEvent& e) { on_dispenser_event(e); });
  refresh_availability();
  return {};
}

void CashOutStation::stop() {
  if (dispenser_) dispenser_->stop();
}

void CashOutStation::replace_transport(std::unique_ptr<devices::Transport> link) {
  if (runner_) runner_->replace_transport(std::move(link));
}

void CashOutStation::on_dispenser_event(const DispenserEvent& e) {
  using K = DispenserEvent::Kind;
  if (e.kind != K::Status && ports_.console_log)
    ports_.console_log(std::string("dispenser: ") + devices::to_string(e.kind) +
                       (e.detail.empty() ? "" : " " + e.detail));
  log_event(e.kind == K::Failure || e.kind == K::LinkLost ? LogLevel::Warn : LogLevel::Info,
            "dispenser.event", {{"kind", devices::to_string(e.kind)}, {"detail", e.detail}});
  switch (e.kind) {
    case K::Ready:  // also after LinkRestored: the driver re-initialises the device
      dispenser_ready_ = true;
      if (fault_ == "dispenser_link_lost" || fault_ == "pickup_errors") clear_fault();
      if (e.status) on_status(*e.status);
      if (recovery_pending_) dispenser_->last_dispense();
      break;
    case K::LastDispense:
      on_last_dispense(e);
      break;
    case K::DispenseDone:
      on_dispense_done(e.outcome.value_or(devices::DispenseOutcome{}));
      break;
    case K::TestDispenseDone:
      on_test_dispense_done(e.outcome.value_or(devices::DispenseOutcome{}));
      break;
    case K::Status:
    case K::Failure:  // a device error the periodic STATUS found (with it), or a command failed
      if (e.status) on_status(*e.status);
      answer_checks(e.status.has_value());
      break;
    case K::PurgeDone:
      on_purge_done(e);
      break;
    case K::LinkLost:
      dispenser_ready_ = false;
      set_fault("dispenser_link_lost", e.detail);
      answer_checks(false);
      break;
    case K::LinkRestored:
      break;
  }
  refresh_availability();
}

void CashOutStation::recover(const std::optional<devices::DispenseOutcome>& last) {
  recovery_pending_ = false;
  before_ = {true, last};  // what the device did last before anything this run sends
  OpenPayouts open = open_payouts(store_);
  for (auto& [tx, rows] : open.rows) {
    RecoveryInput in;
    in.rows = rows;
    in.cassettes = cassettes_;
    in.previous_request = open.previous_request[tx];
    if (last) {
      DeviceLastDispense dev;
      for (const auto& c : last->cassettes) dev.requested.push_back(c.requested);
      dev.finished.result = finished_result(last->result);
      dev.finished.error = last->error;
      for (std::size_t i = 0; i < last->cassettes.size(); ++i)
        if (last->cassettes[i].delivered || last->cassettes[i].rejected)
          dev.finished.moves.push_back(
              {static_cast<int>(i), last->cassettes[i].delivered, last->cassettes[i].rejected});
      in.device = dev;
    }
    RecoveryOutcome out = recover_cash_out(in);
    if (out.decision == RecoveryDecision::NothingToDo) continue;
    ++recovered_;
    log_event(out.decision == RecoveryDecision::Unknown ? LogLevel::Error : LogLevel::Warn,
              "cash_out.recovered",
              {{"tx", tx}, {"decision", to_string(out.decision)}, {"order", out.order_id}});
    shell_->run_effects(out.effects);
  }
  reload_cassettes();
  try_purge();  // a fault seen at start-up waited for this
}

void CashOutStation::reload_cassettes() {
  auto book = load_cassette_book(store_, configured_cassettes(config_), clock_.wall_ms());
  if (!book) {
    suspend("cassette_counts_unreadable");
    return;
  }
  cassettes_ = book->cassettes();
  shell_->set_cassettes(cassettes_);
}

void CashOutStation::cassettes_refilled() {
  clear_pickup_errors();  // the technician has had the cassettes out
  reload_cassettes();
  refresh_availability();
}

void CashOutStation::lift_suspension() {
  suspended_reason_.clear();
  refresh_availability();
}

void CashOutStation::suspend(const std::string& reason) {
  if (suspended_reason_.empty()) suspended_reason_ = reason;
  refresh_availability();
}

void CashOutStation::refresh_availability() {
  bool ok = dispenser_ready_ && fault_.empty() && !recovery_pending_ && suspended_reason_.empty() &&
            !shell_->journal_failed();
  cash_out_->set_available(ok, ok                           ? ""
                               : !suspended_reason_.empty() ? suspended_reason_
                               : !fault_.empty()            ? fault_
                               : shell_->journal_failed()   ? "journal_unwritable"
                                                            : "dispenser");
  redeem_->set_available(ok);
  redeem_->set_online(online_);
  if (ports_.availability_changed) ports_.availability_changed();
}

void CashOutStation::set_rates(const std::optional<oq::RatesSnapshot>& rates,
                               const flows::cash_in::Market& m) {
  Market market;
  market.as_of = m.as_of;
  market.received_at = m.received_at;
  market.online = m.online;
  online_ = m.online;
  if (rates) {
    for (const auto& a : config_.assets) {
      auto slash = a.id.find('/');
      const oq::AssetRate* r = rates->find(a.id.substr(0, slash), a.id.substr(slash + 1));
      if (r) market.offers.push_back({a.id, a.name, a.symbol, r->decimals, r->sell});
    }
  }
  cash_out_->set_market(std::move(market));
  refresh_availability();
}

bool CashOutStation::offered() const {
  return cash_out_->available() && online_ && !checking_after_payout_ &&
         cash_out_->pays_any_amount();
}

std::string CashOutStation::unoffered_reason() const {
  if (!cash_out_->available()) return cash_out_->unavailable_reason();
  if (!online_) return "offline";
  if (checking_after_payout_) return "checking_dispenser";
  if (!cash_out_->pays_any_amount()) return "no_cash";
  return "";
}

void CashOutStation::start_session(CashOutShell::Active which, const std::string& lang) {
  if (!offered()) return;
  shell_->start(which, lang);
}

void CashOutStation::touch(const std::string& action, const std::string& value) {
  shell_->touch(action, value);
}

void CashOutStation::identification(const flows::compliance::IdentificationEvent& e) {
  if (active()) std::visit([this](const auto& ev) { shell_->handle(ev); }, e);
}

void CashOutStation::tick() {
  if (active()) shell_->handle(Tick{});
}

nlohmann::json CashOutStation::state() const {
  nlohmann::json cs = nlohmann::json::array();
  for (const auto& c : cassettes_)
    cs.push_back({{"index", c.index}, {"kzt", c.kzt.value}, {"count", c.count}});
  return {{"cassettes", cs},
          {"ready", dispenser_ready_},
          {"fault", fault_.empty() ? nlohmann::json(nullptr) : nlohmann::json(fault_)},
          {"suspended",
           suspended_reason_.empty() ? nlohmann::json(nullptr) : nlohmann::json(suspended_reason_)},
          {"screen", shell_->screen_name()}};
}

}  // namespace kiosk::app
