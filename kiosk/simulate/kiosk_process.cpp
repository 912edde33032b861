#include "kiosk/simulate/kiosk_process.hpp"

#include "devices/escpos/escpos_encoder.hpp"
#include "devices/escpos/escpos_status.hpp"
#include "flows/compliance/usage.hpp"
#include "kiosk/runtime/runtime_parts.hpp"
#include "kiosk/shell/person_usage.hpp"
#include "kiosk/shell/random_source.hpp"
#include "kiosk/shell/startup_recovery.hpp"
#include "kiosk/shell/validator_note_events.hpp"

namespace kiosk::simulate {

using namespace flows::cash_in;
namespace cp = flows::compliance;

namespace {

// The real CCNET driver with its timers on a 200 ms tick instead of 20 ms: it still polls every
// 200 ms (the reference hosts' rate); its timeouts get a 200 ms resolution; the simulation runs
// ten times fewer tick events.
devices::ccnet::CcnetDriverConfig driver_config() {
  devices::ccnet::CcnetDriverConfig c;
  c.tick = Millis{200};
  return c;
}

constexpr Millis kRatesRefreshOffline{5000};
constexpr Millis kOutboxIdlePoll{std::chrono::minutes(5)};
constexpr Millis kCableLatency{3};
constexpr Millis kPrintTime{1500};
constexpr Millis kLookUpTime{400};

}  // namespace

KioskProcess::KioskProcess(ProcessDeps deps)
    : d_(std::move(deps)),
      clock_(d_.clock.shell_clock()),
      printer_profile_(app::printer_profile(d_.config.printer)) {}

KioskProcess::~KioskProcess() { *alive_ = false; }

template <class F>
void KioskProcess::later(Millis delay, const char* kind, F f) {
  d_.queue.after(delay, kind, [alive = alive_, f = std::move(f)]() mutable {
    if (*alive) f();
  });
}

std::expected<std::size_t, std::string> KioskProcess::boot() {
  auto store = oq::Store::open(d_.db_path);
  if (!store) return std::unexpected("store: " + store.error().what);
  store_ = std::move(*store);
  // One process owns the file (as in production); without other readers SQLite need not take
  // and drop file locks around every statement. Durability and atomicity are unchanged.
  (void)store_->db().exec("PRAGMA locking_mode=EXCLUSIVE");
  const auto& c = d_.config;
  flow_ = std::make_unique<CashInFlow>(
      c.cash_in, app::make_wallet_resolver(),
      app::make_tx_ids(c.kiosk_id, clock_.wall_ms, app::seeded_random_source(d_.random_seed)));
  app::CashInPorts ports;
  ports.enable_notes = [this](const std::vector<flows::Kzt>& dn) {
    apply(driver_->enable(dn, clock_.now()));
  };
  ports.disable_notes = [this] { apply(driver_->disable(clock_.now())); };
  ports.stack_note = [this] { apply(driver_->stack(clock_.now())); };
  ports.return_note = [this] { apply(driver_->return_note(clock_.now())); };
  ports.print = [this](const flows::Receipt& r, std::function<void(bool, std::string)> done) {
    print(r, std::move(done));
  };
  ports.outbox_kick = [this] { kick(); };
  ports.look_up_customer = [this](const cp::CustomerIdentity& who,
                                  std::function<void(cp::CustomerStanding)> answer) {
    look_up(who, std::move(answer));
  };
  ports.submit_kyc = [this](const cp::SubmitKyc&) { ++kyc_submissions_; };
  shell_ = std::make_unique<app::CashInShell>(*flow_, *store_, std::move(ports), clock_);
  driver_ = std::make_unique<devices::ccnet::CcnetDriver>(driver_config());
  if (auto co = boot_cash_out(); !co) return std::unexpected(co.error());

  oq::OutboxPumpConfig pc;
  pc.seed = d_.random_seed ^ 0x5bd1e995ULL;
  pc.idle_poll = kOutboxIdlePoll;
  drain_ = std::make_unique<oq::OutboxDrain>(store_->outbox(), pc);
  oq::JournalSyncConfig jc;
  jc.seed = d_.random_seed ^ 0x27d4eb2fULL;
  jc.idle_poll = kOutboxIdlePoll;
  sync_ = std::make_unique<oq::JournalSync>(*store_, jc);

  const std::size_t recovered = app::recover_open_cash_ins(*store_, *shell_).size();
  arm_deadline();
  set_idle(false);
  kick();
  return recovered;
}

// The cash-out station as the runtime builds it (KioskRuntime::start_cash_out), with the
// simulation's scheduler, network, seed and dispenser runner in place of Asio's.
std::expected<void, std::string> KioskProcess::boot_cash_out() {
  const auto& c = d_.config;
  if (!c.dispenser) return {};
  app::CashOutStationEnv env;
  env.scheduler = [this](Millis delay, std::function<void()> action) {
    later(delay, "cash_out.timer", std::move(action));
  };
  env.send = [this](oq::HttpRequest req, std::function<void(oq::ExchangeResult)> done) {
    d_.network.send(req, [alive = alive_, done = std::move(done)](oq::ExchangeResult r) {
      if (*alive) done(std::move(r));
    });
  };
  env.random = app::seeded_random_source(d_.random_seed ^ 0x9E3779B97F4A7C15ULL);
  app::CashOutStationPorts sp;
  sp.show = [this](const nlohmann::json&) { arm_cash_out_deadline(); };
  sp.print = [this](const flows::Receipt& r, std::function<void(bool, std::string)> done) {
    print(r, std::move(done));
  };
  sp.outbox_kick = [this] { kick(); };
  sp.availability_changed = [this] { offer_selling(); };
  sp.look_up_customer = [this](const cp::CustomerIdentity& who,
                               std::function<void(cp::CustomerStanding)> answer) {
    look_up(who, std::move(answer));
  };
  sp.submit_kyc = [this](const cp::SubmitKyc&) { ++kyc_submissions_; };
  station_ =
      std::make_unique<app::CashOutStation>(std::move(env), c, *store_, clock_, std::move(sp));
  auto dc = app::lcdm_driver_config(c);
  if (!dc) return std::unexpected(dc.error());
  dc->tick = Millis{200};  // as the validator's: a 200 ms resolution for its timeouts
  auto dispenser = std::make_unique<SimDispenser>(d_.queue, d_.clock, d_.devices.dispenser,
                                                  d_.devices.dispenser_cable, *dc);
  dispenser_ = dispenser.get();
  return station_->start(std::unique_ptr<devices::DispenserPort>(std::move(dispenser)));
}

void KioskProcess::offer_selling() {
  if (flow_) flow_->set_sell_offered(station_ && station_->offered());
}

// ---- the customer's side ----

// As KioskRuntime::touch routes it: the cash-out station has the screen while it is active; a
// sell or redeem touch on the buy screen hands the customer to it.
void KioskProcess::touch(const std::string& action, const std::string& value) {
  if (selling()) {
    station_->touch(action, value);
    arm_cash_out_deadline();
    return;
  }
  if (station_ && (action == "start_cash_out" || action == "start_redeem")) {
    if (!station_->offered()) return;
    const std::string lang = value.empty() ? flow_->session().lang : value;
    handle(Touch{"cancel", ""});  // the buy session had taken no cash yet
    station_->start_session(action == "start_redeem" ? app::CashOutShell::Active::Redeem
                                                     : app::CashOutShell::Active::CashOut,
                            lang);
    arm_cash_out_deadline();
    return;
  }
  handle(Touch{action, value});
}
void KioskProcess::show_wallet_qr(const std::string& payload) { handle(WalletScanned{payload}); }
void KioskProcess::show_document(const cp::DocumentChecked& d) {
  if (selling()) return station_->identification(d);
  handle(d);
}
void KioskProcess::show_selfie(bool ok) {
  const cp::SelfieChecked s{ok, ok ? "" : "no_face"};
  if (selling()) return station_->identification(s);
  handle(s);
}
void KioskProcess::show_redeem_code(const std::string& code) {
  if (station_ && station_->wants_redeem_code()) station_->code_scanned(code);
}

// The active cash-out flow's deadline is an event too: the station hears tick() when it is due.
void KioskProcess::arm_cash_out_deadline() {
  std::optional<Instant> dl;
  if (selling())
    dl = station_->shell().active() == app::CashOutShell::Active::Redeem
             ? station_->redeem().deadline()
             : station_->flow().deadline();
  if (dl == cash_out_armed_) return;
  cash_out_armed_ = dl;
  const std::uint64_t gen = ++cash_out_deadline_gen_;
  if (!dl) return;
  later(*dl - clock_.now(), "cash_out.deadline", [this, gen] {
    if (gen != cash_out_deadline_gen_) return;
    cash_out_armed_.reset();
    station_->tick();
    arm_cash_out_deadline();
  });
}

// The printer shell: the real encoder, the bytes to the printer simulator, its verdict.
void KioskProcess::print(const flows::Receipt& r, std::function<void(bool, std::string)> done) {
  later(kPrintTime, "printer.job", [this, r, done = std::move(done)] {
    auto& printer = d_.devices.printer;
    const bool ready = check_printer();
    if (!ready) return done(false, "printer_not_ready");
    printer.on_host_bytes(devices::render_receipt(r, printer_profile_), clock_.now());
    done(true, "");
  });
}

void KioskProcess::handle(const Event& e) {
  shell_->handle(e);
  arm_deadline();
}

// Every state's deadline is an event: the flow hears Tick exactly when its timeout is due.
void KioskProcess::arm_deadline() {
  auto dl = flow_->deadline();
  if (dl == armed_deadline_) return;
  armed_deadline_ = dl;
  const std::uint64_t gen = ++deadline_gen_;
  if (!dl) return;
  later(*dl - clock_.now(), "flow.deadline", [this, gen] {
    if (gen != deadline_gen_) return;
    armed_deadline_.reset();
    handle(Tick{});
  });
}

// ---- the validator runner: tick loop and cable ----

void KioskProcess::set_idle(bool idle) {
  idle_ = idle;
  if (dispenser_) dispenser_->set_idle(idle);
  if (idle) return;
  repeats_ = 0;
  if (!ticking_) {
    ticking_ = true;
    sleeping_ = false;
    later(Millis{0}, "validator.tick", [this] { tick(); });
  }
  if (!polling_rates_) {
    polling_rates_ = true;
    later(Millis{0}, "rates.poll", [this] { poll_rates(); });
  }
}

void KioskProcess::tick() {
  if (idle_ && answers_in_flight_ == 0) {
    ticking_ = false;
    return;
  }
  if (elide_polls_ && link_steady()) {
    ticking_ = false;
    sleeping_ = true;
    return;
  }
  events_since_tick_ = false;
  apply(driver_->on_tick(clock_.now()));
  later(driver_->tick_interval(), "validator.tick", [this] { tick(); });
}

bool KioskProcess::link_steady() const {
  const auto& cable = d_.devices.cable;
  if (!driver_->quiescent() || answers_in_flight_ > 0 || events_since_tick_) return false;
  if (cable.unplugged || cable.drop_answers > 0) return false;
  return repeats_ >= 2;  // the same request got the same answer twice in a row
}

// Something outside the cable happened (a customer, a technician, a fault, the network): the
// device may have changed, so the link is not known to be steady until polled again.
void KioskProcess::nudge() {
  repeats_ = 0;
  if (!sleeping_ || idle_) return;
  sleeping_ = false;
  ticking_ = true;
  later(Millis{0}, "validator.tick", [this] { tick(); });
}

void KioskProcess::apply(devices::ValidatorStep step) {
  if (!step.events.empty()) events_since_tick_ = true;
  if (!step.tx.empty()) to_validator(step.tx);
  for (const auto& e : step.events) on_validator_event(e);
}

void KioskProcess::to_validator(const devices::Bytes& tx) {
  auto& cable = d_.devices.cable;
  if (cable.unplugged) {
    repeats_ = 0;
    return;
  }
  cable.bytes_down += tx.size();
  devices::Bytes answer = d_.devices.validator.on_host_bytes(tx, clock_.now());
  if (answer.empty()) return;  // an ACK from the host: the device says nothing
  if (cable.drop_answers > 0) {
    --cable.drop_answers;
    repeats_ = 0;
    return;
  }
  if (tx == last_tx_ && answer == last_answer_) {
    ++repeats_;
  } else {
    repeats_ = 0;
    last_tx_ = tx;
    last_answer_ = answer;
  }
  ++answers_in_flight_;
  later(kCableLatency, "validator.answer", [this, answer = std::move(answer)] {
    --answers_in_flight_;
    if (d_.devices.cable.unplugged) return;
    d_.devices.cable.bytes_up += answer.size();
    apply(driver_->on_bytes(answer, clock_.now()));
  });
}

void KioskProcess::on_validator_event(const devices::ValidatorEvent& e) {
  supervisor_.on_validator(e);
  if (auto note = app::note_event_for_flow(e)) handle(*note);  // as the runtime does
  refresh_availability();
}

void KioskProcess::refresh_availability() {
  const bool ok = supervisor_.mode() == app::Mode::InService && !shell_->journal_failed();
  flow_->set_available(ok, shell_->journal_failed() ? "journal_unwritable" : supervisor_.reason());
  offer_selling();
  shell_->render();
  arm_deadline();
}

// ---- the outbox pump: the drain core's loop ----

void KioskProcess::kick() {
  publish_market();  // the offline exposure may have changed
  if (!drain_->outstanding()) later(Millis{0}, "outbox.pump", [this] { pump(); });
  if (!sync_->outstanding()) later(Millis{0}, "journal.sync", [this] { sync_journal(); });
}

// The journal sync pump: the JournalSync core's loop, as the outbox pump's.
void KioskProcess::sync_journal() {
  if (sync_->outstanding()) return;
  const std::uint64_t gen = ++sync_gen_;
  auto step = sync_->next(clock_.wall_ms());
  if (auto* w = std::get_if<oq::JournalSync::Wait>(&step)) {
    later(Millis{std::max<std::int64_t>(1, w->until_ms - clock_.wall_ms())}, "journal.sync",
          [this, gen] {
            if (gen == sync_gen_) sync_journal();
          });
    return;
  }
  oq::JournalSync::Batch batch = std::get<oq::JournalSync::Send>(step).batch;
  d_.network.send(batch.request, [this, alive = alive_, batch](oq::ExchangeResult r) {
    if (!*alive) return;
    sync_->settle(batch, r, clock_.wall_ms());
    sync_journal();
  });
}

void KioskProcess::pump() {
  if (drain_->outstanding()) return;
  const std::uint64_t gen = ++pump_gen_;
  auto step = drain_->next(clock_.wall_ms());
  if (auto* w = std::get_if<oq::OutboxDrain::Wait>(&step)) {
    later(Millis{std::max<std::int64_t>(1, w->until_ms - clock_.wall_ms())}, "outbox.pump",
          [this, gen] {
            if (gen == pump_gen_) pump();
          });
    return;
  }
  oq::OutboxItem item = std::get<oq::OutboxDrain::Send>(step).item;
  oq::HttpRequest req{item.method, item.path, item.body, item.idempotency_key};
  d_.network.send(req, [this, alive = alive_, item](oq::ExchangeResult r) {
    if (!*alive) return;
    drain_->settle(item, r, clock_.wall_ms());
    publish_market();
    pump();
  });
}

// ---- the rates poller ----

void KioskProcess::poll_rates() {
  if (idle_) {
    polling_rates_ = false;
    return;
  }
  d_.network.send(oq::HttpRequest{"GET", "/v1/rates", "", std::nullopt},
                  [this, alive = alive_](oq::ExchangeResult r) {
                    if (!*alive) return;
                    on_rates(r);
                    const Millis next =
                        online_ ? Millis{std::chrono::seconds(d_.config.exchange.rates_refresh_s)}
                                : kRatesRefreshOffline;
                    later(next, "rates.poll", [this] { poll_rates(); });
                  });
}

// The printer's state as the runtime learns it: DLE EOT n for the profile's queries, each answer
// (the printer simulator's status byte) folded by the real decoder, told to the supervisor.
bool KioskProcess::check_printer() {
  devices::PrinterStatus status{};
  bool answered = true;
  for (std::uint8_t n : printer_profile_.status_queries) {
    auto folded =
        devices::escpos::apply_status_answer(status, n, d_.devices.printer.status_byte(n));
    if (!folded) {
      answered = false;
      break;
    }
    status = *folded;
  }
  if (answered)
    supervisor_.on_printer(status);
  else
    supervisor_.on_printer_unreachable("bad status answer");
  return answered && status.ok();
}

void KioskProcess::on_rates(const oq::ExchangeResult& r) {
  std::optional<oq::RatesSnapshot> snap;
  if (r && r->status == 200)
    if (auto s = oq::parse_rates(r->body)) snap = *s;
  online_ = snap.has_value();
  if (snap) {  // as RatesPoller::apply: the config's assets the exchange quotes now
    market_.offers.clear();
    for (const auto& a : d_.config.assets) {
      auto slash = a.id.find('/');
      const oq::AssetRate* rate = snap->find(a.id.substr(0, slash), a.id.substr(slash + 1));
      if (rate) market_.offers.push_back({a.id, a.name, a.symbol, rate->decimals, rate->buy});
    }
    market_.as_of = snap->as_of;
    market_.received_at = clock_.now();
  }
  publish_market();
  if (station_) station_->set_rates(snap, market_);
  check_printer();  // as the runtime's periodic printer check
  refresh_availability();
}

void KioskProcess::publish_market() {
  market_.online = online_;
  if (auto pending = store_->outbox().unacknowledged_fiat_kzt("/v1/cash-in"))
    market_.offline_exposure = flows::Kzt{*pending};
  flow_->set_market(market_);
}

// ---- the identification desk (look-up only) ----

void KioskProcess::look_up(const cp::CustomerIdentity& who,
                           std::function<void(cp::CustomerStanding)> answer) {
  later(kLookUpTime, "kyc.look_up", [this, who, answer = std::move(answer)] {
    const std::string ref = app::customer_ref(d_.pseudonym_key, who);
    const bool blocked = d_.blocked.count(who.key) > 0;
    auto local =
        app::local_usage(*store_, ref, clock_.wall_ms(), d_.config.compliance.utc_offset_minutes);
    cp::Usage usage = local
                          ? cp::combine_usage(std::nullopt, *local)
                          : cp::Usage{flows::Kzt{1'000'000'000'000}, flows::Kzt{1'000'000'000'000}};
    // Online, the desk would have the exchange's usage for the person: with one kiosk that is
    // this kiosk's journal, so the stand-in says it came from the exchange (cash-out needs it).
    answer(cp::CustomerStanding{ref, blocked, usage, online_, cp::ReviewState::None});
    arm_deadline();
  });
}

}  // namespace kiosk::simulate
