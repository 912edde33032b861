#include "kiosk/runtime/scenario_runner.hpp"

#include <csignal>
#include <map>
#include <regex>

#include "kiosk/log.hpp"
#include "kiosk/runtime/cash_out_summary.hpp"
#include "kiosk/shell/cassette_ledger.hpp"
#include "kiosk/shell/crash_points.hpp"

namespace kiosk::app {

using flows::cash_in::Screen;
using nlohmann::json;

ScenarioRunner::ScenarioRunner(boost::asio::io_context& io, KioskRuntime& kiosk, json scenario)
    : io_(io), kiosk_(kiosk), scenario_(std::move(scenario)), timer_(io) {}

void ScenarioRunner::start(std::function<void(const json&)> done) {
  done_ = std::move(done);
  auto last = kiosk_.store().last_row();
  start_seq_ = (last && *last) ? (*last)->seq : 0;
  next();
}

void ScenarioRunner::after(Millis d, std::function<void()> then) {
  timer_.expires_after(d);
  timer_.async_wait([then = std::move(then)](auto ec) {
    if (!ec) then();
  });
}

void ScenarioRunner::wait_until(std::function<bool()> cond, Millis timeout, std::string what) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto poll = std::make_shared<std::function<void()>>();
  *poll = [this, cond = std::move(cond), deadline, what = std::move(what), poll] {
    // Clearing *poll destroys this lambda: copy what is needed first.
    ScenarioRunner* self = this;
    if (cond()) {
      *poll = nullptr;
      return self->next();
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::string why = "timed out waiting for " + what;
      *poll = nullptr;
      return self->fail(why);
    }
    after(Millis{20}, [poll] {
      if (*poll) (*poll)();
    });
  };
  (*poll)();
}

void ScenarioRunner::fail(const std::string& why) {
  failure_ = {{"step", step_}, {"why", why}};
  done_(summary());
}

// The active session's limit, identification and message: the cash-out session's while the
// cash-out station has the screen (a redeem: its message only), the cash-in session's otherwise.
json ScenarioRunner::session_view() {
  auto view = [](const auto& s) {
    return json{{"limit_kzt", s.limit.value},
                {"limit_binding", s.limit_binding},
                {"tier", flows::compliance::to_string(s.person.tier)},
                {"message", s.message}};
  };
  auto* co = kiosk_.cash_out();
  if (co && co->shell().active() == CashOutShell::Active::CashOut)
    return view(co->flow().session());
  if (co && co->shell().active() == CashOutShell::Active::Redeem)
    return json{{"message", co->redeem().session().message}};
  return view(kiosk_.flow().session());
}

// {"expect_cassette_book": true}: the cassette book the kiosk keeps in its journal holds, per
// cassette, exactly the notes the dispenser simulator has left (the physical truth).
bool ScenarioRunner::expect_cassette_book() {
  auto* sim = kiosk_.sim();
  if (!sim || !sim->dispenser_in_use() || !sim->dispenser())
    return fail("expect_cassette_book: the dispenser is not the in-process simulator"), false;
  auto book = current_cassette_book(kiosk_.store());
  if (!book || !*book)
    return fail("expect_cassette_book: no cassette book: " + (book ? "" : book.error())), false;
  for (const auto& c : (*book)->cassettes()) {
    const int left = sim->dispenser()->left(c.index);
    if (c.count != left)
      return fail("expect_cassette_book: cassette " + std::to_string(c.index) + " holds " +
                  std::to_string(left) + " notes, the book says " + std::to_string(c.count)),
             false;
  }
  return true;
}

// {"expect": {"limit_kzt": 200000, "limit_binding": "tier", "tier": "document"}}: the active
// session's limit and identification as they stand now.
bool ScenarioRunner::expect(const json& want) {
  json have = session_view();
  for (const auto& [key, value] : want.items()) {
    if (!have.contains(key)) return fail("expect: unknown key " + key), false;
    if (have[key] != value)
      return fail("expect " + key + ": wanted " + value.dump() + ", have " + have[key].dump()),
             false;
  }
  return true;
}

void ScenarioRunner::next() {
  const json& steps = scenario_["steps"];
  if (step_ >= steps.size()) return done_(summary());
  const json& s = steps[step_++];
  Millis timeout{s.value("timeout_ms", 10000)};
  auto sim = [&](json msg) -> bool {
    auto r = kiosk_.sim()->act(msg);
    if (!r) fail(msg.value("action", "") + ": " + r.error());
    return r.has_value();
  };
  if (s.contains("tap")) {
    kiosk_.touch(s["tap"].get<std::string>(), s.value("value", ""));
    return next();
  }
  if (s.contains("sim")) return sim(s["sim"]) ? next() : void();
  // A customer holds the note at the bezel until the validator takes it (or the step times out).
  for (const char* a : {"insert_note", "insert_fake"}) {
    if (!s.contains(a)) continue;
    json msg = {{"action", a}, {"kzt", s[a]}};
    return wait_until([this, msg] { return kiosk_.sim()->act(msg).has_value(); }, timeout,
                      std::string("the validator to take the note (") + a + ")");
  }
  if (s.contains("show_qr")) {
    json m = s["show_qr"];
    m["action"] = "present_qr";
    return sim(m) ? next() : void();
  }
  if (s.contains("show_selfie")) {  // {"show_selfie": {"faces": 1, "seed": 3}}
    json m = s["show_selfie"].is_object() ? s["show_selfie"] : json::object();
    m["action"] = "present_selfie";
    return sim(m) ? next() : void();
  }
  if (s.contains("show_id_as_selfie")) {  // an ID card held up on the selfie screen
    json m = s["show_id_as_selfie"].is_object() ? s["show_id_as_selfie"] : json::object();
    m["action"] = "present_document_selfie";
    return sim(m) ? next() : void();
  }
  if (s.contains("show_id")) {  // {"show_id": {"kind": "id_card", "seed": 3}}
    json m = s["show_id"].is_object() ? s["show_id"] : json::object();
    m["action"] = "present_id";
    return sim(m) ? next() : void();
  }
  for (const char* a : {"unplug", "replug"})
    if (s.contains(a)) return sim({{"action", a}, {"device", s[a]}}) ? next() : void();
  for (const char* a : {"cut_exchange", "restore_exchange", "jam_validator", "clear_jam"})
    if (s.contains(a)) return sim({{"action", a}}) ? next() : void();
  // The customer's crypto deposit for the newest order: {"confirm_deposit": true} or
  // {"see_deposit": {"atoms": "1"}} (an under-paid deposit).
  for (const char* a : {"see_deposit", "confirm_deposit", "expire_deposit"}) {
    if (!s.contains(a)) continue;
    json msg = s[a].is_object() ? s[a] : json::object();
    msg["action"] = a;
    return sim(msg) ? next() : void();
  }
  if (s.contains("type_code")) {  // the redeem code printed on the last redeem slip, on the keypad
    std::string code = last_redeem_code();
    if (code.empty()) return fail("no redeem code was printed");
    for (char c : code.substr(2))  // "R-" is printed on the keypad's display already
      if (c != '-') kiosk_.touch("key", std::string(1, c));
    kiosk_.touch("submit", "");
    return next();
  }
  // The operator's mode, as `kiosk ctl maintenance on` or a signed command would ask for it:
  // {"operator_mode": {"mode": "maintenance", "message"?: "...", "expect"?: "pending"}}.
  if (s.contains("operator_mode")) {
    const json& m = s["operator_mode"];
    auto mode = operator_mode_from(m.value("mode", ""));
    if (!mode) return fail("operator_mode: mode must be in_service, out_of_service or maintenance");
    auto r = kiosk_.request_mode(*mode, "scenario", m.value("message", ""));
    if (!r) return fail("operator_mode: " + r.error());
    if (m.contains("expect") && m["expect"] != to_string(*r))
      return fail(std::string("operator_mode: ") + to_string(*r) + ", not " + m["expect"].dump());
    return next();
  }
  if (s.contains("wait_operator_mode")) {  // {"wait_operator_mode": "maintenance"}
    std::string want = s["wait_operator_mode"];
    return wait_until(
        [this, want] { return to_string(kiosk_.operator_mode().current().mode) == want; }, timeout,
        "operator mode " + want);
  }
  if (s.contains("show_code_qr")) {  // the last redeem slip's QR held up to the camera
    std::string code = last_redeem_code();
    if (code.empty()) return fail("no redeem code was printed");
    return sim({{"action", "present_qr"}, {"payload", code}}) ? next() : void();
  }
  if (s.contains("wait_ms")) return after(Millis{s["wait_ms"].get<int>()}, [this] { next(); });
  // {"mark": "jam"}: a line on stderr (event=scenario.mark name=jam) for a test driving a device
  // outside this process (a pty) to act on, then 300 ms for it to act.
  if (s.contains("mark")) {
    log_event(LogLevel::Info, "scenario.mark", {{"name", s["mark"].get<std::string>()}});
    return after(Millis{300}, [this] { next(); });
  }
  if (s.contains("wait_screen")) {
    std::string want = s["wait_screen"];
    return wait_until([this, want] { return kiosk_.screen_name() == want; }, timeout,
                      "screen " + want);
  }
  if (s.contains("wait_message")) {  // the active screen's message key ("several_faces", ...)
    std::string want = s["wait_message"];
    return wait_until([this, want] { return session_view()["message"] == want; }, timeout,
                      "message " + want);
  }
  if (s.contains("expect")) return expect(s["expect"]) ? next() : void();
  if (s.contains("wait_blocked_list")) {  // the kiosk holds this blocked-list version or newer
    std::int64_t want = s["wait_blocked_list"];
    return wait_until(
        [this, want] {
          return kiosk_.identity() && kiosk_.identity()->blocked_list_version() >= want;
        },
        timeout, "blocked list version " + std::to_string(want));
  }
  if (s.contains("wait_kyc_acknowledged")) {  // every KYC submission acknowledged by the exchange
    return wait_until([this] { return kiosk_.identity() && kiosk_.identity()->kyc_pending() == 0; },
                      timeout, "the KYC submissions acknowledged");
  }
  if (s.contains("wait_offers")) {  // {"wait_offers": {"buy": true, "sell": false}}
    json want = s["wait_offers"];
    return wait_until(
        [this, want] {
          json have = to_json(kiosk_.offers());
          for (const auto& [k, v] : want.items())
            if (!have.contains(k) || have[k] != v) return false;
          return true;
        },
        timeout, "offers " + want.dump());
  }
  if (s.contains("wait_cash_out")) {  // cash-out offered (dispenser ready, rates, cash to pay)
    return wait_until([this] { return kiosk_.cash_out() && kiosk_.cash_out()->offered(); }, timeout,
                      "cash-out offered");
  }
  if (s.contains("wait_credit")) {
    std::int64_t want = s["wait_credit"];
    return wait_until([this, want] { return kiosk_.flow().session().credited.value == want; },
                      timeout, "credit of " + std::to_string(want));
  }
  if (s.contains("wait_ready")) {
    return wait_until([this] { return kiosk_.open_for_customers(); }, timeout,
                      "the kiosk in service");
  }
  if (s.contains("wait_escrow")) {
    return wait_until([this] { return kiosk_.flow().session().escrow.has_value(); }, timeout,
                      "a note in escrow");
  }
  if (s.contains("wait_online")) {
    bool want = s["wait_online"];
    return wait_until([this, want] { return kiosk_.exchange_online() == want; }, timeout,
                      want ? "the exchange online" : "the exchange offline");
  }
  if (s.contains("wait_outbox_empty")) {
    return wait_until(
        [this] {
          auto d = kiosk_.store().outbox().depth();
          return d && *d == 0;
        },
        timeout, "the outbox to drain");
  }
  if (s.contains("expect_outbox_pending")) {  // exactly this many requests wait in the outbox now
    std::int64_t want = s["expect_outbox_pending"];
    auto d = kiosk_.store().outbox().depth();
    if (!d) return fail("expect_outbox_pending: " + d.error().what);
    if (*d != want)
      return fail("expect_outbox_pending: wanted " + std::to_string(want) + ", have " +
                  std::to_string(*d));
    return next();
  }
  if (s.contains("expect_cassette_book")) {  // the journal's cassette counts == the sim's notes
    return expect_cassette_book() ? next() : void();
  }
  if (s.contains("wait_journal_synced")) {
    return wait_until(
        [this] {
          auto last = kiosk_.store().last_row();
          std::int64_t last_seq = last && *last ? (*last)->seq : 0;
          return kiosk_.journal_sync().status().acked_through == last_seq;
        },
        timeout, "the journal synced to the exchange");
  }
  if (s.contains("arm_crash")) {  // die at a named point of the code (kiosk/shell/crash_points)
    arm_crash_point(s["arm_crash"].get<std::string>());
    return next();
  }
  if (s.contains("crash")) {
    log_event(LogLevel::Warn, "scenario.crash", {{"step", std::to_string(step_ - 1)}});
    std::raise(SIGKILL);  // as kill -9: nothing is flushed, nothing is cleaned up
  }
  fail("unknown step " + s.dump());
}

json journal_summary(oq::Store& store, std::int64_t start_seq,
                     const DeviceCount& device_stacked_kzt) {
  json out;
  auto last = store.last_row();
  std::int64_t last_seq = (last && *last) ? (*last)->seq : 0;
  auto rows = store.rows_range(1, last_seq);
  std::map<std::string, std::int64_t> credited, purchased;
  std::map<std::string, int> purchases;
  std::map<std::string, std::string> asset_of;
  std::map<std::string, flows::Atoms> crypto_sum;
  std::int64_t sessions = 0, fiat_in = 0, credited_here = 0, receipts = 0, recovered = 0;
  if (rows) {
    for (const auto& r : *rows) {
      json p = json::parse(r.payload, nullptr, false);
      auto kzt = p.is_object() ? p.value("kzt", std::int64_t{0}) : 0;
      if (r.type == "cash_in.session_opened") {
        ++sessions;
        asset_of[r.tx_id] = p.value("asset", "");
      }
      if (r.type == "cash_in.note_credited") {
        credited[r.tx_id] += kzt;
        fiat_in += kzt;
      }
      bool any_credit = r.type == "cash_in.note_credited" || r.type == "cash_in.late_credit" ||
                        r.type == "cash.unattributed_note";
      if (any_credit && r.seq > start_seq) credited_here += kzt;
      if (r.type == "cash_in.purchase_queued") {
        purchases[r.tx_id]++;
        purchased[r.tx_id] += p.value("fiat_kzt", std::int64_t{0});
        if (p.value("end", "") == "recovered") ++recovered;
        if (auto a = flows::parse_atoms(p.value("crypto_atoms", "0")))
          crypto_sum[asset_of[r.tx_id]] += *a;
      }
      if (r.type == "cash_in.receipt_printed") ++receipts;
    }
  }
  json ordered = json::object();
  for (auto& [asset, atoms] : crypto_sum) ordered[asset] = flows::atoms_to_string(atoms);
  bool no_double = true;
  for (auto& [tx, n] : purchases) no_double &= n == 1;
  bool match = true;
  for (auto& [tx, fiat] : purchased) match &= credited[tx] == fiat;
  auto verify = store.verify();
  json inv = {{"purchases_match_credits", match},
              {"no_double_purchase", no_double},
              {"journal_chain", verify.ok}};
  json not_checked = json::object();
  if (device_stacked_kzt)
    inv["cash_conserved"] = *device_stacked_kzt == credited_here;
  else
    inv["cash_conserved"] = "n/a", not_checked["cash_conserved"] = device_stacked_kzt.error();
  json broken = json::array();
  for (auto& [k, v] : inv.items())
    if (v == false) broken.push_back(k);
  out = {{"sessions", sessions},
         {"fiat_in_kzt", fiat_in},
         {"crypto_ordered", ordered},
         {"purchases", purchases.size()},
         {"recovered_purchases", recovered},
         {"receipts_printed", receipts},
         {"journal_rows", last_seq},
         {"invariants", inv},
         {"not_checked", not_checked},
         {"broken", broken}};
  auto depth = store.outbox().depth();
  out["outbox_pending"] = depth ? *depth : -1;
  return out;
}

std::string ScenarioRunner::last_redeem_code() {
  if (!kiosk_.sim()) return "";
  static const std::regex code("R-[0-9A-Z]{5}-[0-9A-Z]{5}");
  const auto& receipts = kiosk_.sim()->printer().receipts();
  for (auto r = receipts.rbegin(); r != receipts.rend(); ++r)
    for (const auto& line : r->lines) {
      std::smatch m;
      if (std::regex_search(line, m, code)) return m.str();
    }
  return "";
}

json ScenarioRunner::summary() {
  json s = journal_summary(kiosk_.store(), start_seq_, validator_stacked_count(kiosk_.sim()));
  s["scenario"] = scenario_.value("name", "");
  s["steps_run"] = step_;
  s["failed_step"] = failure_.is_null() ? json(nullptr) : failure_;
  s["recovered_sessions"] = kiosk_.recovered_sessions();
  s["journal_acked_through"] = kiosk_.journal_sync().status().acked_through;
  s["offers"] = to_json(kiosk_.offers());
  if (kiosk_.sim() && kiosk_.sim()->exchange()) {
    std::map<std::string, int> applied;
    for (const auto& r : kiosk_.sim()->exchange()->requests())
      if (r.target == "/v1/cash-in" && r.status / 100 == 2 && !r.replay)
        applied[r.idempotency_key]++;
    bool once = true;
    for (auto& [k, n] : applied) once &= n == 1;
    s["exchange_cash_ins"] = applied.size();
    s["invariants"]["exactly_once_at_exchange"] = once;
    if (!once) s["broken"].push_back("exactly_once_at_exchange");
  }
  if (kiosk_.cash_out()) {
    const sim::CashOutDesk* desk = nullptr;
    if (kiosk_.sim() && kiosk_.sim()->exchange())
      desk = &kiosk_.sim()->exchange()->service().cash_out_desk();
    json co =
        cash_out_summary(kiosk_.store(), start_seq_, dispenser_delivered_count(kiosk_.sim()), desk);
    for (auto& [k, v] : co["invariants"].items()) {
      s["invariants"][k] = v;
      if (v == false) s["broken"].push_back(k);
    }
    for (auto& [k, why] : co["not_checked"].items()) s["not_checked"][k] = why;
    co.erase("invariants");
    co.erase("not_checked");
    co["suspended"] = kiosk_.cash_out()->suspended() ? json(kiosk_.cash_out()->suspended_reason())
                                                     : json(nullptr);
    co["recovered"] = kiosk_.cash_out()->recovered();
    co["dispenser_fault"] = kiosk_.cash_out()->dispenser_fault().empty()
                                ? json(nullptr)
                                : json(kiosk_.cash_out()->dispenser_fault());
    s["cash_out"] = co;
  }
  s["ok"] = failure_.is_null() && s["broken"].empty();
  return s;
}

}  // namespace kiosk::app
