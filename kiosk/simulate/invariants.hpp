// The money invariants the simulation checks as it runs. The checker reads the kiosk's journal
// incrementally (only rows appended since the last look) and keeps its own tallies, so a check
// after every step costs one "last row" query when nothing was written.
//
// Checked after every step:
//   * no_phantom_credit: per denomination, notes credited in the journal <= notes the validator
//     simulator has in its cassette (the kiosk never books a note that is not in the box);
//   * one_purchase_per_tx: at most one cash_in.purchase_queued per transaction;
//   * purchase_matches_credits: a purchase's fiat equals the notes credited to its transaction;
//   * credit_bought_before_close: a transaction closed with credited cash has its purchase queued;
//   * offline_cap: when an offline sale is queued, unacknowledged cash-in fiat <= the offline cap;
//   * person_limits: per person, purchases in an Almaty calendar day <= daily limit, in a month
//     <= the monthly limit and the AFSA retail cap.
// Checked when the kiosk is quiet (nobody at it, no note moving) and at the end:
//   * cash_conserved: value in the cassette == credited + (at most) what was surfaced as
//     unresolved to the operator (fakes in the cassette are worth nothing);
// Checked at every restart and at the end: journal_chain (Store::verify).
// Checked after the final heal (Simulation): outbox_exactly_once, liveness.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/simulate/cash_out_invariants.hpp"
#include "kiosk/simulate/sim_devices.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::simulate {

class InvariantChecker {
 public:
  explicit InvariantChecker(const app::KioskConfig& config) : config_(config) {}
  // Also hands every new row to the cash-out checker (cash_out_invariants.hpp).
  void watch_cash_out(CashOutChecker& checker, const sim::CashOutDesk& desk) {
    cash_out_ = &checker;
    desk_ = &desk;
  }

  // Reads new journal rows and checks the per-step invariants; returns the violations found now.
  std::vector<std::string> after_step(oq::Store& store, const SimDevices& devices);
  std::vector<std::string> when_quiet(const SimDevices& devices) const;
  std::vector<std::string> journal_chain(oq::Store& store) const;

  std::int64_t purchases() const { return purchases_; }
  std::int64_t recovered_purchases() const { return recovered_purchases_; }
  std::int64_t credited_kzt() const { return credited_value_; }
  std::int64_t surfaced_kzt() const { return surfaced_value_; }
  std::int64_t offline_purchases() const { return offline_purchases_; }
  std::int64_t limit_refusals() const { return limit_refusals_; }
  std::int64_t rows_read() const { return last_seq_; }
  // Sessions by what set their limit ("transaction", "tier", "daily", "retail_monthly", ...).
  const std::map<std::string, std::int64_t>& limit_bindings() const { return limit_bindings_; }
  std::int64_t receipts_printed() const { return receipts_printed_; }
  std::int64_t receipts_failed() const { return receipts_failed_; }
  // Transactions with a purchase queued (each must reach the exchange exactly once).
  const std::map<std::string, int>& purchases_by_tx() const { return tx_purchases_; }

 private:
  void read_row(const oq::JournalRow& r, oq::Store& store, std::vector<std::string>& out);

  const app::KioskConfig& config_;
  CashOutChecker* cash_out_ = nullptr;
  const sim::CashOutDesk* desk_ = nullptr;
  std::int64_t last_seq_ = 0;
  std::int64_t last_changes_ = -1;
  const oq::Store* last_store_ = nullptr;
  std::map<std::int64_t, int> credited_notes_;  // denomination -> notes credited
  static constexpr std::int64_t kLargestNote = 20000;
  std::int64_t credited_value_ = 0, surfaced_value_ = 0, unknown_value_credits_ = 0;
  std::map<std::string, std::int64_t> tx_credit_;
  std::map<std::string, int> tx_purchases_;
  std::map<std::string, std::string> tx_person_;
  std::map<std::string, std::int64_t> limit_bindings_;
  // person -> local day start / local month start -> fiat bought
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> day_, month_;
  std::int64_t purchases_ = 0, recovered_purchases_ = 0, offline_purchases_ = 0;
  std::int64_t limit_refusals_ = 0, receipts_printed_ = 0, receipts_failed_ = 0;
};

}  // namespace kiosk::simulate
