// A technician's or operator's test dispense: `count` notes (1..5), one at a time, from one
// cassette into the reject tray, through the real dispenser driver (TEST DISPENSE: LCDM-1000/2000
// `76`/`77`, LCDM-4000 `53`). Used by the operator command `test_dispense`, `kiosk ctl
// test-dispense` and the technician screen; `actor` names who asked ("operator:<id>",
// "ctl:<uid>", "technician:<id>").
//
// Journal (money first): `maintenance.test_dispense_started` {by, cassette, count} before the
// first note; after each note `maintenance.test_dispensed` {by, cassette, note, result, error,
// moves}, whose `moves` the cassette book folds (kiosk/shell/cassette_ledger): every note the
// device counted (at EXIT or REJECT) leaves the cassette for the reject tray, so cash is
// conserved. A note whose outcome is unknown moves nothing in the book; the next refill's count
// settles it. The run stops at the first note that is not Complete.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "devices/cash_dispenser.hpp"
#include "flows/dispense/cassette_book.hpp"
#include "kiosk/maintenance/maintenance_done.hpp"
#include "kiosk/shell/cassette_ledger.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

inline constexpr const char* kTestDispenseStarted = "maintenance.test_dispense_started";
inline constexpr int kMaxTestDispenseNotes = 5;

struct TestDispenseRequest {
  int cassette = 0;
  int count = 1;
  std::string actor;
};

// The notes the device says moved from `cassette` into the reject tray (EXIT + REJECT, for a
// test dispense both mean the tray); empty for an Unknown outcome or a refusal.
std::vector<flows::dispense::CassetteMove> test_dispense_moves(const devices::DispenseOutcome& o);

// The run so far, pure: fed each note's outcome, says whether to go on and what to report.
class TestDispenseReport {
 public:
  explicit TestDispenseReport(TestDispenseRequest req) : req_(std::move(req)) {}
  // Takes one note's outcome; true when the next note may be asked for.
  bool add(const devices::DispenseOutcome& o);
  bool done() const { return finished_ || attempts_ >= req_.count; }
  // "complete" (every note in the tray), "partial" (the device stopped: error says why),
  // "unknown" (a note's outcome is unknown), "refused" (the driver sent nothing), or "running".
  std::string result() const;
  int moved() const { return moved_; }
  const std::string& error() const { return error_; }
  const TestDispenseRequest& request() const { return req_; }
  // {"cassette", "requested", "moved_to_reject_tray", "attempts", "result", "error", "by"}
  nlohmann::json to_json() const;

 private:
  TestDispenseRequest req_;
  int attempts_ = 0, moved_ = 0;
  bool finished_ = false, unknown_ = false, refused_ = false;
  std::string error_;
};

// Asks the dispenser for one test note from `cassette`; answers once with the driver's outcome.
using TestDispensePort =
    std::function<void(int cassette, std::function<void(const devices::DispenseOutcome&)>)>;

// Runs the whole test dispense: journals, asks `dispense` note by note, journals each outcome,
// then calls `done` once (reason when not ok: "bad_args", "journal_unwritable",
// "dispenser_refused", "test_dispense_partial", "test_dispense_unknown"; report: to_json()).
// `now_ms` stamps the journal rows.
void run_test_dispense(oq::Store& store, std::function<std::int64_t()> now_ms,
                       TestDispensePort dispense, TestDispenseRequest req,
                       std::function<void(MaintenanceDone)> done);

}  // namespace kiosk::app
