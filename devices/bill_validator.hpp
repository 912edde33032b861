// The bill validator contract shared by every protocol (CCNET, ID003, SSP).
//
// A driver is a pure, sans-IO state machine: it is fed received bytes and timer ticks with the
// current time and answers with bytes to send and events for the application. It never reads a
// clock, sleeps or touches a file descriptor. `ValidatorRunner` (devices/validator_runner.hpp) is
// the shell that joins a driver to a Transport on an Asio io_context.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "devices/transport.hpp"
#include "flows/money.hpp"
#include "flows/time.hpp"

namespace kiosk::devices {

struct ValidatorEvent {
  enum class Kind {
    Ready,     // initialised, bill table known; `denominations` lists what it accepts
    Disabled,  // accepting nothing (after disable or on start)
    Idle,      // enabled and waiting for a note
    Escrowed,  // a note of `amount` is held in escrow: the application must stack or return
    Stacked,   // CREDIT POINT: the note of `amount` is in the cassette
    Returned,  // the escrowed note was given back to the customer
    Rejected,  // the device refused a note by itself; `detail` is the reason
    Jammed,    // validator or cassette jam; `detail` says which
    CassetteFull,
    CassetteRemoved,
    Failure,          // hardware failure; `detail` is the failure code
    PowerUpWithBill,  // power-cycled with a note in the path; `detail` says where
    LinkLost,         // no valid answer within the protocol's timeout
    LinkRestored,
  };
  Kind kind;
  flows::Kzt amount{};                    // Escrowed, Stacked, Returned (0 when unknown)
  std::string detail;                     // reason or code, for the log and the operator
  std::vector<flows::Kzt> denominations;  // Ready
};

const char* to_string(ValidatorEvent::Kind k);

// What a driver asks its shell to do after each input.
struct ValidatorStep {
  Bytes tx;                            // bytes to write to the transport now (may be empty)
  std::vector<ValidatorEvent> events;  // events for the application, in order
};

class BillValidatorDriver {
 public:
  virtual ~BillValidatorDriver() = default;

  // Bytes arrived from the device.
  virtual ValidatorStep on_bytes(ByteView rx, Instant now) = 0;
  // Called by the shell at least every `tick_interval()`; polls, retries and times out here.
  virtual ValidatorStep on_tick(Instant now) = 0;
  virtual Millis tick_interval() const = 0;

  // Application commands. Each may answer at once (tx) if the link is idle, else it is queued and
  // sent at the next opportunity.
  virtual ValidatorStep enable(const std::vector<flows::Kzt>& denominations, Instant now) = 0;
  virtual ValidatorStep disable(Instant now) = 0;
  virtual ValidatorStep stack(Instant now) = 0;        // accept the escrowed note
  virtual ValidatorStep return_note(Instant now) = 0;  // give the escrowed note back

  virtual std::string protocol() const = 0;  // "ccnet", "id003", "ssp"
};

}  // namespace kiosk::devices
