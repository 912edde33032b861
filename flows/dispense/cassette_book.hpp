// Cassette accounting: how many notes each cassette and the reject tray hold, as the kiosk
// believes. Every dispense result moves notes out of the cassettes (delivered to the customer or
// diverted to the reject tray); a refill is the operator's count, and the difference from what the
// kiosk believed is recorded, never silently absorbed.
#pragma once

#include <string>
#include <vector>

#include "flows/dispense/dispense_plan.hpp"

namespace kiosk::flows::dispense {

// What one dispense did to one cassette (from the device's answer).
struct CassetteMove {
  int index = 0;
  int delivered = 0;
  int rejected = 0;
  bool operator==(const CassetteMove&) const = default;
};

struct RejectTray {
  int notes = 0;
  Kzt value{};  // by the denominations of the cassettes the notes came from
};

// A count that did not add up: the device moved more notes than the book had.
struct BookDiscrepancy {
  int index = 0;
  int expected = 0;  // what the book held
  int moved = 0;     // what the device reported
};

struct RefillCount {
  int index = 0;
  Kzt kzt{};      // the denomination loaded (may change on refill)
  int count = 0;  // counted by the operator
};

struct ReconcileLine {
  int index = 0;
  Kzt kzt{};
  int expected = 0;    // the book before the refill (0 for a new cassette)
  int counted = 0;     // what the operator set
  int difference = 0;  // counted - expected: < 0 missing, > 0 surplus
};

struct Reconciliation {
  std::vector<ReconcileLine> cassettes;
  int reject_expected = 0;  // notes the book had in the reject tray
  int reject_counted = 0;   // what the operator emptied
  Kzt reject_value_expected{};
};

class CassetteBook {
 public:
  CassetteBook() = default;
  explicit CassetteBook(std::vector<Cassette> cassettes, RejectTray reject = {});

  const std::vector<Cassette>& cassettes() const { return cassettes_; }
  const RejectTray& reject_tray() const { return reject_; }
  Kzt cash_on_hand() const;
  const Cassette* find(int index) const;

  // Applies a dispense result. A cassette that is not in the book, or a move larger than the
  // count, is returned as a discrepancy; the count then stops at zero.
  std::vector<BookDiscrepancy> apply(const std::vector<CassetteMove>& moves);

  // The operator's refill: the new counts replace the book (cassettes not listed are removed) and
  // the reject tray is emptied (`reject_counted` notes taken out). Returns what differed.
  Reconciliation refill(const std::vector<RefillCount>& counted, int reject_counted);

 private:
  std::vector<Cassette> cassettes_;
  RejectTray reject_;
};

}  // namespace kiosk::flows::dispense
