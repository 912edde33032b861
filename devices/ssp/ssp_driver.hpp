// The ITL SSP/eSSP bill validator driver: a pure, sans-IO state machine (see
// devices/bill_validator.hpp and devices/ssp/README.md).
//
// Phases: Syncing (SYNC) -> KeyExchange (SET GENERATOR, SET MODULUS, REQUEST KEY EXCHANGE, all
// plain) -> Configuring (HOST PROTOCOL VERSION, SETUP REQUEST, encrypted) -> Operating (REJECT of a
// note left in escrow by a previous run, SET INHIBITS and ENABLE/DISABLE from the application's
// denominations, then POLL every poll_interval). No valid answer after `max_retries` resends ->
// LinkLost, phase LinkDown, SYNC keeps going out; the first answer -> LinkRestored and a whole new
// session (SYNC, a new key exchange, setup). A KEY NOT SET (FA) answer also starts a new session.
//
// Escrow: READ NOTE with a channel -> Escrowed(amount); from then on the driver sends HOLD every
// `hold_interval` instead of POLL (a POLL accepts the note). stack() sends POLL (accept);
// return_note() sends REJECT. CREDIT POINT: the NOTE CREDIT event (EE channel) -> Stacked.
// Random numbers (DH secret, packing) come from `random_seed` when set (tests), else OpenSSL.
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "devices/bill_validator.hpp"
#include "devices/ssp/essp.hpp"
#include "devices/ssp/ssp_codec.hpp"

namespace kiosk::devices::ssp {

struct SspDriverConfig {
  std::uint8_t address = kValidatorAddress;
  Millis tick{20};
  Millis poll_interval{200};     // ITL advises polling every 100-200 ms
  Millis response_timeout{500};  // the manual's resend time is 1 s; the unit answers in < 100 ms
  Millis hold_interval{2000};    // HOLD while the application decides (device timeout: 10 s)
  int max_retries = 3;           // resends (same SEQ, same bytes) before LinkLost
  std::uint8_t host_protocol_version = 7;  // probed downward on FAIL to `min_protocol_version`
  std::uint8_t min_protocol_version = 6;
  bool encrypt = true;                            // eSSP for every command after the key exchange
  std::uint64_t fixed_key = kDefaultFixedKey;     // the 64-bit preset key (configurable per unit)
  CountRule count_rule = CountRule::PerExchange;  // UNVERIFIED, see essp.hpp
  int prime_bits = 31;  // size of the generated generator and modulus (UNVERIFIED upper bound)
  bool reject_escrow_at_start = true;  // a note left in escrow by a previous run is given back
  ValueRules values;
  std::optional<std::uint64_t> random_seed;  // deterministic randomness for tests
};

struct SspDiagnostics {
  std::string phase;
  bool link_up = false;
  bool encrypted = false;
  std::optional<SetupInfo> setup;
  std::vector<flows::Kzt> wanted;
  std::uint32_t inhibit_bits = 0;  // last SET INHIBITS the unit accepted
  std::uint8_t protocol_version = 0;
  std::string last_error;
  std::uint64_t bad_frames = 0, timeouts = 0, key_exchanges = 0, crypto_errors = 0;
  std::string to_log_line() const;
};

class SspDriver final : public BillValidatorDriver {
 public:
  enum class Phase { Syncing, KeyExchange, Configuring, Operating, LinkDown };

  explicit SspDriver(SspDriverConfig config = {});

  ValidatorStep on_bytes(ByteView rx, Instant now) override;
  ValidatorStep on_tick(Instant now) override;
  Millis tick_interval() const override { return config_.tick; }

  ValidatorStep enable(const std::vector<flows::Kzt>& denominations, Instant now) override;
  ValidatorStep disable(Instant now) override;
  ValidatorStep stack(Instant now) override;
  ValidatorStep return_note(Instant now) override;
  std::string protocol() const override { return "ssp"; }

  Phase phase() const { return phase_; }
  SspDiagnostics diagnostics() const;
  bool encrypted() const { return session_.has_value(); }

 private:
  struct Request {
    Command cmd;
    Bytes params;
  };
  struct Pending {
    Request req;
    Bytes wire;  // resent as is on a timeout (same SEQ, same eCOUNT)
    bool seq = false;
    bool sealed = false;
    Instant sent_at;
    int timeouts = 0;
  };
  struct Escrow {
    std::uint8_t channel = 0;
    flows::Kzt amount{};
    bool accepting = false;  // stack() sent the accepting POLL
    bool returning = false;  // return_note() sent REJECT
    bool unwanted = false;   // not asked for: the driver returns it by itself
  };

  // Link layer (ssp_driver.cpp).
  std::uint64_t random64();
  Bytes packing();
  void send(Request r, Instant now, ValidatorStep& step);
  void pump(Instant now, ValidatorStep& step);
  void on_packet(const Packet& p, Instant now, ValidatorStep& step);
  void on_timeout(Instant now, ValidatorStep& step);
  void link_lost(ValidatorStep& step, std::string why);
  void queue_front(Request r);
  void queue_settings();
  void begin_session(bool sync_done);

  // Device logic (ssp_driver_events.cpp).
  void on_answer(const Request& r, ValidatorStep& step);
  void on_reply(const Request& r, const Bytes& data, Instant now, ValidatorStep& step);
  void on_failed(const Request& r, std::uint8_t code, ValidatorStep& step);
  void on_setup(SetupInfo info, ValidatorStep& step);
  void on_poll(const PollReply& reply, Instant now, ValidatorStep& step);
  void on_event(const PollEvent& e, Instant now, ValidatorStep& step,
                std::vector<std::uint8_t>& conditions);
  void on_read(std::uint8_t channel, Instant now, ValidatorStep& step);
  void on_reject_code(std::uint8_t code, ValidatorStep& step);

  SspDriverConfig config_;
  SspFrameReader reader_;
  std::mt19937_64 prng_;
  Phase phase_ = Phase::Syncing;
  std::optional<Pending> pending_;
  std::deque<Request> queue_;
  bool seq_ = false;
  std::optional<Instant> last_poll_;
  std::optional<Instant> last_hold_;
  bool link_lost_reported_ = false;

  // Key exchange.
  std::uint64_t generator_ = 0, modulus_ = 0, host_random_ = 0;
  std::optional<EsspSession> session_;
  std::uint8_t protocol_version_ = 0;

  std::optional<SetupInfo> setup_;
  std::vector<flows::Kzt> wanted_;
  std::uint32_t inhibit_bits_ = 0;
  std::optional<Escrow> escrow_;
  std::vector<std::uint8_t> conditions_;  // standing conditions seen in the last poll (E8, E7...)
  bool idle_reported_ = false;
  int rejects_pending_ = 0;  // REJECTED events waiting for their LAST REJECT CODE

  std::string last_error_;
  std::uint64_t bad_frames_ = 0, timeouts_ = 0, key_exchanges_ = 0, crypto_errors_ = 0;
};

const char* to_string(SspDriver::Phase p);

}  // namespace kiosk::devices::ssp
