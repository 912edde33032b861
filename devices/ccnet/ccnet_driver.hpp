// The CCNET bill validator driver: a pure, sans-IO state machine (see devices/bill_validator.hpp).
//
// Phases: Starting (first POLL) -> Resetting (RESET sent) -> Initializing (POLL until UNIT
// DISABLED)
// -> Configuring (IDENTIFICATION, GET BILL TABLE) -> Operating (POLL every poll_interval, apply the
// wanted denominations). No valid answer after `max_retries` resends -> LinkLost, phase LinkDown,
// polling on; the first answer -> LinkRestored and re-initialisation (RESET only if the device
// reports POWER UP or never reached Ready; otherwise the bill table is read again and the wanted
// denominations are applied again, so a stacked note reported during the outage is not lost).
//
// Link rules: every data reply is ACKed; a NAK from the device resends the command (at most
// `max_nak_resends` times); a frame with a bad CRC is answered with NAK and never acted on.
// Events are emitted on status *changes*: a status the device repeats in consecutive polls
// (BILL STACKED, ESCROW, REJECTING...) gives one event, so a note is credited exactly once.
// A note found in the device at first contact (a previous run's) is reported as PowerUpWithBill
// with its amount, never as Stacked: the application settles it against its journal.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "devices/bill_validator.hpp"
#include "devices/ccnet/ccnet_codec.hpp"

namespace kiosk::devices::ccnet {

struct CcnetDriverConfig {
  std::uint8_t address = kBillValidatorAddress;
  Millis tick{20};               // the shell's tick; timers below have this resolution
  Millis poll_interval{200};     // reference hosts poll every 100-200 ms
  Millis response_timeout{300};  // the device answers within 10 ms; allow for USB bridges
  Millis inter_frame_gap{20};    // bus silence before a new command (t-free: 10 ms, 20 advised)
  int max_retries = 3;           // resends after a response timeout before LinkLost
  int max_nak_resends = 3;       // resends after the device answers NAK
  std::vector<std::string> accepted_currencies = default_accepted_currencies();
};

// A snapshot for logs and the technician screen. No personal data in here.
struct CcnetDiagnostics {
  std::string phase;  // "starting", "operating", "link_down", ...
  bool link_up = false;
  std::optional<PollStatus> last_status;
  std::optional<Identification> identification;
  std::vector<flows::Kzt> denominations;  // from the bill table
  std::vector<flows::Kzt> wanted;         // what the application asked to accept
  BillTypeMask enabled_mask;              // last mask the device ACKed
  std::string last_error;
  std::uint64_t bad_frames = 0, timeouts = 0, naks_received = 0, naks_sent = 0, resets = 0;
  // One key=value line: "phase=operating link=up status=0x14(idling) part=... serial=...".
  std::string to_log_line() const;
};

class CcnetDriver final : public BillValidatorDriver {
 public:
  enum class Phase { Starting, Resetting, Initializing, Configuring, Operating, LinkDown };

  explicit CcnetDriver(CcnetDriverConfig config = {});

  ValidatorStep on_bytes(ByteView rx, Instant now) override;
  ValidatorStep on_tick(Instant now) override;
  Millis tick_interval() const override { return config_.tick; }

  ValidatorStep enable(const std::vector<flows::Kzt>& denominations, Instant now) override;
  ValidatorStep disable(Instant now) override;
  ValidatorStep stack(Instant now) override;
  ValidatorStep return_note(Instant now) override;
  std::string protocol() const override { return "ccnet"; }

  Phase phase() const { return phase_; }
  // Operating with no request outstanding and none queued: until the device's status changes or
  // the application sends a command, every further poll would be the same exchange. (The
  // whole-kiosk simulation elides such polls; see kiosk/simulate/README.md.)
  bool quiescent() const { return phase_ == Phase::Operating && !pending_ && queue_.empty(); }
  CcnetDiagnostics diagnostics() const;

 private:
  struct Request {
    Command cmd;
    Bytes frame;
    BillTypeMask mask;  // EnableBillTypes: the mask being sent
  };
  struct Pending {
    Request req;
    Instant sent_at;
    int timeouts = 0;
    int naks = 0;
    int bad_frames = 0;
  };

  // Link layer (ccnet_driver.cpp).
  Request request(Command cmd) const;
  void send(Request r, Instant now, ValidatorStep& step);
  void pump(Instant now, ValidatorStep& step);
  void on_frame(const Frame& f, Instant now, ValidatorStep& step);
  void on_timeout(Instant now, ValidatorStep& step);
  void request_failed(Instant now, ValidatorStep& step, std::string why);
  void link_lost(ValidatorStep& step, std::string why);
  void acknowledge(Instant now, ValidatorStep& step);
  void queue_front(Request r);
  void queue_enable(Instant now);

  // Device logic (ccnet_driver_status.cpp).
  void on_answer(Instant now, ValidatorStep& step);
  void on_command_acked(const Request& r);
  void on_status(const PollStatus& s, Instant now, ValidatorStep& step);
  void on_identification(const Identification& id);
  void on_bill_table(BillTable table, Instant now, ValidatorStep& step);
  void emit_status_event(const PollStatus& s, ValidatorStep& step);
  void on_escrow(std::uint8_t type, ValidatorStep& step);
  void begin_reset();
  void begin_configuring();

  CcnetDriverConfig config_;
  CcnetFrameReader reader_;
  Phase phase_ = Phase::Starting;
  std::optional<Pending> pending_;
  std::deque<Request> queue_;
  std::optional<Instant> last_poll_;
  Instant quiet_until_ = Instant::min();
  bool ready_once_ = false;
  bool link_lost_reported_ = false;

  std::optional<PollStatus> last_status_;
  std::optional<BillTable> table_;
  std::optional<Identification> identification_;
  struct NoteAtStart {
    const char* where;                 // "in_stacker" (BILL STACKED), "in_validator" (ESCROW)
    std::optional<std::uint8_t> type;  // its bill type, valued once the bill table is read
  };
  std::optional<NoteAtStart> note_at_start_;
  std::vector<flows::Kzt> wanted_;
  BillTypeMask enabled_mask_;

  std::string last_error_;
  std::uint64_t bad_frames_ = 0, timeouts_ = 0, naks_received_ = 0, naks_sent_ = 0, resets_ = 0;
};

const char* to_string(CcnetDriver::Phase p);

}  // namespace kiosk::devices::ccnet
