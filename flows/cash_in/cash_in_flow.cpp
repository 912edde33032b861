#include "flows/cash_in/cash_in_flow.hpp"

#include <algorithm>

#include "flows/cash_in/cash_in_receipt.hpp"

namespace kiosk::flows::cash_in {

const char* to_string(Screen s) {
  switch (s) {
    case Screen::Welcome:
      return "welcome";
    case Screen::ChooseAsset:
      return "choose_asset";
    case Screen::ScanWallet:
      return "scan_wallet";
    case Screen::Identify:
      return "identify";
    case Screen::ScanDocument:
      return "scan_document";
    case Screen::CheckingCustomer:
      return "checking_customer";
    case Screen::Selfie:
      return "selfie";
    case Screen::InsertNotes:
      return "insert_notes";
    case Screen::Processing:
      return "processing";
    case Screen::Done:
      return "done";
    case Screen::SessionEnded:
      return "session_ended";
  }
  return "unknown";
}

const char* to_string(EndReason r) {
  switch (r) {
    case EndReason::None:
      return "none";
    case EndReason::Completed:
      return "completed";
    case EndReason::Cancelled:
      return "cancelled";
    case EndReason::Timeout:
      return "timeout";
    case EndReason::DeviceFault:
      return "device_fault";
  }
  return "unknown";
}

bool rates_usable(const Policy& p, const Market& m, Instant now) {
  if (!m.received_at || m.offers.empty()) return false;
  auto age = now - *m.received_at;
  if (m.online) return age <= p.max_rate_age;
  return p.offline.enabled && age <= p.offline.max_rate_age && m.offline_exposure < p.offline.cap;
}

Kzt session_limit(const Policy& p, const Market& m, bool offline) {
  Kzt limit = p.max_tx;
  if (offline) limit = std::min({limit, p.offline.max_tx, p.offline.cap - m.offline_exposure});
  return std::max(limit, Kzt{0});
}

EscrowDecision decide_escrow(const Session& s, Kzt note, const Policy& p, const Market&,
                             Instant now) {
  if (std::find(p.denominations.begin(), p.denominations.end(), note) == p.denominations.end())
    return {false, "note_not_accepted"};
  if (s.credited + note > s.limit) return {false, "note_over_limit"};
  Millis ttl = s.offline ? p.offline.max_rate_age : p.quote_ttl;
  if (now - s.quote_received_at > ttl) return {false, "quote_expired"};
  return {true, ""};
}

CashInFlow::CashInFlow(Policy policy, WalletResolver resolve_wallet, TxIdSource new_tx_id)
    : policy_(std::move(policy)),
      resolve_wallet_(std::move(resolve_wallet)),
      new_tx_id_(std::move(new_tx_id)) {}

void CashInFlow::set_available(bool available, std::string reason) {
  available_ = available;
  unavailable_reason_ = available ? "" : std::move(reason);
}

bool CashInFlow::buy_open(Instant now) const { return available_ && !sellable(now).empty(); }

std::vector<AssetOffer> CashInFlow::sellable(Instant now) const {
  if (!rates_usable(policy_, market_, now)) return {};
  return market_.offers;
}

Kzt CashInFlow::room() const { return std::max(s_.limit - s_.credited, Kzt{0}); }

std::vector<Kzt> CashInFlow::notes_that_fit() const {
  std::vector<Kzt> out;
  for (Kzt d : policy_.denominations)
    if (d <= room()) out.push_back(d);
  return out;
}

bool CashInFlow::can_raise_tier() const {
  if (!policy_.kyc || s_.credited > Kzt{0} || s_.escrow || s_.end_requested) return false;
  return compliance::selfie_raises_limit(*policy_.kyc, s_.person);
}

void CashInFlow::set_limit(Kzt base) {
  s_.limit = base;
  s_.limit_binding = "transaction";
  if (!policy_.kyc) return;
  auto l = compliance::person_limit(*policy_.kyc, s_.person, base);
  s_.limit = l.amount;
  s_.limit_binding = l.binding;
}

std::vector<Effect> CashInFlow::handle(const Event& e, Instant now) {
  Fx fx;
  std::visit(
      [&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<T, Touch>) on_touch(ev, now, fx);
        if constexpr (std::is_same_v<T, WalletScanned>) on_wallet(ev, now, fx);
        if constexpr (std::is_same_v<T, NoteEvent>) on_note(ev, now, fx);
        if constexpr (std::is_same_v<T, Tick>) on_tick(now, fx);
        if constexpr (std::is_same_v<T, ReceiptDone>) on_receipt(ev, now, fx);
        if constexpr (std::is_same_v<T, DocumentChecked>) on_document(ev, now, fx);
        if constexpr (std::is_same_v<T, CustomerStanding>) on_standing(ev, now, fx);
        if constexpr (std::is_same_v<T, SelfieChecked>) on_selfie(ev, now, fx);
      },
      e);
  return fx;
}

void CashInFlow::go(Screen s, std::optional<Millis> timeout, Instant now) {
  screen_ = s;
  deadline_ = timeout ? std::optional<Instant>(now + *timeout) : std::nullopt;
}

void CashInFlow::reset() {
  s_ = Session{};
  go(Screen::Welcome, std::nullopt, Instant{});
}

void CashInFlow::on_touch(const Touch& t, Instant now, Fx& fx) {
  const auto& to = policy_.timeouts;
  switch (screen_) {
    case Screen::Welcome: {
      auto& langs = policy_.languages;
      if (t.action != "choose_language" || !(buy_open(now) || sell_offered_)) return;
      if (std::find(langs.begin(), langs.end(), t.value) == langs.end()) return;
      s_.lang = t.value;
      go(Screen::ChooseAsset, to.choose_asset, now);
      return;
    }
    case Screen::ChooseAsset: {
      if (t.action == "cancel") return reset();
      if (t.action != "choose_asset" || !available_) return;  // buying not offered now
      for (const auto& o : sellable(now)) {
        if (o.id != t.value) continue;
        s_.asset = o;
        s_.message.clear();
        go(Screen::ScanWallet, to.scan_wallet, now);
      }
      return;
    }
    case Screen::ScanWallet:
      if (t.action == "cancel") reset();
      return;
    case Screen::Identify:
      if (t.action == "consent") {
        fx.push_back(Journal{compliance::consent_given(s_.person, *policy_.kyc, gate(), now)});
        s_.message.clear();
        return go(Screen::ScanDocument, to.scan_document, now);
      }
      if (t.action == "continue_anonymous" &&
          compliance::go_anonymous(s_.person, *policy_.kyc,
                                   session_limit(policy_, market_, !market_.online), gate()))
        return open_session(now, fx);
      if (t.action == "cancel") abandon(EndReason::Cancelled, "", now, fx);
      return;
    case Screen::ScanDocument:
    case Screen::CheckingCustomer:
      if (t.action == "cancel") abandon(EndReason::Cancelled, "", now, fx);
      return;
    case Screen::Selfie:
      if (t.action == "cancel") {
        s_.message.clear();
        fx.push_back(EnableNotes{notes_that_fit()});
        go(Screen::InsertNotes, to.insert_notes, now);
      }
      return;
    case Screen::InsertNotes:
      if (t.action == "take_selfie" && can_raise_tier()) {
        fx.push_back(DisableNotes{});
        s_.message.clear();
        return go(Screen::Selfie, to.selfie, now);
      }
      if (t.action == "confirm" && s_.credited > Kzt{0} && !s_.escrow) {
        fx.push_back(DisableNotes{});
        return purchase(now, fx);
      }
      if (t.action == "cancel") return end_session(EndReason::Cancelled, now, fx);
      if (!s_.escrow) deadline_ = now + to.insert_notes;  // any touch keeps the session alive
      return;
    case Screen::Processing:
      return;
    case Screen::Done:
    case Screen::SessionEnded:
      if (t.action == "finish") reset();
      return;
  }
}

void CashInFlow::on_wallet(const WalletScanned& w, Instant now, Fx& fx) {
  if (screen_ != Screen::ScanWallet || !s_.asset) return;
  auto checked = resolve_wallet_(w.payload, s_.asset->id);
  if (!checked) {
    s_.message = checked.error().code;
    deadline_ = now + policy_.timeouts.scan_wallet;
    return;
  }
  s_.address = checked->address;
  s_.wallet_warnings = checked->warnings;
  s_.qr_amount = checked->amount;
  s_.message.clear();
  if (!policy_.kyc) return open_session(now, fx);
  s_.tx_id = new_tx_id_();
  go(Screen::Identify, policy_.timeouts.identify, now);
}

void CashInFlow::on_document(const DocumentChecked& d, Instant now, Fx& fx) {
  if (screen_ != Screen::ScanDocument) return;
  auto step = compliance::on_document(s_.person, d, gate());
  compliance::append_step<Journal>(step, fx);
  s_.message = step.message;
  if (step.kind == compliance::GateStep::Kind::LookUp)
    return go(Screen::CheckingCustomer, policy_.timeouts.checking_customer, now);
  deadline_ = now + policy_.timeouts.scan_document;
}

void CashInFlow::on_standing(const CustomerStanding& c, Instant now, Fx& fx) {
  if (screen_ != Screen::CheckingCustomer) return;
  Kzt base = session_limit(policy_, market_, !market_.online);
  if (!c.usage_from_exchange) base = std::min(base, policy_.offline.max_tx);
  auto step = compliance::on_standing(s_.person, c, *policy_.kyc, base, gate());
  compliance::append_step<Journal>(step, fx);
  if (step.kind == compliance::GateStep::Kind::Refused)
    return abandon(EndReason::Cancelled, step.message, now, fx);
  if (step.kind == compliance::GateStep::Kind::Identified) open_session(now, fx);
}

void CashInFlow::on_selfie(const SelfieChecked& c, Instant now, Fx& fx) {
  if (screen_ != Screen::Selfie) return;
  auto step = compliance::on_selfie(s_.person, c, *policy_.kyc, gate());
  s_.message = step.message;
  if (step.kind != compliance::GateStep::Kind::TierRaised) {
    deadline_ = now + policy_.timeouts.selfie;
    return;
  }
  set_limit(session_limit(policy_, market_, s_.offline));
  step.journal.push_back(compliance::tier_raised(gate(), s_.person, s_.limit, s_.limit_binding));
  compliance::append_step<Journal>(step, fx);
  fx.push_back(EnableNotes{notes_that_fit()});
  go(Screen::InsertNotes, policy_.timeouts.insert_notes, now);
}

// Ends a session before any cash was taken: journaled as closed once it has an id.
void CashInFlow::abandon(EndReason why, std::string message, Instant now, Fx& fx) {
  if (!s_.tx_id.empty())
    fx.push_back(Journal{record("cash_in.closed")
                             .set("reason", std::string(to_string(why)))
                             .set("unresolved_kzt", std::int64_t{0})});
  if (message.empty()) return reset();
  s_.end = why;
  s_.message = std::move(message);
  go(Screen::SessionEnded, policy_.timeouts.ended, now);
}

void CashInFlow::open_session(Instant now, Fx& fx) {
  if (!available_) return abandon(EndReason::DeviceFault, "validator_unavailable", now, fx);
  s_.offline = !market_.online;
  set_limit(session_limit(policy_, market_, s_.offline));
  s_.quote_received_at = market_.received_at.value_or(now);
  if (s_.limit <= Kzt{0}) return abandon(EndReason::Cancelled, "limit_reached", now, fx);
  if (s_.tx_id.empty()) s_.tx_id = new_tx_id_();
  const AssetOffer& a = *s_.asset;
  fx.push_back(Journal{
      record("cash_in.session_opened")
          .set("asset", a.id)
          .set("address", s_.address)
          .set("decimals", std::int64_t{a.decimals})
          .set("rate", a.buy.to_string())
          .set("rate_as_of", market_.as_of)
          .set("offline", s_.offline)
          .set("fee_bps", std::int64_t{policy_.fee_bps})
          .set("limit_kzt", s_.limit.value)
          .set("lang", s_.lang)
          .set("person", s_.person.ref)
          .set("tier",
               std::string(policy_.kyc ? compliance::to_string(s_.person.tier) : "not_required"))
          .set("limit_binding", s_.limit_binding)});
  fx.push_back(EnableNotes{notes_that_fit()});
  go(Screen::InsertNotes, policy_.timeouts.insert_notes, now);
}

void CashInFlow::on_note(const NoteEvent& n, Instant now, Fx& fx) {
  using K = NoteEvent::Kind;
  switch (n.kind) {
    case K::Escrowed:
      return on_escrowed(n.amount, now, fx);
    case K::Stacked:
      if (n.detail == kPowerUpInStacker) return on_power_up_in_stacker(n.amount, now, fx);
      return on_stacked(n.amount, now, fx);
    case K::Returned:
      if (!s_.escrow) return;
      fx.push_back(Journal{record("cash_in.note_returned").set("kzt", s_.escrow->value)});
      s_.escrow.reset();
      s_.returning = false;
      if (s_.end_requested) return end_session(s_.end, now, fx);
      deadline_ = now + policy_.timeouts.insert_notes;
      return;
    case K::Rejected:
      // With notes inhibited for the limit, the likely cause is a note over the room left: say so.
      if (screen_ == Screen::InsertNotes)
        s_.message = notes_that_fit().size() < policy_.denominations.size() ? "note_over_limit"
                                                                            : "note_rejected";
      return;
    case K::Fault:
      return on_fault(n, now, fx);
  }
}

void CashInFlow::on_escrowed(Kzt note, Instant now, Fx& fx) {
  bool in_session = screen_ == Screen::InsertNotes && !s_.end_requested && !s_.escrow;
  if (!in_session) {  // nobody to credit: give it back
    fx.push_back(ReturnNote{});
    return;
  }
  s_.escrow = note;
  deadline_ = now + policy_.timeouts.escrow;
  EscrowDecision d = decide_escrow(s_, note, policy_, market_, now);
  if (!d.accept) {
    fx.push_back(
        Journal{record("cash_in.note_refused").set("kzt", note.value).set("reason", d.reason)});
    fx.push_back(ReturnNote{});
    s_.returning = true;
    s_.message = d.reason;
    return;
  }
  fx.push_back(Journal{record("cash_in.note_stacking").set("kzt", note.value)});
  fx.push_back(StackNote{});
  s_.stacking = true;
  s_.message.clear();
}

// The validator powered up with a bill in its stacker. If the kiosk had told it to stack the
// escrowed note, that note is the bill: credited in the session, or, once the session ended on the
// fault, journaled as recovered for it. Otherwise nothing is known: a late / unattributed credit.
void CashInFlow::on_power_up_in_stacker(Kzt note, Instant now, Fx& fx) {
  const Kzt ours = s_.escrow.value_or(s_.unresolved);
  const bool same = note <= Kzt{0} || note == ours;
  if (screen_ == Screen::InsertNotes && s_.escrow && s_.stacking && same)
    return on_stacked(*s_.escrow, now, fx, kPowerUpInStacker);
  if (!s_.escrow && s_.unresolved > Kzt{0} && s_.unresolved_was_stacking && same &&
      !s_.tx_id.empty()) {
    fx.push_back(Journal{record("cash_in.credit_recovered")
                             .set("kzt", s_.unresolved.value)
                             .set("source", std::string(kPowerUpInStacker))});
    s_.unresolved_was_stacking = false;
    return;
  }
  // Not a note this kiosk told to stack: journaled for the operator, never credited here.
  std::string type = s_.tx_id.empty() ? "cash.unattributed_note" : "cash_in.late_credit";
  fx.push_back(Journal{Record{s_.tx_id, type, {}}
                           .set("kzt", note.value)
                           .set("source", std::string(kPowerUpInStacker))});
}

void CashInFlow::on_stacked(Kzt note, Instant now, Fx& fx, const char* source) {
  if (screen_ != Screen::InsertNotes || note <= Kzt{0}) {
    // A credit outside a session (power-up with a note in the stacker, a report after the session
    // closed): never dropped, journaled for the operator to reconcile with the customer.
    std::string type = s_.tx_id.empty() ? "cash.unattributed_note" : "cash_in.late_credit";
    fx.push_back(Journal{Record{s_.tx_id, type, {}}.set("kzt", note.value)});
    return;
  }
  s_.credited += note;
  s_.notes[note.value] += 1;
  s_.escrow.reset();
  s_.stacking = false;
  Record credited =
      record("cash_in.note_credited").set("kzt", note.value).set("total_kzt", s_.credited.value);
  if (source) credited.set("source", std::string(source));
  fx.push_back(Journal{std::move(credited)});
  if (s_.end_requested) return end_session(s_.end, now, fx);
  fx.push_back(EnableNotes{notes_that_fit()});
  deadline_ = now + policy_.timeouts.insert_notes;
}

void CashInFlow::on_fault(const NoteEvent& n, Instant now, Fx& fx) {
  switch (screen_) {
    case Screen::ChooseAsset:
    case Screen::ScanWallet:
    case Screen::Identify:
    case Screen::ScanDocument:
    case Screen::CheckingCustomer:  // no cash taken yet: tell the customer now, not at the notes
      return abandon(EndReason::DeviceFault, "validator_unavailable", now, fx);
    case Screen::InsertNotes:
    case Screen::Selfie:  // a session is open (no note yet on the selfie screen)
      break;
    default:
      return;
  }
  if (s_.escrow) {
    s_.unresolved = *s_.escrow;
    s_.unresolved_was_stacking = s_.stacking;
    fx.push_back(Journal{
        record("cash_in.note_unresolved").set("kzt", s_.escrow->value).set("reason", n.detail)});
    s_.escrow.reset();
    s_.stacking = s_.returning = false;
  }
  end_session(EndReason::DeviceFault, now, fx);
}

void CashInFlow::end_session(EndReason why, Instant now, Fx& fx) {
  s_.end = why;
  if (s_.escrow) {  // a note is moving: wait for the validator to finish with it
    s_.end_requested = true;
    if (!s_.stacking && !s_.returning) {
      fx.push_back(ReturnNote{});
      s_.returning = true;
    }
    deadline_ = now + policy_.timeouts.escrow;
    return;
  }
  s_.end_requested = false;
  fx.push_back(DisableNotes{});
  if (s_.credited > Kzt{0}) return purchase(now, fx);
  fx.push_back(Journal{record("cash_in.closed")
                           .set("reason", std::string(to_string(why)))
                           .set("unresolved_kzt", s_.unresolved.value)});
  go(Screen::SessionEnded, policy_.timeouts.ended, now);
}

void CashInFlow::purchase(Instant now, Fx& fx) {
  const AssetOffer& a = *s_.asset;
  s_.fee = fee_for(s_.credited, policy_.fee_bps);
  s_.crypto = crypto_for_fiat(s_.credited - s_.fee, a.buy, a.decimals).value_or(0);
  PurchaseOrder order{s_.tx_id,      a.id,       s_.address, s_.credited,
                      s_.fee,        *s_.crypto, s_.notes,   a.buy.to_string(),
                      market_.as_of, s_.offline, false,      s_.person.ref};
  Record r = record("cash_in.purchase_queued")
                 .set("fiat_kzt", s_.credited.value)
                 .set("fee_kzt", s_.fee.value)
                 .set("crypto_atoms", atoms_to_string(*s_.crypto))
                 .set("offline", s_.offline)
                 .set("end", std::string(to_string(s_.end)));
  fx.push_back(QueuePurchase{std::move(r), std::move(order)});
  fx.push_back(PrintReceipt{build_cash_in_receipt(s_, policy_)});
  if (s_.end == EndReason::None) s_.end = EndReason::Completed;
  go(Screen::Processing, policy_.timeouts.receipt, now);
}

void CashInFlow::on_receipt(const ReceiptDone& r, Instant now, Fx& fx) {
  if (screen_ != Screen::Processing) return;
  s_.receipt_printed = r.printed;
  if (r.printed)
    fx.push_back(Journal{record("cash_in.receipt_printed")});
  else
    fx.push_back(Journal{record("cash_in.receipt_failed").set("error", r.error)});
  fx.push_back(Journal{record("cash_in.closed")
                           .set("reason", std::string(to_string(s_.end)))
                           .set("unresolved_kzt", s_.unresolved.value)});
  go(Screen::Done, policy_.timeouts.done, now);
}

void CashInFlow::on_tick(Instant now, Fx& fx) {
  if (!deadline_ || now < *deadline_) return;
  switch (screen_) {
    case Screen::Welcome:
      deadline_.reset();
      return;
    case Screen::ChooseAsset:
    case Screen::ScanWallet:
    case Screen::Done:
    case Screen::SessionEnded:
      return reset();
    case Screen::Identify:
    case Screen::ScanDocument:
      return abandon(EndReason::Timeout, "", now, fx);
    case Screen::CheckingCustomer:  // the shell always answers; a lost answer ends politely
      return abandon(EndReason::Timeout, "identification_unavailable", now, fx);
    case Screen::Selfie:
      s_.message.clear();
      fx.push_back(EnableNotes{notes_that_fit()});
      return go(Screen::InsertNotes, policy_.timeouts.insert_notes, now);
    case Screen::InsertNotes:
      if (s_.escrow) {  // the validator never reported what happened to the note
        return on_fault(NoteEvent{NoteEvent::Kind::Fault, {}, "no_answer"}, now, fx);
      }
      return end_session(EndReason::Timeout, now, fx);
    case Screen::Processing:
      return on_receipt(ReceiptDone{false, "printer_timeout"}, now, fx);
  }
}

}  // namespace kiosk::flows::cash_in
