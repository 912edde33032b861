// The Puloon LCDM dispenser driver (LCDM-1000, LCDM-2000, LCDM-4000): a pure, sans-IO state
// machine implementing CashDispenserDriver (devices/cash_dispenser.hpp).
//
// Start-up: STATUS (and ROM VERSION on the 1000/2000) -> Ready with the cassettes. Then a STATUS
// every `idle_status_interval` keeps the link checked. No valid answer after the resends ->
// LinkLost, then a STATUS every `probe_interval`; the first valid answer -> LinkRestored and the
// start-up again (Ready).
//
// Link rules (one command at a time): the device ACKs (06) the command, works, then sends its
// response frame, which the host ACKs; NAK (15) asks for the response again. A NAK to a command,
// or (not for a dispense, see `resend_unacked_dispense`) no ACK within `ack_timeout`, resends
// the command, at most `max_command_resends` times. Once a dispense may have started (ACKed, or
// sent and never NAKed) it is never sent again: a response that stays corrupt after
// `max_response_naks` NAKs, or none within the dispense timeout, gives DispenseOutcome::Unknown.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "devices/cash_dispenser.hpp"
#include "devices/lcdm/lcdm2000_codec.hpp"
#include "devices/lcdm/lcdm4000_codec.hpp"
#include "devices/lcdm/lcdm_link.hpp"

namespace kiosk::devices::lcdm {

enum class Model { Lcdm1000, Lcdm2000, Lcdm4000 };
const char* to_string(Model m);  // "lcdm1000", "lcdm2000", "lcdm4000"
std::optional<Model> model_from_string(std::string_view s);

struct LcdmDriverConfig {
  Model model = Model::Lcdm2000;
  Millis tick{20};
  Millis ack_timeout{500};            // the device ACKs within ~0.5 s
  Millis response_timeout{3000};      // STATUS, ROM VERSION, LAST STATUS
  Millis response_resend_wait{1000};  // after NAKing a corrupt response
  Millis purge_timeout{20000};
  Millis dispense_base_timeout{60000};  // ~60 s to detect an empty cassette [TC]
  Millis dispense_per_note{1000};
  Millis idle_status_interval{5000};  // link check while idle (0: never)
  Millis probe_interval{2000};        // STATUS while the link is down
  int max_command_resends = 3;
  int max_response_naks = 3;
  int max_notes = 0;  // 0: the model's limit (60 for 1000/2000 [TC], 100 for 4000)
  int cassettes_4000 = kCassettes4000;
  bool progress_items = true;  // accept 01 8D xx / 01 9C xx from the 1000/2000 (UNVERIFIED)
  DispenseLayout4000 dispense_layout = DispenseLayout4000::Fifteen;  // UNVERIFIED: 15 vs 7
  // A dispense that got no ACK may already be running (the ACK may be what was lost), so by default
  // it is not resent: the driver waits for the response until the dispense timeout. True resends
  // it like any other command (the reading of [TC]); not advised.
  bool resend_unacked_dispense = false;
  // LCDM-1000/2000 SENSOR1 b6 (reject-tray switch): set when the tray is in? UNVERIFIED.
  bool reject_switch_set_when_present = false;
};

// A snapshot for logs and the technician screen.
struct LcdmDiagnostics {
  std::string phase;
  bool link_up = false;
  std::string rom_version;  // 1000/2000
  std::optional<DispenserStatus> status;
  std::string last_error;
  std::uint64_t bad_frames = 0, timeouts = 0, naks_received = 0, naks_sent = 0, resends = 0,
                progress_items = 0, unknown_outcomes = 0;
  std::string to_log_line() const;
};

class LcdmDriver final : public CashDispenserDriver {
 public:
  enum class Phase { Starting, Ready, LinkDown };

  explicit LcdmDriver(LcdmDriverConfig config = {});

  DispenserStep on_bytes(ByteView rx, Instant now) override;
  DispenserStep on_tick(Instant now) override;
  Millis tick_interval() const override { return config_.tick; }

  DispenserStep dispense(const std::vector<int>& per_cassette, Instant now) override;
  DispenserStep test_dispense(int cassette, Instant now) override;
  DispenserStep purge(Instant now) override;
  DispenserStep status(Instant now) override;
  DispenserStep last_dispense(Instant now) override;

  int cassette_count() const override;
  int max_notes_per_command() const override;
  bool busy() const override;
  std::string protocol() const override { return to_string(config_.model); }

  Phase phase() const { return phase_; }
  LcdmDiagnostics diagnostics() const;
  const LcdmDriverConfig& config() const { return config_; }

 private:
  enum class Op {
    InitStatus,
    InitRom,
    Poll,
    Probe,
    Status,
    Dispense,
    TestDispense,
    Purge,
    LastStatus
  };
  enum class Stage { AwaitAck, AwaitResponse };
  struct Request {
    Op op;
    Bytes frame;
    std::vector<int> requested;  // Dispense
  };
  struct Pending {
    Request req;
    std::uint8_t cmd = 0;
    Stage stage = Stage::AwaitAck;
    Instant deadline{};
    int resends = 0;
    int naks_sent = 0;
    bool may_have_run = false;  // a dispense the device may have acted on
  };

  bool is4000() const { return config_.model == Model::Lcdm4000; }
  bool user_op(Op op) const { return op != Op::Poll && op != Op::Probe; }
  // Moves notes: never resent once the device may have acted on it.
  static bool moves_notes(Op op) { return op == Op::Dispense || op == Op::TestDispense; }
  static DispenserEvent::Kind done_kind(Op op) {
    return op == Op::TestDispense ? DispenserEvent::Kind::TestDispenseDone
                                  : DispenserEvent::Kind::DispenseDone;
  }
  Request make(Op op) const;
  Millis work_timeout(const Pending& p) const;

  // Link layer (lcdm_driver.cpp).
  void send(Request r, Instant now, DispenserStep& step);
  void pump(Instant now, DispenserStep& step);
  void on_item(const LinkItem& item, Instant now, DispenserStep& step);
  void on_corrupt(Instant now, DispenserStep& step);
  void on_deadline(Instant now, DispenserStep& step);
  void resend(Instant now, DispenserStep& step);
  void give_up(Instant now, DispenserStep& step, const std::string& why);
  void link_lost(DispenserStep& step, const std::string& why);
  void start_up();

  // Messages -> contract types (lcdm_driver_replies.cpp). False when the frame is not a valid
  // answer to the pending command (the link layer then treats it as corrupt).
  bool on_response(const Pending& p, const Frame& f, Instant now, DispenserStep& step);
  std::optional<DispenserStatus> status_from(const Frame& f, std::string& error) const;
  std::optional<DispenseOutcome> outcome_from(const Frame& f, const std::vector<int>& requested,
                                              std::string& why, bool test = false) const;
  std::optional<std::string> check_dispense(const std::vector<int>& n) const;
  Bytes dispense_frame(const std::vector<int>& n);
  DispenserEvent unknown_outcome(const std::string& why, Op op = Op::Dispense);
  DispenserEvent refused(const std::vector<int>& n, const std::string& why,
                         Op op = Op::Dispense) const;
  DispenserEvent failed_op(Op op, const std::string& why) const;

  LcdmDriverConfig config_;
  LcdmFrameReader reader_;
  Phase phase_ = Phase::Starting;
  std::optional<Pending> pending_;
  std::deque<Request> queue_;
  Instant next_check_{};  // when the next idle STATUS / probe is due
  bool started_ = false;
  bool link_lost_reported_ = false;
  bool ready_reported_ = false;
  std::uint8_t serial_ = 0;  // 7-byte 4000 dispense serial

  std::optional<DispenserStatus> status_;
  std::string rom_version_;
  std::vector<int> last_requested_;  // the last dispense sent, for LAST STATUS
  std::string last_error_;
  std::uint64_t bad_frames_ = 0, timeouts_ = 0, naks_received_ = 0, naks_sent_ = 0, resends_ = 0,
                progress_ = 0, unknown_ = 0;
};

const char* to_string(LcdmDriver::Phase p);

}  // namespace kiosk::devices::lcdm
