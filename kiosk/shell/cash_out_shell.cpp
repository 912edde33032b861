#include "kiosk/shell/cash_out_shell.hpp"

#include <nlohmann/json.hpp>

#include "flows/dispense/dispense_plan.hpp"
#include "flows/receipt_words.hpp"
#include "kiosk/log.hpp"
#include "kiosk/shell/cash_in_shell.hpp"
#include "kiosk/shell/cash_out_presenter.hpp"
#include "kiosk/shell/record_json.hpp"

namespace kiosk::app {

using namespace flows::cash_out;

namespace {

constexpr Millis kPollEvery{2000};
constexpr int kOrderAttempts = 3;

DepositState state_of(oq::OrderStatus s) {
  switch (s) {
    case oq::OrderStatus::Waiting:
      return DepositState::Waiting;
    case oq::OrderStatus::Seen:
      return DepositState::Seen;
    case oq::OrderStatus::Confirmed:
      return DepositState::Confirmed;
    case oq::OrderStatus::Expired:
      return DepositState::Expired;
    case oq::OrderStatus::Dispensing:
    case oq::OrderStatus::Dispensed:
      break;
  }
  return DepositState::Dispensed;
}

DispenseFinished::Result finished_result(devices::DispenseOutcome::Result r) {
  using R = devices::DispenseOutcome::Result;
  if (r == R::Complete) return DispenseFinished::Result::Complete;
  if (r == R::Partial) return DispenseFinished::Result::Partial;
  return DispenseFinished::Result::Unknown;
}

}  // namespace

CashOutShell::CashOutShell(ShellScheduler scheduler, CashOutFlow& cash_out, RedeemFlow& redeem,
                           oq::Store& store, CashOutExchange& exchange, CashOutPorts ports,
                           ShellClock clock)
    : scheduler_(std::move(scheduler)),
      cash_out_(cash_out),
      redeem_(redeem),
      store_(store),
      exchange_(exchange),
      ports_(std::move(ports)),
      clock_(std::move(clock)),
      executor_(store, ports_.dispense, clock_) {}

CashOutShell::~CashOutShell() { *alive_ = false; }

void CashOutShell::set_cassettes(std::vector<flows::dispense::Cassette> cassettes) {
  cassettes_ = cassettes;
  cash_out_.set_cassettes(cassettes);
  redeem_.set_cassettes(std::move(cassettes));
}

void CashOutShell::start(Active which, const std::string& lang) {
  if (active_ != Active::None || which == Active::None) return;
  lang_ = lang;
  typed_code_.clear();
  last_screen_ = nullptr;
  active_ = which;
  if (which == Active::CashOut)
    handle(Touch{"choose_language", lang});
  else
    handle(Touch{"redeem", lang});
}

void CashOutShell::handle(const Event& e) {
  Instant now = clock_.now();
  std::vector<Effect> fx;
  if (active_ == Active::Redeem)
    fx = redeem_.handle(e, now);
  else if (active_ == Active::CashOut)
    fx = cash_out_.handle(e, now);
  run_effects(fx);
  update_active();
  render();
}

bool CashOutShell::wants_redeem_code() const {
  return active_ == Active::Redeem &&
         redeem_.screen() == flows::cash_out::RedeemFlow::Screen::ScanCode;
}

void CashOutShell::code_scanned(const std::string& text) {
  if (!wants_redeem_code()) return;
  typed_code_.clear();
  handle(flows::cash_out::CodeScanned{text});
}

void CashOutShell::touch(const std::string& action, const std::string& value) {
  if (active_ == Active::Redeem && redeem_.screen() == RedeemFlow::Screen::ScanCode) {
    if (action == "key" && value.size() == 1 && typed_code_.size() < 10) {
      typed_code_ += value;
      return render();
    }
    if (action == "backspace") {
      if (!typed_code_.empty()) typed_code_.pop_back();
      return render();
    }
    if (action == "submit") return handle(CodeScanned{redeem_code_from_keys(typed_code_)});
  }
  handle(Touch{action, value});
}

void CashOutShell::update_active() {
  bool idle = (active_ == Active::CashOut && cash_out_.screen() == Screen::Welcome) ||
              (active_ == Active::Redeem && redeem_.screen() == RedeemFlow::Screen::Idle);
  if (!idle) return;
  active_ = Active::None;
  watched_order_.clear();
  ++poll_gen_;
  typed_code_.clear();
}

std::string CashOutShell::screen_name() const {
  if (active_ == Active::CashOut) return std::string("sell.") + to_string(cash_out_.screen());
  if (active_ == Active::Redeem) return std::string("redeem.") + to_string(redeem_.screen());
  return "none";
}

bool CashOutShell::journal(const flows::Record& r) {
  if (r.type == rec::kDispenseResult)
    last_planned_ = flows::Kzt{r.get_int("planned_kzt").value_or(0)};
  auto row =
      store_.append(oq::JournalEntry{r.tx_id, r.type, record_payload(r).dump(), clock_.wall_ms()});
  if (!row) {
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", r.type}, {"error", row.error().what}});
    return false;
  }
  return true;
}

bool CashOutShell::report(const ReportDispensed& r) {
  oq::DispensedReport body;
  body.tx_id = r.tx_id;
  for (auto it = r.notes.rbegin(); it != r.notes.rend(); ++it)
    if (it->second > 0) body.notes.push_back({it->first, it->second});
  body.fiat = r.fiat;
  body.shortfall = std::max(flows::Kzt{0}, last_planned_ - r.fiat);
  body.result = r.result == "complete"  ? oq::DispenseResultKind::Complete
                : r.result == "partial" ? oq::DispenseResultKind::Partial
                                        : oq::DispenseResultKind::Unknown;
  if (body.result == oq::DispenseResultKind::Complete) body.shortfall = flows::Kzt{0};
  oq::OutboxRequest req{r.tx_id + ":dispensed", "POST",
                        "/v1/cash-out/orders/" + r.order_id + "/dispensed",
                        oq::dispensed_body(body), r.tx_id};
  auto row = store_.append(oq::JournalEntry{r.record.tx_id, r.record.type,
                                            record_payload(r.record).dump(), clock_.wall_ms()},
                           req);
  if (!row) {
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", r.record.type}, {"error", row.error().what}});
    return false;
  }
  log_event(LogLevel::Info, "cash_out.dispensed_queued",
            {{"tx", r.tx_id}, {"result", r.result}, {"fiat_kzt", std::to_string(r.fiat.value)}});
  if (ports_.outbox_kick) ports_.outbox_kick();
  return true;
}

void CashOutShell::look_up_customer(const flows::compliance::CustomerIdentity& who) {
  if (!ports_.look_up_customer) {  // nothing to ask: the flow ends the identification politely
    log_event(LogLevel::Error, "kyc.no_look_up", {});
    return;
  }
  ports_.look_up_customer(who, [this, alive = alive_](CustomerStanding standing) {
    if (*alive) handle(standing);
  });
}

void CashOutShell::run_effects(const std::vector<Effect>& fx) {
  bool stopped = journal_failed_;  // after a failed write nothing more moves money
  for (const Effect& e : fx) {
    if (auto* j = std::get_if<Journal>(&e)) {
      if (!stopped && !journal(j->record)) stopped = true;
    } else if (auto* who = std::get_if<LookUpCustomer>(&e)) {
      look_up_customer(who->who);
    } else if (auto* k = std::get_if<SubmitKyc>(&e)) {
      if (!stopped && ports_.submit_kyc) ports_.submit_kyc(*k);
    } else if (auto* c = std::get_if<CreateOrder>(&e)) {
      if (!stopped && !journal(c->record)) stopped = true;
      if (!stopped) create_order(*c, 1);
    } else if (auto* w = std::get_if<WatchOrder>(&e)) {
      watch(w->order_id);
    } else if (std::holds_alternative<StopWatching>(e)) {
      watched_order_.clear();
      ++poll_gen_;
    } else if (auto* l = std::get_if<LookUpRedeem>(&e)) {
      look_up(*l);
    } else if (auto* d = std::get_if<Dispense>(&e)) {
      dispense(*d, stopped);
    } else if (auto* r = std::get_if<ReportDispensed>(&e)) {
      if (!stopped && !report(*r)) stopped = true;
    } else if (auto* p = std::get_if<PrintReceipt>(&e)) {
      print(p->receipt);
    } else if (auto* rc = std::get_if<PrintRedeemCode>(&e)) {
      print(rc->receipt);
    } else if (auto* s = std::get_if<SuspendCashOut>(&e)) {
      log_event(LogLevel::Error, "cash_out.suspended",
                {{"reason", s->reason}, {"tx", s->tx_id}, {"action", "operator"}});
      if (ports_.suspend) ports_.suspend(s->reason);
    }
  }
  if (stopped && !journal_failed_) {
    journal_failed_ = true;
    if (ports_.suspend) ports_.suspend("journal_unwritable");
  }
}

void CashOutShell::create_order(const CreateOrder& c, int attempt) {
  auto slash = c.asset_id.find('/');
  oq::CashOutOrderRequest req{c.tx_id,
                              c.asset_id.substr(0, slash),
                              slash == std::string::npos ? "" : c.asset_id.substr(slash + 1),
                              c.fiat,
                              std::nullopt,
                              std::nullopt};
  if (!c.customer_ref.empty()) req.customer_key = c.customer_ref;  // the pseudonym, never the IIN
  exchange_.create_order(
      req, c.tx_id + ":order",
      [this, alive = alive_, c, attempt](ExchangeReply<oq::CashOutOrder> r) {
        if (!*alive) return;
        if (r) {
          Order o{r->order_id,   r->deposit_address,        r->payment_uri, r->crypto_atoms,
                  r->expires_at, r->required_confirmations, r->redeem_code};
          return handle(OrderCreated{o, Millis{r->expires_at_ms - clock_.wall_ms()}});
        }
        bool offline = r.error().kind == ExchangeRefusal::Kind::Unreachable;
        bool still_waiting = active_ == Active::CashOut &&
                             cash_out_.screen() == Screen::CreatingOrder &&
                             cash_out_.session().tx_id == c.tx_id;
        if (offline && still_waiting && attempt < kOrderAttempts) {
          // Same Idempotency-Key: a lost answer comes back, never a second order.
          return scheduler_(Millis{1000}, [this, alive, c, attempt] {
            if (*alive) create_order(c, attempt + 1);
          });
        }
        handle(OrderFailed{offline, r.error().code, r.error().message});
      });
}

void CashOutShell::watch(const std::string& order_id) {
  watched_order_ = order_id;
  claim_key_ = session_tx() + ":claim";
  poll_order();
}

void CashOutShell::poll_order() {
  if (watched_order_.empty() || poll_in_flight_) return;
  poll_in_flight_ = true;
  exchange_.order_status(
      watched_order_, [this, alive = alive_, id = watched_order_](ExchangeReply<oq::OrderView> r) {
        if (!*alive) return;
        poll_in_flight_ = false;
        if (id != watched_order_) return;
        if (r) on_order_view(*r);
        if (watched_order_.empty()) return;
        scheduler_(kPollEvery, [this, alive, gen = ++poll_gen_] {
          if (*alive && gen == poll_gen_) poll_order();
        });
      });
}

void CashOutShell::on_order_view(const oq::OrderView& v) {
  DepositStatus d{state_of(v.status), v.received_atoms, v.confirmations};
  // The flow pays out on a settled deposit: claim it first. When the cassettes cannot pay it, the
  // flow hears the status unclaimed, finds no plan and ends with the redeem code.
  if (!oq::deposit_settled(v) || !payable_now(v.fiat)) return handle(d);
  // The dispenser is asked right before the claim: one that cannot pay makes the flow (told it
  // is unavailable) give the redeem code, the order unclaimed.
  check_dispenser([this, alive = alive_, v, d, id = watched_order_](bool can_pay) mutable {
    if (!*alive || id != watched_order_) return;
    if (!can_pay) return handle(d);
    claim_then(v, claim_key_, [this, d](std::optional<ClaimAnswer> a) mutable {
      if (!a) return;  // unreachable: the next poll asks again with the same key
      d.state = a->granted ? DepositState::Confirmed : DepositState::Dispensed;
      handle(d);
    });
  });
}

void CashOutShell::check_dispenser(std::function<void(bool)> then) {
  if (!ports_.check_dispenser) return then(true);
  ports_.check_dispenser(std::move(then));
}

void CashOutShell::claim_then(const oq::OrderView& v, const std::string& key,
                              std::function<void(std::optional<ClaimAnswer>)> then) {
  exchange_.claim(v.order_id, session_tx().empty() ? key : session_tx(), key,
                  [this, alive = alive_, then = std::move(then)](ExchangeReply<oq::OrderView> r) {
                    if (!*alive) return;
                    if (r) return then(ClaimAnswer{true, ""});
                    if (r.error().kind == ExchangeRefusal::Kind::Refused)
                      return then(ClaimAnswer{false, r.error().code});
                    then(std::nullopt);
                  });
}

void CashOutShell::look_up(const LookUpRedeem& l) {
  std::string key = "claim:" + l.code + ":" + std::to_string(clock_.wall_ms());
  exchange_.redeem_lookup(l.code, [this, alive = alive_, key,
                                   person = l.customer_ref](ExchangeReply<oq::OrderView> r) {
    if (!*alive) return;
    if (!r) {
      if (r.error().kind == ExchangeRefusal::Kind::Refused && r.error().code == "not_found")
        return handle(RedeemStatus{});
      return handle(LookupFailed{"needs_exchange"});
    }
    RedeemStatus st;
    st.found = true;
    st.order_id = r->order_id;
    st.asset_id = r->asset + "/" + r->network;
    st.fiat = r->fiat;
    st.state = state_of(r->status);
    st.crypto_atoms = r->crypto_atoms;
    st.received_atoms = r->received_atoms;
    st.confirmations = r->confirmations;
    st.required_confirmations = r->required_confirmations;
    st.dispensed_here = dispensed_here(r->order_id);
    // An order made for one identified person is paid to that person only: never claimed here
    // for another (the code may have been lost or passed on).
    st.other_person = !person.empty() && !r->customer_key.empty() && r->customer_key != person;
    if (!oq::deposit_settled(*r) || st.dispensed_here || st.other_person || !payable_now(r->fiat))
      return handle(st);
    check_dispenser([this, alive, key, view = *r, st](bool can_pay) mutable {
      if (!*alive) return;
      if (!can_pay) return handle(st);  // the flow, told it is unavailable, claims nothing
      claim_then(view, key, [this, st](std::optional<ClaimAnswer> a) mutable {
        if (!a) return handle(LookupFailed{"needs_exchange"});
        st.state = a->granted ? DepositState::Confirmed : DepositState::Dispensed;
        handle(st);
      });
    });
  });
}

bool CashOutShell::payable_now(flows::Kzt amount) const {
  return flows::dispense::plan_dispense(cassettes_, amount, cash_out_.policy().limits).has_value();
}

bool CashOutShell::dispensed_here(const std::string& order_id) {
  auto rows = store_.rows_with({rec::kDispenseIntent}, oq::Store::PayloadKey::OrderId, order_id);
  return !rows || !rows->empty();  // cannot tell: refuse rather than risk a second payout
}

void CashOutShell::dispense(const Dispense& d, bool stopped) {
  if (executor_.busy()) {  // never two payouts at once; the flows never ask for it
    log_event(LogLevel::Error, "cash_out.dispense_refused", {{"reason", "busy"}});
    return;
  }
  auto nothing_sent = [this, alive = alive_](std::string why) {
    scheduler_(Millis{0}, [this, alive, why] {
      if (*alive) handle(DispenseFinished{DispenseFinished::Result::Partial, {}, why});
    });
  };
  if (stopped || !journal(d.intent)) {
    journal_failed_ = true;
    return nothing_sent("journal_unwritable");
  }
  PayoutOrder order;
  order.tx_id = d.intent.tx_id;
  order.order_id = d.order_id;
  order.amount = d.plan.amount;
  int slots = 0;
  for (const auto& c : cassettes_) slots = std::max(slots, c.index + 1);
  order.denominations.assign(static_cast<std::size_t>(slots), flows::Kzt{0});
  for (const auto& c : cassettes_) order.denominations[static_cast<std::size_t>(c.index)] = c.kzt;
  for (const auto& b : d.plan.batches) {
    std::vector<int> counts(static_cast<std::size_t>(slots), 0);
    for (const auto& t : b.takes)
      if (t.index >= 0 && t.index < slots) counts[static_cast<std::size_t>(t.index)] += t.count;
    order.batches.push_back(std::move(counts));
  }
  log_event(LogLevel::Info, "cash_out.dispensing",
            {{"tx", order.tx_id},
             {"kzt", std::to_string(order.amount.value)},
             {"batches", std::to_string(order.batches.size())}});
  executor_.run(std::move(order), [this, alive = alive_](const PayoutResult& r) {
    if (!*alive) return;
    DispenseFinished f{finished_result(r.result), {}, r.error};
    for (std::size_t i = 0; i < r.cassettes.size(); ++i)
      if (r.cassettes[i].delivered || r.cassettes[i].rejected)
        f.moves.push_back({static_cast<int>(i), r.cassettes[i].delivered, r.cassettes[i].rejected});
    if (r.journal_failed) journal_failed_ = true;
    log_event(
        r.result == devices::DispenseOutcome::Result::Complete ? LogLevel::Info : LogLevel::Error,
        "cash_out.dispensed",
        {{"result", devices::to_string(r.result)},
         {"delivered_kzt", std::to_string(r.delivered.value)},
         {"error", r.error}});
    handle(f);
  });
}

void CashOutShell::print(const flows::Receipt& r) {
  flows::Receipt dated = r;
  dated.lines.insert(dated.lines.begin(),
                     flows::ReceiptLine{std::string(flows::receipt_words(r.lang).date_utc),
                                        iso8601_utc(clock_.wall_ms())});
  ports_.print(dated, [this, alive = alive_](bool printed, std::string error) {
    if (!*alive) return;
    if (!printed) log_event(LogLevel::Warn, "printer.failed", {{"error", error}});
    handle(ReceiptDone{printed, std::move(error)});
  });
}

std::string CashOutShell::session_tx() const {
  if (active_ == Active::Redeem) return redeem_.session().tx_id;
  return cash_out_.session().tx_id;
}

void CashOutShell::render() {
  if (active_ == Active::None || !ports_.show) return;
  nlohmann::json screen = active_ == Active::CashOut
                              ? present_cash_out(cash_out_, lang_, clock_.now())
                              : present_redeem(redeem_, lang_, typed_code_, clock_.now());
  // As the cash-in shell: the page counts down by itself, so a screen is new only when its content
  // or its deadline moved, never because a second passed (that would re-render under a finger).
  nlohmann::json key = screen;
  auto deadline = active_ == Active::CashOut ? cash_out_.deadline() : redeem_.deadline();
  key["deadline_s"] = deadline ? nlohmann::json(deadline->count()) : nlohmann::json(nullptr);
  if (key == last_screen_) return;
  last_screen_ = std::move(key);
  ports_.show(screen);
}

std::string redeem_code_from_keys(const std::string& keys) {
  if (keys.size() != 10) return "R-" + keys;
  return "R-" + keys.substr(0, 5) + "-" + keys.substr(5);
}

}  // namespace kiosk::app
