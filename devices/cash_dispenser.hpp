// The cash dispenser contract shared by every dispenser protocol (Puloon LCDM-1000/2000/4000).
//
// Like BillValidatorDriver, a driver is a pure, sans-IO state machine: fed received bytes and
// timer ticks with the current time, it answers with bytes to send and events for the
// application. Dispensing moves money, so the contract is built around one rule: the application
// learns exactly what the device says was delivered and rejected, per cassette, or learns that the
// outcome is unknown. A driver never re-sends a dispense command on its own after the device may
// have acted on it (a NAK before the device ACKed the command is the only safe resend).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "devices/transport.hpp"
#include "flows/time.hpp"

namespace kiosk::devices {

// Per-cassette figures of one dispense. Index 0 is the first (upper) cassette.
struct CassetteDelivery {
  int requested = 0;
  int delivered = 0;  // notes that left through the exit: the customer has them
  int rejected = 0;   // notes diverted to the reject tray
};

struct DispenseOutcome {
  enum class Result {
    Complete,  // every requested note delivered
    Partial,   // the device stopped early; `cassettes` says what really moved
    Unknown,   // the command may have run but no trustworthy answer arrived (timeout, link lost,
               // corrupted response): settle from the device's counters or hand to the operator
  };
  Result result = Result::Unknown;
  std::vector<CassetteDelivery> cassettes;  // empty when Unknown
  std::string error;                        // device error code and meaning, "" when none
  // The dispense's own response was lost and these figures are the device's answer to "last
  // dispense" (LCDM-4000 LAST STATUS) asked right after: the application says so in its journal.
  bool from_last_status = false;
};

const char* to_string(DispenseOutcome::Result r);

struct CassetteStatus {
  bool present = false;
  bool near_end = false;
};

struct DispenserStatus {
  std::vector<CassetteStatus> cassettes;
  bool reject_tray_present = true;
  bool notes_in_path = false;  // a sensor in the note path is covered
  std::string error;           // "" when the last status reported no error
};

// Why a dispenser in this state must not pay anyone ("" when it may): "device_error:<code name>",
// "notes_in_path", "cassette_missing:<index>", "reject_tray_missing". Near-end is not a fault.
std::string dispenser_fault(const DispenserStatus& s);

struct DispenserEvent {
  enum class Kind {
    Ready,         // initialised; `status` holds the cassettes the device reports
    Status,        // answer to status(), or the periodic check found the device's health changed
                   // (dispenser_fault() of `status` differs from the last one); `status` filled
    DispenseDone,  // answer to dispense(); `outcome` is filled (Result may be Unknown)
    // Answer to test_dispense(); `outcome` is filled like DispenseDone's, but every note the device
    // counted (EXIT or REJECT) went into the reject tray: `delivered` never reached a customer.
    // Complete when delivered + rejected equals what was asked.
    TestDispenseDone,
    PurgeDone,     // answer to purge(); `detail` holds the error, "" when clean; `outcome`
                   // where the device counts what it purged per cassette (LCDM-4000: EXIT and
                   // REJECT of the reply; LCDM-1000/2000 answer only an error: no outcome)
    LastDispense,  // answer to last_dispense(); `outcome` when the device remembers one
    Failure,       // a device error outside a dispense; `detail` is the code and meaning
    LinkLost,      // no valid answer within the protocol's timeout
    LinkRestored,
  };
  Kind kind;
  std::optional<DispenserStatus> status;
  std::optional<DispenseOutcome> outcome;
  std::string detail;
};

const char* to_string(DispenserEvent::Kind k);

struct DispenserStep {
  Bytes tx;
  std::vector<DispenserEvent> events;
};

class CashDispenserDriver {
 public:
  virtual ~CashDispenserDriver() = default;

  virtual DispenserStep on_bytes(ByteView rx, Instant now) = 0;
  virtual DispenserStep on_tick(Instant now) = 0;
  virtual Millis tick_interval() const = 0;

  // Starts a dispense of `per_cassette[i]` notes from cassette i. The caller has journaled its
  // intent first. A request the driver can refuse without touching the device (too many notes
  // for one command, an absent cassette, a command already in flight) answers DispenseDone at once
  // with Result::Partial, every count zero and `error` saying why: nothing was sent.
  virtual DispenserStep dispense(const std::vector<int>& per_cassette, Instant now) = 0;
  // Maintenance: one note from `cassette` into the reject tray (LCDM-1000/2000 `76`/`77`,
  // LCDM-4000 `53` with one note). Refused like dispense() (TestDispenseDone, Partial, zero
  // counts, "refused: ..."); never resent once the device may have acted on it.
  virtual DispenserStep test_dispense(int cassette, Instant now) = 0;
  virtual DispenserStep purge(Instant now) = 0;
  virtual DispenserStep status(Instant now) = 0;
  // Asks the device what its last dispense delivered, where the protocol can (LCDM-4000 "last
  // status"); a driver that cannot answers LastDispense with no outcome at once.
  virtual DispenserStep last_dispense(Instant now) = 0;

  virtual int cassette_count() const = 0;
  virtual int max_notes_per_command() const = 0;
  virtual bool busy() const = 0;             // a command is in flight
  virtual std::string protocol() const = 0;  // "lcdm1000", "lcdm2000", "lcdm4000"
};

}  // namespace kiosk::devices
