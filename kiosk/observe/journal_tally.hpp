// Counters derived from the journal, so they survive restarts exactly: a pure fold over journal
// rows (in seq order). The runtime folds the whole journal once at start-up, then only the rows
// appended since (`last_seq()`), each time metrics or a heartbeat are asked for.
//
//   cash_in.purchase_queued            -> a cash-in transaction, its fiat_kzt in
//   cash_out.dispense_intent           -> which flow (cash_out, redeem) the next result belongs to
//   cash_out.dispense_result (+ late)  -> a payout of that flow, its fiat_kzt out
//   cash_in.note_credited, cash_in.late_credit, cash_in.credit_recovered, cash.unattributed_note
//                                      -> a note in the validator's cash box (by denomination)
//   cash_box.collected                 -> the cash box emptied (counts since restart from zero)
//   cash_out.dispenser_fault           -> a dispenser error, by its reason
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "kiosk/maintenance/cash_box.hpp"  // kCashBoxCollected
#include "offline_queue/journal_row.hpp"

namespace kiosk::app {

// The journal row an operator's cash box collection writes (the maintenance commands' side).

struct FlowTotals {
  std::int64_t transactions = 0;
  std::int64_t fiat_kzt = 0;  // in for cash_in, out (delivered) for cash_out and redeem
  bool operator==(const FlowTotals&) const = default;
};

class JournalTally {
 public:
  void add(const oq::JournalRow& row);

  std::int64_t last_seq() const { return last_seq_; }
  std::int64_t rows() const { return rows_; }
  // By flow: "cash_in", "cash_out", "redeem".
  const std::map<std::string, FlowTotals>& flows() const { return flows_; }
  // Notes credited since the journal began, by denomination (KZT).
  const std::map<std::int64_t, std::int64_t>& notes_accepted() const { return notes_accepted_; }
  // In the validator's cash box since the last collection.
  std::int64_t cash_box_notes() const { return cash_box_notes_; }
  std::int64_t cash_box_kzt() const { return cash_box_kzt_; }
  // Dispenser faults journaled, by reason ("dispenser_fault", "dispenser_link_lost", ...).
  const std::map<std::string, std::int64_t>& dispenser_faults() const { return dispenser_faults_; }

 private:
  std::int64_t last_seq_ = 0, rows_ = 0;
  std::map<std::string, FlowTotals> flows_ = {{"cash_in", {}}, {"cash_out", {}}, {"redeem", {}}};
  std::map<std::int64_t, std::int64_t> notes_accepted_;
  std::int64_t cash_box_notes_ = 0, cash_box_kzt_ = 0;
  std::map<std::string, std::int64_t> dispenser_faults_;
  std::map<std::string, std::string> open_payouts_;  // tx_id -> flow, until its result
};

}  // namespace kiosk::app
