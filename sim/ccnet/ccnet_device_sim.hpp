// A CashCode CCNET bill validator, device side: answers real CCNET frames (see
// devices/ccnet/README.md) the way a validator does, with controls for tests and the simulator
// console. Its clock is the `now` passed to on_host_bytes(); it never reads one itself.
//
// Life of a note: insert_note() -> (next poll) ACCEPTING -> ESCROW (or REJECTING when its type is
// disabled or unknown) -> host STACK -> STACKING -> BILL STACKED -> IDLING, or host RETURN / escrow
// hold timeout -> RETURNING -> BILL RETURNED -> IDLING. Faults (jam, cassette, failure) override
// the status a POLL reports until cleared.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "devices/ccnet/ccnet_codec.hpp"
#include "devices/memory_transport.hpp"
#include "flows/money.hpp"
#include "flows/time.hpp"

namespace kiosk::sim::ccnet {

struct CcnetDeviceSimConfig {
  std::uint8_t address = devices::ccnet::kBillValidatorAddress;
  std::string currency = "KAZ";  // what real firmware reports for KZT is UNVERIFIED ("KAZ"/"KZT")
  // Bill types 0..n-1, in this order.
  std::vector<flows::Kzt> denominations{flows::Kzt{200},  flows::Kzt{500},  flows::Kzt{1000},
                                        flows::Kzt{2000}, flows::Kzt{5000}, flows::Kzt{10000},
                                        flows::Kzt{20000}};
  devices::ccnet::Identification identification{"SM-KZ1702", "SIM000000001", "00000000000001"};
  Millis initialize_time{1000};
  Millis accept_time{300};
  Millis stack_time{300};
  Millis return_time{300};
  Millis reject_time{300};
  Millis escrow_hold{10000};     // auto-return of an undecided escrowed note (UNVERIFIED, ~10 s)
  int stacked_report_polls = 1;  // polls that report BILL STACKED / RETURNED (>1: a repeating unit)
};

struct CcnetSimCounters {
  std::map<std::int64_t, int> stacked;  // tenge denomination -> notes in the cassette
  int stacked_unknown = 0;              // notes that reached the cassette at a power cut
  int returned = 0;
  int rejected = 0;
  std::uint64_t polls = 0;
  std::uint64_t host_acks = 0;
  std::uint64_t host_naks = 0;
  std::uint64_t bad_frames = 0;  // host frames with a bad CRC (answered NAK)
  int stacked_notes() const;
  std::int64_t stacked_value() const;
};

class CcnetDeviceSim final : public devices::DeviceEndpoint {
 public:
  explicit CcnetDeviceSim(CcnetDeviceSimConfig config = {});

  devices::Bytes on_host_bytes(devices::ByteView rx, Instant now) override;

  // ---- controls (tests, simulator console) ----
  // A customer inserts a note. False when the validator is not taking notes (disabled, busy with
  // another note, in a fault, powering up). A denomination not in the bill table is a fake.
  bool insert_note(flows::Kzt amount);
  bool insert_fake();
  void jam() { jammed_ = true; }
  void clear_jam() { jammed_ = false; }
  void cassette_full(bool full) { cassette_full_ = full; }
  void remove_cassette(bool removed) { cassette_removed_ = removed; }
  void fail(std::uint8_t code) { failure_ = code; }
  void clear_failure() { failure_.reset(); }
  // Power cut and back: reports POWER UP (10), or 11 with a note in the path, or 12 when
  // `with_bill_in_stacker` (the note in the path, if any, ends in the cassette).
  void power_cycle(bool with_bill_in_stacker);
  void set_silent(bool silent) { silent_ = silent; }
  void inject_garbage(devices::Bytes bytes);            // sent before the next answer
  void corrupt_next_answer() { corrupt_next_ = true; }  // next answer goes out with a bad CRC
  void nak_next_commands(int count) { nak_commands_ = count; }  // NAK valid frames, not act

  // ---- observation ----
  const CcnetSimCounters& counters() const { return counters_; }
  std::string state_name() const;
  devices::ccnet::BillTypeMask enabled_mask() const { return enable_; }
  std::uint64_t commands_received(devices::ccnet::Command c) const;

 private:
  enum class State {
    PowerUp,
    Initializing,
    Disabled,
    Idling,
    Accepting,
    Escrow,
    Stacking,
    Stacked,
    Returning,
    Returned,
    Rejecting
  };
  struct Note {
    std::optional<std::uint8_t> type;  // none: a fake
  };

  void advance(Instant now);
  void enter(State s, Instant now);
  State idle_state() const;
  bool faulted() const;
  devices::Bytes answer(const devices::ccnet::Frame& f, Instant now);
  devices::Bytes answer_command(devices::ccnet::Command cmd, devices::ByteView data, Instant now);
  devices::Bytes poll_reply();
  devices::Bytes reply(devices::ByteView payload) const;
  devices::Bytes reply_code(std::uint8_t code) const;
  void count_stacked(const Note& n);

  CcnetDeviceSimConfig config_;
  devices::ccnet::CcnetFrameReader reader_;
  State state_ = State::PowerUp;
  std::uint8_t power_up_code_ = devices::ccnet::status::PowerUp;
  std::optional<Instant> since_;  // when the current state began (unset until the first bytes)
  std::optional<Note> note_;      // the note in the path
  std::optional<Note> inserted_;  // waiting at the bezel for the next poll
  std::uint8_t reject_reason_ = 0;
  int report_polls_left_ = 0;
  bool reported_ = false;  // the current transient status went out in a POLL answer

  devices::ccnet::BillTypeMask enable_, escrow_, security_;
  bool jammed_ = false, cassette_full_ = false, cassette_removed_ = false, silent_ = false;
  std::optional<std::uint8_t> failure_;
  devices::Bytes garbage_;
  bool corrupt_next_ = false;
  int nak_commands_ = 0;
  devices::Bytes last_answer_;
  std::map<std::uint8_t, std::uint64_t> commands_;
  CcnetSimCounters counters_;
};

}  // namespace kiosk::sim::ccnet
