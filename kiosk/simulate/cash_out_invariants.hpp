// The cash-out side of the simulation's invariants (read from the same journal rows as the
// cash-in ones, see invariants.hpp), against the dispenser simulator's physical truth and the
// exchange's order book:
//
// After every step:
//   * dispenser_notes_conserved: per cassette, notes left + delivered + rejected by dispenses
//     <= the notes loaded; in total, loaded == left + delivered + reject tray + notes in the
//     path + notes a technician took out of the path or the cassettes;
//   * no_phantom_payout: per cassette, notes the journal says were delivered <= notes the
//     device delivered (a receipt never shows cash that did not come out);
//   * no_double_dispense: at most one dispense intent per order (an order or a redeem code pays
//     out once, across sessions, kiosks' restarts and recovery);
//   * dispense_needs_claimed_deposit: a dispense intent's order is claimed at the exchange (a
//     sale: by this transaction's claim key), and its deposit is settled (confirmed, enough
//     confirmations, at least the crypto due).
// When the kiosk is quiet, with no payout of unknown outcome:
//   * payout_matches_device: per cassette, delivered in the journal == delivered by the device.
// After the final heal (Simulation): dispensed_exactly_once (each dispensed report reached the
// exchange once).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kiosk/simulate/sim_devices.hpp"
#include "offline_queue/journal_row.hpp"
#include "sim/exchange/cash_out_desk.hpp"

namespace kiosk::simulate {

class CashOutChecker {
 public:
  explicit CashOutChecker(const sim::lcdm::LcdmDeviceSim& loaded);

  // One new journal row (any type; only cash-out and redeem rows are read).
  void read_row(const oq::JournalRow& r, const sim::CashOutDesk& desk,
                std::vector<std::string>& out);
  std::vector<std::string> after_step(const SimDevices& devices) const;
  std::vector<std::string> when_quiet(const SimDevices& devices) const;

  // A technician took `n` notes out of cassette `cassette` (-1: out of the note path).
  void taken_out(int cassette, int n);

  std::int64_t payouts() const { return payouts_; }
  std::int64_t unknown_payouts() const { return unknown_; }
  std::int64_t partial_payouts() const { return partial_; }
  std::int64_t paid_kzt() const { return paid_kzt_; }
  std::int64_t redeem_payouts() const { return redeem_payouts_; }
  std::int64_t redeem_codes_issued() const { return codes_issued_; }
  // Transactions with a dispensed report queued (each must reach the exchange exactly once).
  const std::map<std::string, int>& reports_by_tx() const { return reports_; }

 private:
  std::vector<int> loaded_, journal_delivered_, taken_;
  int taken_from_path_ = 0;
  std::map<std::string, int> intents_by_order_;
  std::map<std::string, int> reports_;
  std::int64_t payouts_ = 0, unknown_ = 0, partial_ = 0, paid_kzt_ = 0, redeem_payouts_ = 0;
  std::int64_t codes_issued_ = 0;
};

}  // namespace kiosk::simulate
