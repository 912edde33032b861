// ITL SSP wire codec: pure functions from packets to bytes and back.
//
// Packet: STX(7F) SEQ|ID LEN DATA... CRCL CRCH. Bit 7 of SEQ|ID is the sequence flag, bits 6-0 the
// slave id; LEN counts DATA only; CRC-16 (poly 0x8005, seed 0xFFFF, MSB-first, no reflection) over
// SEQ|ID, LEN and DATA, low byte first. After the CRC is computed every 7F after the STX is sent as
// 7F 7F (byte stuffing). See devices/ssp/README.md and shared/reference/cash-devices.md section 3.
//
// Nothing here reads a clock, allocates unboundedly or throws: bad bytes give an error value.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "devices/transport.hpp"
#include "flows/money.hpp"

namespace kiosk::devices::ssp {

inline constexpr std::uint8_t kStx = 0x7F;
inline constexpr std::uint8_t kStex = 0x7E;  // first DATA byte of an encrypted packet
inline constexpr std::uint8_t kValidatorAddress = 0x00;
inline constexpr std::uint8_t kMaxAddress = 0x7D;
inline constexpr std::size_t kMaxData = 255;

enum class Command : std::uint8_t {
  Reset = 0x01,
  SetInhibits = 0x02,
  SetupRequest = 0x05,
  HostProtocolVersion = 0x06,
  Poll = 0x07,
  Reject = 0x08,
  Disable = 0x09,
  Enable = 0x0A,
  GetSerial = 0x0C,
  Sync = 0x11,
  LastRejectCode = 0x17,
  Hold = 0x18,
  SetGenerator = 0x4A,
  SetModulus = 0x4B,
  RequestKeyExchange = 0x4C,
};
const char* to_string(Command c);

// Generic responses: the first DATA byte of every reply.
namespace response {
inline constexpr std::uint8_t Ok = 0xF0;
inline constexpr std::uint8_t UnknownCommand = 0xF2;
inline constexpr std::uint8_t WrongParameterCount = 0xF3;
inline constexpr std::uint8_t ParameterOutOfRange = 0xF4;
inline constexpr std::uint8_t CannotProcess = 0xF5;
inline constexpr std::uint8_t SoftwareError = 0xF6;
inline constexpr std::uint8_t Fail = 0xF8;
inline constexpr std::uint8_t KeyNotSet = 0xFA;
}  // namespace response
const char* response_name(std::uint8_t code);  // "ok", "key_not_set", ...

// Poll events (after F0).
namespace event {
inline constexpr std::uint8_t SlaveReset = 0xF1;
inline constexpr std::uint8_t Read = 0xEF;    // + channel (0 = validating)
inline constexpr std::uint8_t Credit = 0xEE;  // + channel: THE CREDIT POINT
inline constexpr std::uint8_t Rejecting = 0xED;
inline constexpr std::uint8_t Rejected = 0xEC;
inline constexpr std::uint8_t Stacking = 0xCC;
inline constexpr std::uint8_t Stacked = 0xEB;
inline constexpr std::uint8_t SafeJam = 0xEA;
inline constexpr std::uint8_t UnsafeJam = 0xE9;
inline constexpr std::uint8_t Disabled = 0xE8;
inline constexpr std::uint8_t FraudAttempt = 0xE6;  // + channel
inline constexpr std::uint8_t StackerFull = 0xE7;
inline constexpr std::uint8_t ClearedFromFront = 0xE1;    // + channel
inline constexpr std::uint8_t ClearedIntoCashbox = 0xE2;  // + channel
inline constexpr std::uint8_t CashboxRemoved = 0xE3;
inline constexpr std::uint8_t CashboxReplaced = 0xE4;
inline constexpr std::uint8_t NotePathOpen = 0xE0;
inline constexpr std::uint8_t ChannelDisable = 0xB5;
inline constexpr std::uint8_t Initialising = 0xB6;
}  // namespace event
const char* event_name(std::uint8_t code);
// Bytes of data after an event code (0 or 1), or nullopt for a code this parser does not know.
std::optional<std::size_t> event_data_size(std::uint8_t code);
const char* reject_reason_name(std::uint8_t code);  // LAST REJECT CODE: "channel_inhibit", ...

// CRC-16/CMS: poly 0x8005, init 0xFFFF, MSB-first, no xor. check("123456789") = 0xAEE7.
std::uint16_t crc16(ByteView bytes);

struct Packet {
  std::uint8_t address = kValidatorAddress;
  bool seq = false;
  Bytes data;  // DATA: command + parameters, or generic response + data, or 7E + ciphertext
  bool operator==(const Packet&) const = default;
};

// The whole wire packet, stuffed. Empty data or more than 255 bytes: empty result.
Bytes encode_packet(std::uint8_t address, bool seq, ByteView data);
inline Bytes encode_packet(const Packet& p) { return encode_packet(p.address, p.seq, p.data); }

// ---- Streaming decoder -------------------------------------------------------------------------

struct FrameError {
  enum class Kind {
    BadCrc,      // a whole packet whose CRC does not match
    Truncated,   // a packet cut short by a new STX
    BadAddress,  // slave id above 7D
  };
  Kind kind;
  std::string what;
};
const char* to_string(FrameError::Kind k);
using FrameResult = std::expected<Packet, FrameError>;

// Accumulates received bytes, undoes the stuffing and yields packets. Bytes outside a packet are
// skipped (counted in `skipped_bytes`). A lone 7F inside a packet starts a new one (the partial
// one is reported as Truncated). At most one partial packet (< 260 bytes) is kept between calls.
class SspFrameReader {
 public:
  std::vector<FrameResult> feed(ByteView bytes);
  void reset();  // drop the partial packet (after a response timeout)
  std::size_t buffered() const { return body_.size() + (in_packet_ ? 1 : 0); }
  std::uint64_t skipped_bytes() const { return skipped_; }

 private:
  void take(std::uint8_t b, std::vector<FrameResult>& out);
  bool in_packet_ = false;
  bool pending_7f_ = false;  // a 7F inside a packet, waiting for its partner
  Bytes body_;               // SEQ|ID LEN DATA CRCL CRCH, unstuffed
  std::uint64_t skipped_ = 0;
};

// ---- Replies -----------------------------------------------------------------------------------

struct ParseError {
  std::string what;
};

struct PollEvent {
  std::uint8_t code = 0;
  std::optional<std::uint8_t> data;
  bool operator==(const PollEvent&) const = default;
};
struct PollReply {
  std::vector<PollEvent> events;
  std::optional<std::uint8_t> unknown_code;  // parsing stopped at this code
};
// `data` = the whole reply DATA starting with F0.
std::expected<PollReply, ParseError> parse_poll_reply(ByteView data);
Bytes encode_poll_reply(const std::vector<PollEvent>& events);  // F0 + events (for the sim)

struct Channel {
  std::uint8_t number = 0;           // 1-based
  std::uint32_t value = 0;           // in the currency's units as the device reports them
  std::string country;               // 3 ASCII ("KZT")
  std::optional<flows::Kzt> amount;  // set for an accepted currency and a whole-tenge value
};

struct SetupInfo {
  std::uint8_t unit_type = 0;
  std::string firmware;  // 4 ASCII
  std::string country;   // 3 ASCII
  std::uint32_t value_multiplier = 0;
  std::uint32_t real_value_multiplier = 0;
  std::uint8_t protocol_version = 0;
  std::vector<Channel> channels;

  // Distinct tenge denominations of the accepted channels, ascending.
  std::vector<flows::Kzt> denominations() const;
  std::optional<flows::Kzt> amount_of(std::uint8_t channel) const;
  // Inhibit bits: bit (n-1) set for every channel whose amount is in `amounts` (old and new series
  // of one denomination are all enabled).
  std::uint32_t inhibit_bits_for(const std::vector<flows::Kzt>& amounts) const;
};

struct ValueRules {
  std::vector<std::string> accepted_countries{"KZT"};  // SSP dataset code for KZT: UNVERIFIED
  std::int64_t units_per_tenge = 1;                    // channel value / this = tenge (UNVERIFIED)
};

// The SETUP REQUEST reply DATA (starting with F0), validator layout (cash-devices.md 3.3).
// Protocol >= 6 with the expanded block: values from the 4-byte LE fields; otherwise channel value
// x value multiplier.
std::expected<SetupInfo, ParseError> parse_setup_reply(ByteView data, const ValueRules& rules = {});
// Builds a SETUP REQUEST reply (F0 + layout, protocol 6+ form with the expanded block); for the
// sim.
Bytes encode_setup_reply(const std::vector<std::uint32_t>& channel_values,
                         const std::string& country, const std::string& firmware,
                         std::uint8_t protocol_version);

// SET INHIBITS data: ceil(channels/8) bytes (at least 2), bit 0 of byte 0 = channel 1.
Bytes encode_inhibits(std::uint32_t bits, std::size_t channels);

// 64-bit little-endian helpers (key exchange parameters).
Bytes le64(std::uint64_t v);
std::uint64_t read_le64(ByteView b);  // b.size() >= 8

}  // namespace kiosk::devices::ssp
