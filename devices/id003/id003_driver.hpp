// The JCM ID003 bill validator driver: a pure, sans-IO state machine (see
// devices/bill_validator.hpp).
//
// Phases: Starting (first STATUS REQUEST) -> Resetting (RESET sent, waiting for ACK 50) ->
// Initializing (STATUS REQUEST until INITIALIZE, DISABLE or IDLING) -> Configuring (C2 polling
// mode, C4 direction, 88 VERSION, 8A CURRENCY ASSIGN) -> Operating (STATUS REQUEST every
// poll_interval; the wanted denominations applied as C3 01, C0 inhibit mask, C3 00). No valid
// answer after `max_retries` resends -> LinkLost, phase LinkDown, polling on; the first answer ->
// LinkRestored and set-up again (RESET only if the device reports POWER UP or never reached Ready).
//
// Link rules: one request outstanding; an operation command (RESET, STACK, RETURN, HOLD) is
// answered ACK 50, a setting command (C0..C4) by its echo, a query (88, 8A) by its data, STATUS
// REQUEST by a status. The host sends ACK 50 after every VEND VALID (and, if configured, after
// POWER UP); the device does not answer it. ID003 has no NAK: a corrupt answer or a COMMUNICATION
// ERROR (4A) makes the driver send the command again (at most `max_resends`); INVALID COMMAND (4B)
// drops it. A corrupt frame is never acted on.
//
// VEND VALID (15) is the credit point: one Stacked event per note, even if the device repeats it
// (it does until ACKed). A note found in the device at first contact (a previous run's) is
// reported as PowerUpWithBill, never as Stacked.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "devices/bill_validator.hpp"
#include "devices/id003/id003_codec.hpp"

namespace kiosk::devices::id003 {

struct Id003DriverConfig {
  Millis tick{20};               // the shell's tick; timers below have this resolution
  Millis poll_interval{200};     // reference hosts poll every 100-200 ms
  Millis response_timeout{300};  // [TC] answer timeout
  Millis inter_frame_gap{20};    // bus silence before a new command
  int max_retries = 3;           // resends after a response timeout before LinkLost
  int max_resends = 3;           // resends after a corrupt answer or COMMUNICATION ERROR
  std::vector<std::uint8_t> accepted_countries = default_accepted_countries();  // 0x51 KZT
  Command stack_command = Command::Stack1;  // or Stack2 (VEND VALID once fully in the stacker)
  bool ack_power_up = false;                // [TC] ACKs POWER UP; whether it must is UNVERIFIED
  bool set_polling_mode = true;             // send C2 00 during set-up ([LM] does)
  bool set_direction = true;                // send C4 00 (all insertion directions) during set-up
};

// A snapshot for logs and the technician screen. No personal data in here.
struct Id003Diagnostics {
  std::string phase;  // "starting", "operating", "link_down", ...
  bool link_up = false;
  std::optional<Status> last_status;
  std::string version;                    // the 88 answer
  std::vector<flows::Kzt> denominations;  // from the currency assignment
  std::vector<flows::Kzt> wanted;         // what the application asked to accept
  DenominationMask inhibited;             // last C0 mask the device echoed
  bool acceptor_inhibited = true;         // last C3 the device echoed
  std::string last_error;
  std::uint64_t bad_frames = 0, timeouts = 0, resends = 0, comm_errors = 0, resets = 0,
                vend_valid_acks = 0;
  // One key=value line: "phase=operating link=up status=0x11 status_name=idling ...".
  std::string to_log_line() const;
};

class Id003Driver final : public BillValidatorDriver {
 public:
  enum class Phase { Starting, Resetting, Initializing, Configuring, Operating, LinkDown };

  explicit Id003Driver(Id003DriverConfig config = {});

  ValidatorStep on_bytes(ByteView rx, Instant now) override;
  ValidatorStep on_tick(Instant now) override;
  Millis tick_interval() const override { return config_.tick; }

  ValidatorStep enable(const std::vector<flows::Kzt>& denominations, Instant now) override;
  ValidatorStep disable(Instant now) override;
  ValidatorStep stack(Instant now) override;
  ValidatorStep return_note(Instant now) override;
  std::string protocol() const override { return "id003"; }

  Phase phase() const { return phase_; }
  Id003Diagnostics diagnostics() const;

 private:
  struct Request {
    Command cmd;
    Bytes frame;
  };
  struct Pending {
    Request req;
    Instant sent_at;
    int timeouts = 0;
    int resends = 0;
  };

  // Link layer (id003_driver.cpp).
  Request request(Command cmd, ByteView data = {}) const;
  void send(Request r, Instant now, ValidatorStep& step);
  void pump(Instant now, ValidatorStep& step);
  void on_frame(const Frame& f, Instant now, ValidatorStep& step);
  void resend(Instant now, ValidatorStep& step, const char* why);
  void on_timeout(Instant now, ValidatorStep& step);
  void request_failed(std::string why);
  void link_lost(ValidatorStep& step, std::string why);
  void acknowledge(Instant now, ValidatorStep& step);
  Request finish(Instant now, ValidatorStep& step);
  void queue_front(Request r);
  void queue_enable();

  // Device logic (id003_driver_status.cpp).
  void on_answer(ValidatorStep& step);
  void on_command_done(const Request& r, const Frame& answer);
  void on_status(const Status& s, Instant now, ValidatorStep& step);
  void on_first_contact(const Status& s, bool changed, ValidatorStep& step);
  void on_currency_table(CurrencyTable table, ValidatorStep& step);
  void emit_status_event(const Status& s, ValidatorStep& step);
  void on_escrow(std::uint8_t code, ValidatorStep& step);
  void on_vend_valid(const Status& s, ValidatorStep& step);
  void begin_reset();
  void begin_configuring();

  Id003DriverConfig config_;
  Id003FrameReader reader_;
  Phase phase_ = Phase::Starting;
  std::optional<Pending> pending_;
  std::deque<Request> queue_;
  std::optional<Instant> last_poll_;
  Instant quiet_until_ = Instant::min();
  bool ready_once_ = false;
  bool link_lost_reported_ = false;

  std::optional<Status> last_status_;
  std::optional<CurrencyTable> table_;
  std::string version_;
  // The note in the path: its escrow code (from ESCROW), whether it was credited, and whether it
  // is being returned (ID003 has no "returned" status: RETURNING ends with IDLING or DISABLE).
  std::optional<std::uint8_t> escrow_code_;
  bool credited_ = false;
  bool returning_ = false;
  struct NoteAtStart {
    const char* where;                 // "in_stacker" (VEND VALID, STACKED), "in_acceptor"
    std::optional<std::uint8_t> code;  // its escrow code, valued once the table is read
  };
  std::optional<NoteAtStart> note_at_start_;
  std::vector<flows::Kzt> wanted_;
  DenominationMask inhibited_;
  bool acceptor_inhibited_ = true;

  std::string last_error_;
  std::uint64_t bad_frames_ = 0, timeouts_ = 0, resends_ = 0, comm_errors_ = 0, resets_ = 0,
                vend_valid_acks_ = 0;
};

const char* to_string(Id003Driver::Phase p);

}  // namespace kiosk::devices::id003
