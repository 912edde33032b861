// A JCM ID003 bill validator, device side: answers real ID003 frames (see
// devices/id003/README.md) the way a validator does, with controls for tests and the simulator
// console. Its clock is the `now` passed to on_host_bytes(); it never reads one itself.
//
// Life of a note: insert_note() -> (next status request) ACCEPTING -> ESCROW code (or REJECTING
// when its code is inhibited or unknown) -> host STACK-1/2 -> STACKING -> VEND VALID (repeated
// until the host ACKs; the note counts as in the cassette from the ACK) -> STACKED -> IDLING, or
// host RETURN / escrow hold timeout -> RETURNING -> IDLING. Faults (jam, stacker, failure)
// override the reported status until cleared.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "devices/id003/id003_codec.hpp"
#include "devices/memory_transport.hpp"
#include "flows/money.hpp"
#include "flows/time.hpp"

namespace kiosk::sim::id003 {

// One line of the device's currency assignment.
struct Id003Denomination {
  std::uint8_t escrow_code;
  flows::Kzt amount;
  std::string series;  // "old", "saka"
};

// KZT, both series: old 200..20000 on 0x61..0x67, Saka 500..10000 on 0x68..0x6C. Real firmware's
// code map is UNVERIFIED: the driver reads it with 8A, so any map works.
std::vector<Id003Denomination> default_kzt_table();

struct Id003DeviceSimConfig {
  std::uint8_t country = devices::id003::kCountryKzt;
  std::vector<Id003Denomination> table = default_kzt_table();
  std::string version = "SIM-ID003 KZT V1.00";
  Millis initialize_time{1000};
  Millis accept_time{300};
  Millis stack_time{300};
  Millis return_time{300};
  Millis reject_time{300};
  Millis escrow_hold{10000};  // auto-return of an undecided escrowed note (UNVERIFIED)
  // A host frame with a bad CRC: answer COMMUNICATION ERROR (4A), or stay silent (UNVERIFIED).
  bool comm_error_on_bad_crc = true;
  // Accept C0 (denomination enable) only while inhibited or initialising (UNVERIFIED; the driver
  // inhibits before C0 either way).
  bool c0_only_when_inhibited = true;
};

struct Id003SimCounters {
  std::map<std::int64_t, int> stacked;  // tenge denomination -> notes in the cassette
  std::map<std::string, int> stacked_by_series;
  int stacked_unknown = 0;  // notes that reached the cassette at a power cut
  int returned = 0;
  int rejected = 0;
  std::uint64_t status_requests = 0;
  std::uint64_t host_acks = 0;
  std::uint64_t bad_frames = 0;  // host frames with a bad CRC
  int stacked_notes() const;
  std::int64_t stacked_value() const;
};

class Id003DeviceSim final : public devices::DeviceEndpoint {
 public:
  explicit Id003DeviceSim(Id003DeviceSimConfig config = {});

  devices::Bytes on_host_bytes(devices::ByteView rx, Instant now) override;

  // ---- controls (tests, simulator console) ----
  // A customer inserts a note (of `series` when given, else the first code of that amount). False
  // when the validator is not taking notes. An amount not in the table is a fake.
  bool insert_note(flows::Kzt amount, const std::string& series = "");
  bool insert_fake();
  void jam(bool in_stacker = false) {
    jam_ =
        in_stacker ? devices::id003::status::JamInStacker : devices::id003::status::JamInAcceptor;
  }
  void clear_jam() { jam_.reset(); }
  void cassette_full(bool full) { stacker_full_ = full; }
  void remove_cassette(bool removed) { stacker_open_ = removed; }
  void fail(std::uint8_t code) { failure_ = code; }
  void clear_failure() { failure_.reset(); }
  // Power cut and back: reports POWER UP (40), or 41 with a note in the path, or 42 when
  // `with_bill_in_stacker` (the note in the path, if any, ends in the cassette).
  void power_cycle(bool with_bill_in_stacker);
  void set_silent(bool silent) { silent_ = silent; }
  void inject_garbage(devices::Bytes bytes);                  // sent before the next answer
  void corrupt_next_answer() { corrupt_next_ = true; }        // next answer goes out with a bad CRC
  void comm_error_next_commands(int n) { comm_errors_ = n; }  // answer 4A, do not act
  void drop_next_host_acks(int n) { drop_acks_ = n; }         // as if the host's ACK was lost

  // ---- observation ----
  const Id003SimCounters& counters() const { return counters_; }
  std::string state_name() const;
  devices::id003::DenominationMask inhibit_mask() const { return inhibit_; }
  bool acceptor_inhibited() const { return acceptor_inhibited_; }
  // Amounts a note would be escrowed for now (not inhibited, acceptor enabled).
  std::vector<flows::Kzt> accepting() const;
  std::uint64_t commands_received(devices::id003::Command c) const;

 private:
  enum class State {
    PowerUp,
    Initializing,
    Disabled,
    Idling,
    Accepting,
    Escrow,
    Stacking,
    VendValid,
    Stacked,
    Returning,
    Rejecting
  };
  struct Note {
    std::optional<std::size_t> entry;  // index in the table; none: a fake
  };

  void advance(Instant now);
  void enter(State s, Instant now);
  State idle_state() const;
  bool faulted() const;
  bool code_enabled(std::uint8_t code) const;
  devices::Bytes answer(const devices::id003::Frame& f, Instant now);
  devices::Bytes status_reply();
  devices::Bytes reply(std::uint8_t code, devices::ByteView data = {}) const;
  void count_stacked(const Note& n);
  void drop_note_at_reset();

  Id003DeviceSimConfig config_;
  devices::id003::Id003FrameReader reader_;
  State state_ = State::PowerUp;
  std::uint8_t power_up_code_ = devices::id003::status::PowerUp;
  std::optional<Instant> since_;
  std::optional<Note> note_;
  std::optional<Note> inserted_;
  std::uint8_t reject_reason_ = 0;
  bool reported_ = false;  // the current transient status went out in an answer

  devices::id003::DenominationMask inhibit_;
  bool acceptor_inhibited_ = true;
  std::uint8_t comm_mode_ = 0, direction_ = 0;
  std::array<std::uint8_t, 2> security_{};
  std::optional<std::uint8_t> jam_, failure_;
  bool stacker_full_ = false, stacker_open_ = false, silent_ = false;
  devices::Bytes garbage_;
  bool corrupt_next_ = false;
  int comm_errors_ = 0, drop_acks_ = 0;
  std::map<std::uint8_t, std::uint64_t> commands_;
  Id003SimCounters counters_;
};

}  // namespace kiosk::sim::id003
