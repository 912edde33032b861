#include "kiosk/shell/cash_in_shell.hpp"

#include <ctime>

#include "flows/receipt_words.hpp"
#include "flows/wallet/parse_wallet.hpp"
#include "kiosk/log.hpp"
#include "kiosk/shell/cash_in_request.hpp"
#include "kiosk/shell/record_json.hpp"
#include "kiosk/shell/screen_presenter.hpp"

namespace kiosk::app {

using namespace flows::cash_in;

std::string iso8601_utc(std::int64_t unix_ms) {
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

CashInShell::CashInShell(CashInFlow& flow, oq::Store& store, CashInPorts ports, ShellClock clock)
    : flow_(flow), store_(store), ports_(std::move(ports)), clock_(std::move(clock)) {}

void CashInShell::handle(const Event& e) {
  run_effects(flow_.handle(e, clock_.now()));
  render();
}

void CashInShell::render() {
  nlohmann::json screen = present_screen(flow_, clock_.now());
  // The page counts down by itself: a screen is new only when its content or its deadline moved,
  // not because a second passed. Re-sending every second would re-render under the customer's
  // finger.
  nlohmann::json key = screen;
  auto deadline = flow_.deadline();
  key["deadline_s"] = deadline ? nlohmann::json(deadline->count()) : nlohmann::json(nullptr);
  if (key == last_screen_) return;
  last_screen_ = std::move(key);
  if (ports_.show) ports_.show(screen);
}

bool CashInShell::journal(const flows::Record& r) {
  oq::JournalEntry e{r.tx_id, r.type, record_payload(r).dump(), clock_.wall_ms()};
  auto row = store_.append(e);
  if (!row) {
    journal_failed_ = true;
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", r.type}, {"error", row.error().what}});
    return false;
  }
  return true;
}

bool CashInShell::queue_purchase(const QueuePurchase& q) {
  oq::JournalEntry e{q.record.tx_id, q.record.type, record_payload(q.record).dump(),
                     clock_.wall_ms()};
  oq::OutboxRequest req{q.order.tx_id + ":cash-in", "POST", "/v1/cash-in",
                        oq::cash_in_body(cash_in_request(q.order, iso8601_utc(e.at_ms))),
                        q.order.tx_id};
  auto row = store_.append(e, req);
  if (!row) {
    journal_failed_ = true;
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", q.record.type}, {"error", row.error().what}});
    return false;
  }
  log_event(LogLevel::Info, "cash_in.purchase_queued",
            {{"tx", q.order.tx_id},
             {"asset", q.order.asset_id},
             {"fiat_kzt", std::to_string(q.order.fiat.value)},
             {"address", flows::mask_address(q.order.address)},
             {"offline", q.order.offline ? "true" : "false"},
             {"recovered", q.order.recovered ? "true" : "false"}});
  if (ports_.outbox_kick) ports_.outbox_kick();
  return true;
}

void CashInShell::print(const flows::Receipt& r) {
  flows::Receipt dated = r;
  dated.lines.insert(dated.lines.begin(),
                     flows::ReceiptLine{std::string(flows::receipt_words(r.lang).date_utc),
                                        iso8601_utc(clock_.wall_ms())});
  ports_.print(dated, [this](bool printed, std::string error) {
    if (!printed) log_event(LogLevel::Warn, "printer.failed", {{"error", error}});
    handle(ReceiptDone{printed, std::move(error)});
  });
}

void CashInShell::look_up(const flows::compliance::CustomerIdentity& who) {
  if (!ports_.look_up_customer) {  // nothing to ask: the flow ends the identification politely
    log_event(LogLevel::Error, "kyc.no_look_up", {});
    return;
  }
  ports_.look_up_customer(who, [this](CustomerStanding standing) { handle(standing); });
}

void CashInShell::run_effects(const std::vector<Effect>& fx) {
  bool money_stopped = journal_failed_;  // after a failed write nothing more moves money
  for (const Effect& e : fx) {
    if (auto* j = std::get_if<Journal>(&e)) {
      if (!money_stopped && !journal(j->record)) money_stopped = true;
    } else if (auto* q = std::get_if<QueuePurchase>(&e)) {
      if (!money_stopped && !queue_purchase(*q)) money_stopped = true;
    } else if (auto* en = std::get_if<EnableNotes>(&e)) {
      if (!money_stopped) ports_.enable_notes(en->denominations);
    } else if (std::holds_alternative<DisableNotes>(e)) {
      ports_.disable_notes();
    } else if (std::holds_alternative<StackNote>(e)) {
      if (money_stopped) {
        ports_.return_note();
      } else {
        ports_.stack_note();
      }
    } else if (std::holds_alternative<ReturnNote>(e)) {
      ports_.return_note();
    } else if (auto* p = std::get_if<PrintReceipt>(&e)) {
      if (!money_stopped) print(p->receipt);
    } else if (auto* l = std::get_if<LookUpCustomer>(&e)) {
      look_up(l->who);
    } else if (auto* k = std::get_if<SubmitKyc>(&e)) {
      if (!money_stopped && ports_.submit_kyc) ports_.submit_kyc(*k);
    }
  }
  if (money_stopped) ports_.disable_notes();
}

}  // namespace kiosk::app
