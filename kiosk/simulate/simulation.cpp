#include "kiosk/simulate/simulation.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <limits>
#include <memory>
#include <set>

#include "kiosk/simulate/customer.hpp"
#include "kiosk/simulate/dispenser_faults.hpp"
#include "kiosk/simulate/event_queue.hpp"
#include "kiosk/simulate/invariants.hpp"
#include "kiosk/simulate/kiosk_process.hpp"
#include "kiosk/simulate/seller.hpp"
#include "kiosk/simulate/sim_network.hpp"
#include "offline_queue/log_line.hpp"

namespace kiosk::simulate {

namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kStartWallMs = 1801321200000;  // 2027-01-30 20:00 in Almaty (UTC+5)
constexpr const char* kSecret = "sim-whole-kiosk-secret-0123456789abcdef";
constexpr const char* kPseudonymKey = "sim-whole-kiosk-pseudonym-key-0123456789";
constexpr double kCrashPerStep = 1.0 / 4000;
constexpr Millis kLivenessLimit{std::chrono::hours(12)};

// Faults that are episodes (the network's per-request faults and crashes are drawn elsewhere).
const std::vector<Fault> kEpisodes{Fault::NoteJam,
                                   Fault::CassetteFull,
                                   Fault::CassetteRemoved,
                                   Fault::ValidatorFailure,
                                   Fault::PowerCycle,
                                   Fault::PowerCycleInStack,
                                   Fault::CommandNak,
                                   Fault::FrameCorrupted,
                                   Fault::FrameDropped,
                                   Fault::LineGarbage,
                                   Fault::Unplugged,
                                   Fault::PaperOut,
                                   Fault::CoverOpen,
                                   Fault::NetPartition,
                                   Fault::DispenserPickError,
                                   Fault::DispenserRejects,
                                   Fault::DispenserJam,
                                   Fault::DispenserJamStuck,
                                   Fault::DispenserCassetteRemoved,
                                   Fault::DispenserTrayRemoved,
                                   Fault::DispenserNearEnd,
                                   Fault::DispenserEmpty,
                                   Fault::DispenserCommandNak,
                                   Fault::DispenserFrameCorrupted,
                                   Fault::DispenserFrameDropped,
                                   Fault::DispenserUnplugged,
                                   Fault::DispenserPowerCycle,
                                   Fault::DispenserAnswerLost};

// The configured dispenser, as loaded in the LCDM simulator (the cassette book starts from the
// same counts).
sim::lcdm::LcdmDeviceSim loaded_dispenser(const app::KioskConfig& config) {
  auto model = devices::lcdm::Model::Lcdm4000;
  if (config.dispenser)
    model = devices::lcdm::model_from_string(config.dispenser->protocol).value_or(model);
  auto dc = sim::lcdm::default_sim_config(model);
  if (config.dispenser) {
    dc.cassettes.clear();
    for (const auto& c : config.dispenser->cassettes)
      dc.cassettes.push_back({flows::Kzt{c.kzt}, c.count, true});
  }
  return sim::lcdm::LcdmDeviceSim(dc);
}

std::string temp_db_path(const SimOptions& o) {
  std::filesystem::path dir = o.db_dir;
  if (dir.empty())
    dir = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
  return (dir /
          ("kiosk-simulate-" + std::to_string(o.seed) + "-" + std::to_string(::getpid()) + ".db"))
      .string();
}

void remove_db(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::filesystem::remove(path + suffix, ec);
}

class Run {
 public:
  Run(const app::KioskConfig& config, const SimOptions& o)
      : config_(config),
        o_(o),
        rng_(o.seed),
        customer_rng_(rng_.fork(1)),
        fault_rng_(rng_.fork(2)),
        queue_(clock_),
        devices_{sim::ccnet::CcnetDeviceSim{},
                 sim::EscPosPrinterSim{},
                 {},
                 loaded_dispenser(config),
                 {}},
        exchange_({{config.kiosk_id, kSecret}}, sim::default_sim_rates()),
        network_(exchange_, queue_, clock_, rng_.fork(3), faults_, config.kiosk_id, kSecret),
        checker_(config),
        cash_out_checker_(devices_.dispenser),
        db_path_(temp_db_path(o)) {
    checker_.watch_cash_out(cash_out_checker_, exchange_.cash_out_desk());
    clock_.epoch_ms = kStartWallMs;
    SimRng people_rng = rng_.fork(4);
    people_ = draw_population(people_rng, 40);
    for (const auto& p : people_)
      if (p.blocked) blocked_.insert(p.who.key);
    for (const auto& a : config.assets) assets_.push_back(a.id);
  }
  ~Run() {
    kiosk_.reset();
    remove_db(db_path_);
  }

  SimResult go();

 private:
  void boot();
  void crash();
  void arrive();
  void customer_act();
  void settle();
  bool someone_there() const { return customer_ || seller_; }
  void seller_act();
  void visitor_gone();
  void seller_left(const Seller& s);
  void background_fault();
  void inject(Fault f);
  void heal();
  void liveness_check();
  void check(const char* kind);
  void violate(const std::string& what);
  void final_checks();

  const app::KioskConfig& config_;
  SimOptions o_;
  SimRng rng_, customer_rng_, fault_rng_;
  VirtualClock clock_;
  EventQueue queue_;
  FaultCounts faults_;
  SimDevices devices_;
  sim::ExchangeService exchange_;
  SimNetwork network_;
  InvariantChecker checker_;
  CashOutChecker cash_out_checker_;
  std::string db_path_;
  std::vector<Resident> people_;
  std::set<std::string> blocked_;
  std::vector<std::string> assets_;
  std::unique_ptr<KioskProcess> kiosk_;
  std::optional<Customer> customer_;
  std::optional<Seller> seller_;
  std::vector<DepositLeft> codes_;  // redeem codes customers took home
  std::int64_t sellers_ = 0, redeemers_ = 0, cash_taken_ = 0;
  std::int64_t arrived_ = 0, steps_ = 0, crashes_ = 0, lives_ = 0, recovered_ = 0;
  std::int64_t kyc_submissions_ = 0;
  bool faults_on_ = false, liveness_ = false, done_ = false, bug_done_ = false;
  Instant liveness_start_{0};
  std::vector<std::string> violations_;
  std::map<std::string, std::int64_t> steps_by_kind_;
};

void Run::boot() {
  if (kiosk_) kyc_submissions_ += kiosk_->kyc_submissions();
  kiosk_ = std::make_unique<KioskProcess>(ProcessDeps{queue_, clock_, devices_, network_, config_,
                                                      db_path_, kPseudonymKey,
                                                      o_.seed * 1000003 + lives_++, blocked_});
  kiosk_->set_poll_elision(o_.elide_polls);
  auto r = kiosk_->boot();
  if (!r) {
    violate("boot: " + r.error());
    return;
  }
  recovered_ += static_cast<std::int64_t>(*r);
  for (auto& v : checker_.journal_chain(kiosk_->store())) violate(v);
  if (!someone_there() && !liveness_) queue_.after(30s, "kiosk.settle", [this] { settle(); });
}

void Run::crash() {
  faults_.add(Fault::Crash);
  ++crashes_;
  kyc_submissions_ += kiosk_->kyc_submissions();
  kiosk_.reset();  // every in-memory object of the process is gone; the database stays
  queue_.after(Millis{fault_rng_.between(3000, 60000)}, "kiosk.boot", [this] { boot(); });
}

void Run::arrive() {
  if (arrived_ >= o_.sessions || liveness_) return;
  if (someone_there() || (kiosk_ && (kiosk_->flow().screen() != flows::cash_in::Screen::Welcome ||
                                     kiosk_->selling()))) {
    queue_.after(30s, "customer.arrive", [this] { arrive(); });  // waits for the one before
    return;
  }
  ++arrived_;
  const bool redeem = !codes_.empty() && customer_rng_.chance(0.3);
  if (redeem || customer_rng_.chance(0.25)) {
    SellPlan plan = draw_sell_plan(customer_rng_, people_.size(), assets_);
    if (redeem) {  // someone back with a receipt's code (any day later, maybe after a restart)
      const std::size_t i = customer_rng_.below(codes_.size());
      plan.person = codes_[i].person;
      plan.redeem_code = codes_[i].redeem_code;
      codes_.erase(codes_.begin() + static_cast<std::ptrdiff_t>(i));
      ++redeemers_;
    } else {
      ++sellers_;
    }
    seller_.emplace(std::move(plan), people_[plan.person]);
    if (kiosk_) kiosk_->set_idle(false);
    queue_.after(Millis{customer_rng_.between(2000, 8000)}, "customer.act",
                 [this] { seller_act(); });
  } else {
    CustomerPlan plan = draw_plan(customer_rng_, people_.size(), assets_);
    const Resident& person = people_[plan.person];
    customer_.emplace(std::move(plan), person);
    if (kiosk_) kiosk_->set_idle(false);
    queue_.after(Millis{customer_rng_.between(2000, 8000)}, "customer.act",
                 [this] { customer_act(); });
  }
  // The next one: a few dozen a day, more in the evening than at night.
  const std::int64_t gap_min = customer_rng_.between(1, 100);
  queue_.after(Millis{std::chrono::minutes(gap_min)}, "customer.arrive", [this] { arrive(); });
}

void Run::customer_act() {
  if (!customer_) return;
  if (faults_on_) {
    // Faults aimed at the moments that matter: a note in escrow or on its way to the cassette.
    const bool note_moving =
        kiosk_ && (kiosk_->flow().session().escrow || kiosk_->flow().session().stacking);
    if (fault_rng_.chance(note_moving ? 0.15 : 0.03)) inject(fault_rng_.pick(kEpisodes));
    if (note_moving && o_.crashes && kiosk_ && fault_rng_.chance(0.03)) crash();
  }
  auto next = customer_->act(kiosk_.get(), devices_, customer_rng_);
  if (next) {
    queue_.after(*next, "customer.act", [this] { customer_act(); });
    return;
  }
  customer_.reset();
  visitor_gone();
}

void Run::seller_act() {
  if (!seller_) return;
  if (faults_on_) {
    // Faults aimed at the moment that matters: notes moving out of the dispenser.
    const bool paying = kiosk_ && kiosk_->dispensing();
    if (fault_rng_.chance(paying ? 0.15 : 0.03)) inject(fault_rng_.pick(kEpisodes));
  }
  auto next =
      seller_->act(kiosk_.get(), exchange_.cash_out_desk(), clock_.wall_ms(), customer_rng_);
  if (next) {
    queue_.after(*next, "customer.act", [this] { seller_act(); });
    return;
  }
  seller_left(*seller_);
  seller_.reset();
  visitor_gone();
}

// A customer or seller walked away: the kiosk settles, and after the last one the faults stop and
// the liveness phase begins.
void Run::visitor_gone() {
  queue_.after(5s, "kiosk.settle", [this] { settle(); });
  if (arrived_ >= o_.sessions && !liveness_) {
    liveness_ = true;
    liveness_start_ = clock_.now;
    heal();
    queue_.after(60s, "liveness.check", [this] { liveness_check(); });
  }
}

// A deposit the customer left behind: the code goes home with them; a deposit sent but not yet
// confirmed is confirmed by the chain later (most of them), so the code can pay out then.
void Run::seller_left(const Seller& s) {
  if (s.took_cash()) ++cash_taken_;
  const auto& left = s.left_behind();
  if (!left) return;
  codes_.push_back(*left);
  if (left->paid && customer_rng_.chance(0.8)) {
    const std::string id = left->order_id;
    queue_.after(Millis{customer_rng_.between(60'000, 720'000)}, "chain.confirm", [this, id] {
      (void)exchange_.cash_out_desk().move_deposit(id, sim::CashOutDesk::DepositAction::Confirm,
                                                   std::nullopt, clock_.wall_ms());
    });
  }
}

// After a customer: once the kiosk is back on its welcome screen with nothing moving, the cash in
// the cassette must be accounted for, and the kiosk parks until the next customer.
void Run::settle() {
  if (someone_there() || !kiosk_) return;
  const bool quiet = kiosk_->flow().screen() == flows::cash_in::Screen::Welcome &&
                     kiosk_->cable_quiet() && devices_.validator.state_name() != "escrow" &&
                     !kiosk_->selling() && (!kiosk_->dispenser() || kiosk_->dispenser()->quiet());
  if (!quiet) {
    queue_.after(10s, "kiosk.settle", [this] { settle(); });
    return;
  }
  for (auto& v : checker_.when_quiet(devices_)) violate(v);
  for (auto& v : cash_out_checker_.when_quiet(devices_)) violate(v);
  if (kiosk_->station() && kiosk_->station()->suspended())  // an unknown payout: the operator
    queue_.after(Millis{fault_rng_.between(600'000, 7'200'000)}, "operator.settle", [this] {
      if (kiosk_) kiosk_->lift_cash_out_suspension();
    });
  if (!liveness_) kiosk_->set_idle(true);
}

void Run::background_fault() {
  if (!faults_on_) return;
  inject(fault_rng_.pick(kEpisodes));
  queue_.after(Millis{std::chrono::minutes(fault_rng_.between(5, 120))}, "fault.next",
               [this] { background_fault(); });
}

void Run::inject(Fault f) {
  faults_.add(f);
  auto& v = devices_.validator;
  const Millis episode{fault_rng_.between(2000, 20 * 60 * 1000)};
  if (is_dispenser_fault(f)) {
    inject_dispenser_fault(f, episode, devices_, fault_rng_, queue_, cash_out_checker_);
    if (kiosk_ && kiosk_->dispenser()) kiosk_->dispenser()->nudge();
    return;
  }
  switch (f) {
    case Fault::NoteJam:
      v.jam();
      queue_.after(episode, "technician.clear_jam", [this] { devices_.validator.clear_jam(); });
      break;
    case Fault::CassetteFull:
      v.cassette_full(true);
      queue_.after(episode, "technician.cassette",
                   [this] { devices_.validator.cassette_full(false); });
      break;
    case Fault::CassetteRemoved:
      v.remove_cassette(true);
      queue_.after(episode, "technician.cassette",
                   [this] { devices_.validator.remove_cassette(false); });
      break;
    case Fault::ValidatorFailure:
      v.fail(static_cast<std::uint8_t>(0x50 + fault_rng_.below(8)));
      queue_.after(episode, "technician.repair", [this] { devices_.validator.clear_failure(); });
      break;
    case Fault::PowerCycle:
      v.power_cycle(false);
      break;
    case Fault::PowerCycleInStack:
      v.power_cycle(true);
      break;
    case Fault::CommandNak:
      v.nak_next_commands(static_cast<int>(fault_rng_.between(1, 4)));
      break;
    case Fault::FrameCorrupted:
      v.corrupt_next_answer();
      break;
    case Fault::FrameDropped:
      devices_.cable.drop_answers += static_cast<int>(fault_rng_.between(1, 5));
      break;
    case Fault::LineGarbage: {
      devices::Bytes noise(fault_rng_.between(1, 12));
      for (auto& b : noise) b = static_cast<std::uint8_t>(fault_rng_.below(256));
      v.inject_garbage(noise);
      break;
    }
    case Fault::Unplugged:
      devices_.cable.unplugged = true;
      queue_.after(Millis{fault_rng_.between(500, 120000)}, "technician.replug",
                   [this] { devices_.cable.unplugged = false; });
      break;
    case Fault::PaperOut:
      devices_.printer.set_paper(sim::EscPosPrinterSim::Paper::Out);
      queue_.after(episode, "technician.paper",
                   [this] { devices_.printer.set_paper(sim::EscPosPrinterSim::Paper::Ok); });
      break;
    case Fault::CoverOpen:
      devices_.printer.set_cover_open(true);
      queue_.after(Millis{fault_rng_.between(2000, 300000)}, "technician.cover",
                   [this] { devices_.printer.set_cover_open(false); });
      break;
    case Fault::NetPartition:
      network_.set_partitioned(true);
      queue_.after(Millis{fault_rng_.between(10000, 90 * 60 * 1000)}, "net.heal",
                   [this] { network_.set_partitioned(false); });
      break;
    default:
      break;
  }
}

// The faults stop: what a technician and the network operator would leave after a visit.
void Run::heal() {
  faults_on_ = false;
  auto& v = devices_.validator;
  v.clear_jam();
  v.cassette_full(false);
  v.remove_cassette(false);
  v.clear_failure();
  devices_.cable.unplugged = false;
  devices_.cable.drop_answers = 0;
  devices_.printer.set_paper(sim::EscPosPrinterSim::Paper::Ok);
  devices_.printer.set_cover_open(false);
  network_.set_partitioned(false);
  network_.set_rates({});
  network_.set_rates_junk(0);
  heal_dispenser(devices_, cash_out_checker_);
  if (kiosk_) kiosk_->lift_cash_out_suspension();
  if (kiosk_) kiosk_->set_idle(false);
}

void Run::liveness_check() {
  if (!kiosk_) {
    queue_.after(60s, "liveness.check", [this] { liveness_check(); });
    return;
  }
  kiosk_->set_idle(false);
  auto& store = kiosk_->store();
  auto depth = store.outbox().depth();
  auto failed = store.outbox().list_failed();
  const auto& flow = kiosk_->flow();
  auto last = store.last_row();
  const std::int64_t last_seq = last && *last ? (*last)->seq : 0;
  const auto& sync = kiosk_->journal_sync();
  const bool synced = sync.acked_through() == last_seq && !sync.status().halted;
  if (!synced) kiosk_->nudge_sync();
  const bool drained = depth && *depth == 0 && failed && failed->empty() && synced;
  const bool in_service = flow.available() && flow.buy_open(clock_.now) &&
                          flow.screen() == flows::cash_in::Screen::Welcome;
  if (drained && in_service) {
    done_ = true;
    return;
  }
  if (clock_.now - liveness_start_ > kLivenessLimit) {
    violate(std::string("liveness: after 12 h without faults ") +
            (drained
                 ? ""
                 : "the outbox has not drained (" + std::to_string(depth ? *depth : -1) +
                       " pending, " + std::to_string(failed ? failed->size() : 0) + " failed) ") +
            (in_service ? "" : "the kiosk is not in service (" + flow.unavailable_reason() + ")"));
    done_ = true;
    return;
  }
  queue_.after(60s, "liveness.check", [this] { liveness_check(); });
}

void Run::violate(const std::string& what) {
  violations_.push_back("seed " + std::to_string(o_.seed) + " step " + std::to_string(steps_) +
                        " (" + std::to_string(clock_.now.count()) + " ms): " + what);
}

void Run::check(const char* kind) {
  (void)kind;
  if (!kiosk_) return;
  if (o_.inject_bug == "phantom_credit" && !bug_done_ && checker_.purchases() >= 3) {
    bug_done_ = true;  // a kiosk bug: a credit journaled for a note the validator never stacked
    (void)kiosk_->store().append(oq::JournalEntry{
        "bug-tx", "cash_in.note_credited", R"({"kzt":5000,"total_kzt":5000})", clock_.wall_ms()});
  }
  if (o_.inject_bug == "double_dispense" && !bug_done_ && cash_out_checker_.payouts() >= 1) {
    // A kiosk bug: a second payout journaled for an order already paid (once one was reported).
    const auto& orders = exchange_.cash_out_desk().orders();
    for (const auto& [id, o] : orders)
      if (o.report && !bug_done_ && (bug_done_ = true))
        (void)kiosk_->store().append(oq::JournalEntry{"bug-tx", "cash_out.dispense_intent",
                                                      R"({"order_id":")" + id + R"("})",
                                                      clock_.wall_ms()});
  }
  for (auto& v : checker_.after_step(kiosk_->store(), devices_)) violate(v);
  for (auto& v : cash_out_checker_.after_step(devices_)) violate(v);
}

void Run::final_checks() {
  if (!kiosk_) boot();
  auto& store = kiosk_->store();
  for (auto& v : checker_.after_step(store, devices_)) violate(v);
  for (auto& v : checker_.when_quiet(devices_)) violate(v);
  for (auto& v : cash_out_checker_.after_step(devices_)) violate(v);
  for (auto& v : checker_.journal_chain(store)) violate(v);
  // Exactly once: every purchase the journal queued was applied by the exchange once, and the
  // exchange applied nothing else.
  std::map<std::string, int> applied;
  for (const auto& r : exchange_.requests())
    if (r.target == "/v1/cash-in" && !r.replay && r.status >= 200 && r.status < 300)
      ++applied[r.idempotency_key];
  for (const auto& [tx, n] : checker_.purchases_by_tx()) {
    const int a = applied.count(tx + ":cash-in") ? applied[tx + ":cash-in"] : 0;
    if (a != 1)
      violate("outbox_exactly_once: " + tx + " applied " + std::to_string(a) +
              " times by the exchange");
  }
  // The exchange's copy of the journal is the kiosk's, row for row.
  auto rows = store.rows_range(1, std::numeric_limits<std::int64_t>::max());
  const auto& copy = exchange_.journals().rows_of(config_.kiosk_id);
  if (!rows || *rows != copy)
    violate("journal_copy: the exchange holds " + std::to_string(copy.size()) +
            " rows that are not the kiosk's " + std::to_string(rows ? rows->size() : 0));
  for (const auto& [key, n] : applied)
    if (!checker_.purchases_by_tx().count(key.substr(0, key.rfind(':'))))
      violate("outbox_exactly_once: the exchange applied " + key + " the journal never queued");
  // The same for the dispensed reports (POST /v1/cash-out/orders/{id}/dispensed).
  std::map<std::string, int> reported;
  for (const auto& r : exchange_.requests())
    if (r.target.ends_with("/dispensed") && !r.replay && r.status >= 200 && r.status < 300)
      ++reported[r.idempotency_key];
  for (const auto& [tx, n] : cash_out_checker_.reports_by_tx()) {
    const int a = reported.count(tx + ":dispensed") ? reported[tx + ":dispensed"] : 0;
    if (n != 1 || a != 1)
      violate("dispensed_exactly_once: " + tx + " queued " + std::to_string(n) +
              " reports, the exchange applied " + std::to_string(a));
  }
  for (const auto& [key, n] : reported)
    if (!cash_out_checker_.reports_by_tx().count(key.substr(0, key.rfind(':'))))
      violate("dispensed_exactly_once: the exchange applied " + key + " the journal never queued");
}

SimResult Run::go() {
  oq::set_log_quiet(true);
  remove_db(db_path_);
  const auto wall_start = std::chrono::steady_clock::now();
  faults_on_ = o_.faults;
  if (o_.faults) network_.set_rates({0.02, 0.02, 0.02, 0.01, 0.02}), network_.set_rates_junk(0.02);
  boot();
  queue_.after(1min, "customer.arrive", [this] { arrive(); });
  if (o_.faults)
    queue_.after(Millis{std::chrono::minutes(fault_rng_.between(5, 60))}, "fault.next",
                 [this] { background_fault(); });
  SimResult res;
  while (!done_ && !queue_.empty() && violations_.empty()) {
    if (o_.replay_to && steps_ + 1 >= *o_.replay_to) {
      res.stopped_at = steps_ + 1;
      res.details["next_step"] = queue_.next_kind();
      break;
    }
    const char* kind = queue_.run_next();
    ++steps_;
    ++steps_by_kind_[kind];
    if (kiosk_ && !std::string_view(kind).starts_with("validator.")) kiosk_->nudge();
    check(kind);
    if (faults_on_ && o_.crashes && kiosk_ && fault_rng_.chance(kCrashPerStep)) crash();
    // While notes are moving out, a crash has to be settled from the device (unknown path).
    if (faults_on_ && o_.crashes && kiosk_ && kiosk_->dispensing() && fault_rng_.chance(0.04)) {
      faults_.add(Fault::CrashMidDispense);
      crash();
    }
  }
  if (violations_.empty() && !res.stopped_at) {
    if (!done_) violate("the run ended before the liveness phase finished");
    final_checks();
  }
  const auto wall = std::chrono::steady_clock::now() - wall_start;
  res.seed = o_.seed;
  res.sessions = arrived_;
  res.steps = steps_;
  res.faults = faults_;
  res.crashes = crashes_;
  res.violations = violations_;
  res.wall_s = std::chrono::duration<double>(wall).count();
  if (kiosk_) {
    auto last = kiosk_->store().last_row();
    if (last && *last) res.journal_hash = (*last)->hash;
    kyc_submissions_ += kiosk_->kyc_submissions();
  }
  auto& d = res.details;
  d["virtual_days"] = static_cast<double>(clock_.now.count()) / 86'400'000.0;
  d["purchases"] = checker_.purchases();
  d["recovered_purchases"] = checker_.recovered_purchases();
  d["offline_purchases"] = checker_.offline_purchases();
  d["notes_refused_over_limit"] = checker_.limit_refusals();
  d["credited_kzt"] = checker_.credited_kzt();
  d["surfaced_unresolved_kzt"] = checker_.surfaced_kzt();
  d["sessions_recovered_at_boot"] = recovered_;
  d["journal_rows"] = checker_.rows_read();
  d["exchange_requests"] = exchange_.requests().size();
  d["kyc_submissions_not_sent"] = kyc_submissions_;
  d["cassette_notes"] = devices_.validator.counters().stacked_notes();
  d["notes_returned"] = devices_.validator.counters().returned;
  d["notes_rejected"] = devices_.validator.counters().rejected;
  d["steps_by_kind"] = steps_by_kind_;
  d["sessions_by_limit_binding"] = checker_.limit_bindings();
  d["receipts_printed"] = checker_.receipts_printed();
  d["receipts_failed"] = checker_.receipts_failed();
  d["sell_sessions"] = sellers_;
  d["redeem_sessions"] = redeemers_;
  d["cash_taken_sessions"] = cash_taken_;
  d["payouts"] = cash_out_checker_.payouts();
  d["payouts_partial"] = cash_out_checker_.partial_payouts();
  d["payouts_unknown"] = cash_out_checker_.unknown_payouts();
  d["redeem_payouts"] = cash_out_checker_.redeem_payouts();
  d["redeem_codes_issued"] = cash_out_checker_.redeem_codes_issued();
  d["paid_out_kzt"] = cash_out_checker_.paid_kzt();
  d["dispenser_notes_delivered"] = devices_.dispenser.total_delivered();
  d["dispenser_reject_tray"] = devices_.dispenser.reject_tray();
  oq::set_log_quiet(false);
  return res;
}

}  // namespace

nlohmann::json SimResult::to_json() const {
  nlohmann::json j;
  j["seed"] = seed;
  j["sessions"] = sessions;
  j["steps"] = steps;
  j["faults"] = faults.to_json();
  j["crashes"] = crashes;
  j["violations"] = violations;
  j["journal_hash"] = journal_hash;
  j["sessions_per_s"] = wall_s > 0 ? static_cast<double>(sessions) / wall_s : 0.0;
  j["steps_per_s"] = wall_s > 0 ? static_cast<double>(steps) / wall_s : 0.0;
  j["wall_s"] = wall_s;
  if (stopped_at) j["stopped_before_step"] = *stopped_at;
  j["details"] = details;
  return j;
}

SimResult run_simulation(const app::KioskConfig& config, const SimOptions& options) {
  Run run(config, options);
  return run.go();
}

}  // namespace kiosk::simulate
