// Carries out one planned payout on the dispenser, batch by batch, money first. The flow's
// `cash_out.dispense_intent` row (the whole plan) is already journaled; then for each batch:
//
//   journal `cash_out.batch_intent`  ->  send the command  ->  journal `cash_out.batch_result`
//                                                             (per cassette: delivered, rejected)
//
// A batch that comes back Partial or Unknown ends the payout: nothing more is sent. If a batch
// intent cannot be journaled, its command is never sent. The totals go back to the flow, which
// journals `cash_out.dispense_result` and queues the exchange report in one transaction.
//
// After a crash, a batch intent without a result is settled by the cash-out recovery from the
// device's own answer, never by sending the command again; a batch without an intent row was
// never sent.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "devices/cash_dispenser.hpp"
#include "flows/cash_out/cash_out_types.hpp"
#include "flows/money.hpp"
#include "kiosk/shell/shell_clock.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

struct PayoutOrder {
  std::string tx_id;
  std::string order_id;
  flows::Kzt amount{};                    // what the customer is owed in total
  std::vector<flows::Kzt> denominations;  // per cassette index
  std::vector<std::vector<int>> batches;  // per batch: notes per cassette index
};

struct PayoutResult {
  devices::DispenseOutcome::Result result = devices::DispenseOutcome::Result::Unknown;
  std::vector<devices::CassetteDelivery> cassettes;  // summed over the batches that ran
  flows::Kzt delivered{};
  flows::Kzt shortfall{};  // amount - delivered (for Unknown: the whole amount not proven paid)
  std::string error;
  bool journal_failed = false;  // the payout stopped because the journal could not be written
};

using DispenseCommand = std::function<void(const std::vector<int>& per_cassette,
                                           std::function<void(const devices::DispenseOutcome&)>)>;

class DispenseExecutor {
 public:
  DispenseExecutor(oq::Store& store, DispenseCommand dispense, ShellClock clock);

  // Runs the batches in order; `done` is called once, on the io_context thread.
  void run(PayoutOrder order, std::function<void(const PayoutResult&)> done);
  bool busy() const { return busy_; }

 private:
  void next_batch();
  void on_outcome(const devices::DispenseOutcome& outcome);
  void finish(PayoutResult result);

  oq::Store& store_;
  DispenseCommand dispense_;
  ShellClock clock_;
  PayoutOrder order_;
  std::function<void(const PayoutResult&)> done_;
  PayoutResult total_;
  std::size_t batch_ = 0;
  bool busy_ = false;
};

using flows::cash_out::rec::kBatchIntent;  // before each command: the batch's notes
using flows::cash_out::rec::kBatchResult;  // after it: what the device reported

// Journal payload helpers shared with recovery: "0:3,1:1" <-> counts per cassette index.
std::string cassette_counts_text(const std::vector<int>& counts);
std::vector<int> parse_cassette_counts(std::string_view text, std::size_t cassettes);

// One batch's result row.
std::expected<void, std::string> journal_batch_result(oq::Store& store, const PayoutOrder& order,
                                                      std::size_t batch,
                                                      const devices::DispenseOutcome& outcome,
                                                      std::int64_t at_ms);

}  // namespace kiosk::app
