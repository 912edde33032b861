// The shell around the pure cash-in flow: feeds it events with the time, carries out its effects in
// order (journal first, then the device), and pushes the rendered screen to the UI.
//
// Journal before act: a Journal effect is appended (SQLite, synchronous=FULL) before the next
// effect runs. If the journal cannot be written, nothing more is done with money: a StackNote
// becomes a ReturnNote, the purchase is not queued, and `journal_failed()` takes the kiosk out of
// service.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "flows/cash_in/cash_in_flow.hpp"
#include "kiosk/shell/shell_clock.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

struct CashInPorts {
  std::function<void(const std::vector<flows::Kzt>&)> enable_notes;
  std::function<void()> disable_notes;
  std::function<void()> stack_note;
  std::function<void()> return_note;
  // Prints and calls back with (printed, error) on the same thread.
  std::function<void(const flows::Receipt&, std::function<void(bool, std::string)>)> print;
  std::function<void(const nlohmann::json&)> show;  // customer screen message
  std::function<void()> outbox_kick;                // a request was queued: try to send it now
  // Identification (flows with Policy::kyc): the blocked list and usage for a person, answered
  // later on the same thread; and the KYC submission with the images the caller holds.
  std::function<void(const flows::compliance::CustomerIdentity&,
                     std::function<void(flows::cash_in::CustomerStanding)>)>
      look_up_customer;
  std::function<void(const flows::cash_in::SubmitKyc&)> submit_kyc;
};

class CashInShell {
 public:
  CashInShell(flows::cash_in::CashInFlow& flow, oq::Store& store, CashInPorts ports,
              ShellClock clock);

  void handle(const flows::cash_in::Event& e);
  // Carries out effects that did not come from the flow (crash recovery uses the same path).
  void run_effects(const std::vector<flows::cash_in::Effect>& fx);
  void render();     // pushes the screen if it changed
  void rerender() {  // pushes the screen even if unchanged (another flow had the screen)
    last_screen_ = nullptr;
    render();
  }

  bool journal_failed() const { return journal_failed_; }

 private:
  bool journal(const flows::Record& r);
  bool queue_purchase(const flows::cash_in::QueuePurchase& q);
  void print(const flows::Receipt& r);
  void look_up(const flows::compliance::CustomerIdentity& who);

  flows::cash_in::CashInFlow& flow_;
  oq::Store& store_;
  CashInPorts ports_;
  ShellClock clock_;
  bool journal_failed_ = false;
  nlohmann::json last_screen_;
};

// ISO 8601 UTC text for Unix milliseconds ("2026-11-25T10:00:00Z").
std::string iso8601_utc(std::int64_t unix_ms);

}  // namespace kiosk::app
