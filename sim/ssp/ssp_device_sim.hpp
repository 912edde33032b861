// An ITL SSP/eSSP bill validator (NV9/NV200 style), device side: answers real SSP packets (see
// devices/ssp/README.md), with the same eSSP crypto as the host, and controls for tests and the
// simulator console. Its clock is the `now` passed to on_host_bytes(); it never reads one itself.
//
// Life of a note: insert_note() -> (enabled) READ `EF 00` -> `read_time` -> READ `EF ch` (escrow;
// or REJECTING/REJECTED with code 06 when its channel is inhibited, 02 for a fake) -> the host's
// next POLL accepts it: STACKING `CC` -> `stack_time` -> NOTE CREDIT `EE ch` + STACKED `EB`; host
// REJECT or `escrow_timeout` without HOLD/POLL -> REJECTING `ED` -> REJECTED `EC` (code 08 / 13).
// Events queue up between polls and are all delivered by the next new POLL.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "devices/memory_transport.hpp"
#include "devices/ssp/essp.hpp"
#include "devices/ssp/ssp_codec.hpp"
#include "flows/money.hpp"
#include "flows/time.hpp"

namespace kiosk::sim::ssp {

struct SspDeviceSimConfig {
  std::uint8_t address = devices::ssp::kValidatorAddress;
  std::string country = "KZT";  // the real KZT dataset code is UNVERIFIED
  std::string firmware = "0400";
  std::uint8_t max_protocol_version = 8;
  // Channel n+1 = values[n], in tenge: the older series, then the Saka series (both accepted).
  std::vector<std::uint32_t> channels{500, 1000, 2000, 5000, 10000, 20000,
                                      500, 1000, 2000, 5000, 10000};
  std::uint32_t serial = 0x01020304;
  bool require_encryption = true;  // plain commands other than SYNC and the key exchange get FA
  std::uint64_t fixed_key = devices::ssp::kDefaultFixedKey;
  devices::ssp::CountRule count_rule = devices::ssp::CountRule::PerExchange;
  std::uint64_t random_seed = 5;  // the slave's DH secret and packing
  Millis read_time{300};
  Millis stack_time{300};
  Millis reject_time{300};
  Millis escrow_timeout{10000};  // no HOLD or POLL for this long: the note is rejected (13)
};

struct SspSimCounters {
  std::map<std::int64_t, int> stacked;  // tenge -> notes in the cashbox
  int returned = 0;                     // given back after host REJECT or escrow timeout
  int rejected = 0;                     // refused by the unit itself (inhibited, fake)
  std::uint64_t polls = 0;
  std::uint64_t bad_frames = 0;      // host packets with a bad CRC (ignored, as the unit does)
  std::uint64_t repeats = 0;         // resends answered with the last reply
  std::uint64_t crypto_refused = 0;  // encrypted packets discarded (bad count, bad eCRC)
  std::uint64_t key_exchanges = 0;
  int stacked_notes() const;
  std::int64_t stacked_value() const;
};

class SspDeviceSim final : public devices::DeviceEndpoint {
 public:
  explicit SspDeviceSim(SspDeviceSimConfig config = {});

  devices::Bytes on_host_bytes(devices::ByteView rx, Instant now) override;

  // ---- controls (tests, simulator console) ----
  // A customer inserts a note (the first channel of that value; `insert_channel` picks a series).
  // False when the unit is not taking notes (disabled, busy, in a fault).
  bool insert_note(flows::Kzt amount);
  bool insert_channel(std::uint8_t channel);
  bool insert_fake();
  void fraud_attempt(std::uint8_t channel);
  void jam(bool safe) {
    jam_ = safe ? devices::ssp::event::SafeJam : devices::ssp::event::UnsafeJam;
  }
  void clear_jam() { jam_.reset(); }
  void stacker_full(bool full) { stacker_full_ = full; }
  void remove_cashbox(bool removed);
  // Power cut and back: the key and settings are lost, SLAVE RESET is queued; a note in the path
  // is reported as cleared from the front (E1) or into the cashbox (E2, and counted there).
  void power_cycle(bool note_into_cashbox);
  void set_silent(bool silent) { silent_ = silent; }
  void inject_garbage(devices::Bytes bytes);
  void corrupt_next_answer() { corrupt_next_ = true; }

  // ---- observation ----
  const SspSimCounters& counters() const { return counters_; }
  std::string state_name() const;
  bool enabled() const { return enabled_; }
  std::uint32_t inhibits() const { return inhibits_; }
  bool has_key() const { return key_.has_value(); }
  std::uint8_t last_reject_code() const { return last_reject_; }
  std::uint64_t commands_received(devices::ssp::Command c) const;
  const SspDeviceSimConfig& config() const { return config_; }

 private:
  enum class State { Idle, Reading, Escrow, Stacking, Rejecting };

  void advance(Instant now);
  void enter(State s, Instant now);
  void start_reject(std::uint8_t code, Instant now);
  bool busy() const { return state_ != State::Idle; }
  bool faulted() const { return jam_.has_value() || stacker_full_ || cashbox_removed_; }
  std::optional<flows::Kzt> value_of(std::uint8_t channel) const;
  devices::Bytes answer(const devices::ssp::Packet& p, Instant now);
  devices::Bytes execute(devices::ByteView cmd, Instant now);
  devices::Bytes poll(Instant now);
  void lose_power_state();

  SspDeviceSimConfig config_;
  devices::ssp::SspFrameReader reader_;
  std::mt19937_64 prng_;
  State state_ = State::Idle;
  std::optional<Instant> since_;
  std::uint8_t channel_ = 0;  // the note in the path (0: a fake)
  bool escrow_reported_ = false;
  std::optional<std::uint8_t> inserted_;  // waiting at the bezel (0 = fake)
  std::vector<devices::ssp::PollEvent> events_;
  std::uint8_t last_reject_ = 0;

  bool enabled_ = false;
  std::uint32_t inhibits_ = 0;
  std::uint8_t protocol_ = 6;
  std::optional<std::uint8_t> jam_;
  bool stacker_full_ = false, cashbox_removed_ = false, silent_ = false, corrupt_next_ = false;
  devices::Bytes garbage_;

  std::uint64_t generator_ = 0, modulus_ = 0;
  std::optional<devices::ssp::EsspSession> key_;
  std::optional<bool> last_seq_;
  devices::Bytes last_reply_data_;  // DATA of the last answer, repeated for a resend
  std::map<std::uint8_t, std::uint64_t> commands_;
  SspSimCounters counters_;
};

}  // namespace kiosk::sim::ssp
