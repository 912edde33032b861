// CCNET (CashCode NET) wire codec: pure functions from messages to bytes and back.
//
// Frame: SYNC(02) ADR LNG PAYLOAD... CRCL CRCH, LNG = whole frame length (payload + 5),
// CRC-16/KERMIT over SYNC..last payload byte, low byte first. The payload of a host frame is CMD +
// DATA; the payload of a device reply is its data (a status code + data, ACK 00, NAK FF, or a
// table). See devices/ccnet/README.md for the full wire notes and the reference vectors.
//
// Nothing here reads a clock, allocates unboundedly or throws: bad bytes give an error value.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "devices/transport.hpp"
#include "flows/money.hpp"

namespace kiosk::devices::ccnet {

inline constexpr std::uint8_t kSync = 0x02;
inline constexpr std::uint8_t kBillValidatorAddress = 0x03;
inline constexpr std::size_t kFrameOverhead = 5;  // SYNC ADR LNG CRCL CRCH
inline constexpr std::size_t kMinFrameSize = 6;   // one payload byte
inline constexpr std::size_t kMaxFrameSize =
    255;  // LNG is one byte (LNG 00 = extended, unsupported)
inline constexpr std::size_t kBillTypes = 24;
inline constexpr std::size_t kBillTableSize = kBillTypes * 5;

inline constexpr std::uint8_t kAck = 0x00;
inline constexpr std::uint8_t kNak = 0xFF;
inline constexpr std::uint8_t kIllegalCommand = 0x30;

enum class Command : std::uint8_t {
  Reset = 0x30,
  GetStatus = 0x31,
  SetSecurity = 0x32,
  Poll = 0x33,
  EnableBillTypes = 0x34,
  Stack = 0x35,
  Return = 0x36,
  Identification = 0x37,
  Hold = 0x38,
  GetBillTable = 0x41,
};
const char* to_string(Command c);

// POLL status codes (first payload byte of a POLL reply).
namespace status {
inline constexpr std::uint8_t PowerUp = 0x10;
inline constexpr std::uint8_t PowerUpBillInValidator = 0x11;
inline constexpr std::uint8_t PowerUpBillInStacker = 0x12;
inline constexpr std::uint8_t Initialize = 0x13;
inline constexpr std::uint8_t Idling = 0x14;
inline constexpr std::uint8_t Accepting = 0x15;
inline constexpr std::uint8_t Stacking = 0x17;
inline constexpr std::uint8_t Returning = 0x18;
inline constexpr std::uint8_t UnitDisabled = 0x19;
inline constexpr std::uint8_t Holding = 0x1A;
inline constexpr std::uint8_t DeviceBusy = 0x1B;
inline constexpr std::uint8_t Rejecting = 0x1C;
inline constexpr std::uint8_t CassetteFull = 0x41;
inline constexpr std::uint8_t CassetteOutOfPosition = 0x42;
inline constexpr std::uint8_t ValidatorJammed = 0x43;
inline constexpr std::uint8_t CassetteJammed = 0x44;
inline constexpr std::uint8_t Cheated = 0x45;
inline constexpr std::uint8_t Pause = 0x46;
inline constexpr std::uint8_t Failed = 0x47;
inline constexpr std::uint8_t EscrowPosition = 0x80;
inline constexpr std::uint8_t BillStacked = 0x81;
inline constexpr std::uint8_t BillReturned = 0x82;
}  // namespace status

// Stable lower-case names for logs ("idling", "escrow_position", "unknown").
const char* status_name(std::uint8_t code);
const char* reject_reason_name(std::uint8_t reason);  // "inhibited_denomination", ...
const char* failure_name(std::uint8_t code);          // "stack_motor", ...
// True for codes whose POLL reply carries one data byte (1B, 1C, 47, 80, 81, 82).
bool status_has_data(std::uint8_t code);

// CRC-16/KERMIT (reflected 0x1021 = 0x8408, init 0, no final xor). check("123456789") = 0x2189.
std::uint16_t crc16_kermit(ByteView bytes);

// A decoded frame: the address and the payload between LNG and the CRC.
struct Frame {
  std::uint8_t address = kBillValidatorAddress;
  Bytes payload;
  bool is_ack() const { return payload.size() == 1 && payload[0] == kAck; }
  bool is_nak() const { return payload.size() == 1 && payload[0] == kNak; }
  bool operator==(const Frame&) const = default;
};

// 24 bill types as a bit set; on the wire 3 bytes, type n is bit n%8 of byte 2 - n/8.
class BillTypeMask {
 public:
  BillTypeMask() = default;
  static BillTypeMask all() { return BillTypeMask(0xFFFFFF); }
  static BillTypeMask from_bits(std::uint32_t bits) { return BillTypeMask(bits & 0xFFFFFF); }
  static BillTypeMask from_wire(const std::uint8_t* three_bytes);
  void set(std::size_t type);
  bool has(std::size_t type) const { return type < kBillTypes && (bits_ >> type) & 1u; }
  std::uint32_t bits() const { return bits_; }
  bool empty() const { return bits_ == 0; }
  std::array<std::uint8_t, 3> to_wire() const;
  bool operator==(const BillTypeMask&) const = default;

 private:
  explicit BillTypeMask(std::uint32_t bits) : bits_(bits) {}
  std::uint32_t bits_ = 0;
};

// ---- Encoding ----------------------------------------------------------------------------------

// Any frame: SYNC ADR LNG payload CRC. Payloads longer than 250 bytes are refused (empty result).
Bytes encode_frame(std::uint8_t address, ByteView payload);
// A host command with optional data.
Bytes encode_command(Command cmd, ByteView data = {}, std::uint8_t address = kBillValidatorAddress);
Bytes encode_ack(std::uint8_t address = kBillValidatorAddress);
Bytes encode_nak(std::uint8_t address = kBillValidatorAddress);
Bytes encode_enable_bill_types(BillTypeMask enable, BillTypeMask escrow,
                               std::uint8_t address = kBillValidatorAddress);
Bytes encode_set_security(BillTypeMask mask, std::uint8_t address = kBillValidatorAddress);

// ---- Streaming decoder -------------------------------------------------------------------------

struct FrameError {
  enum class Kind {
    BadCrc,     // a SYNC, a plausible LNG and enough bytes, but the CRC does not match
    BadLength,  // LNG below 6, or 00 (extended frames are not supported)
  };
  Kind kind;
  std::string what;
};
const char* to_string(FrameError::Kind k);

using FrameResult = std::expected<Frame, FrameError>;

// Accumulates received bytes and yields complete frames. Bytes before a SYNC are skipped (counted
// in `skipped_bytes`). On a bad CRC or length only the SYNC byte is dropped and the scan restarts
// after it, so a real frame hidden behind a false SYNC is still found; an incomplete candidate is
// dropped as noise as soon as a complete CRC-valid frame follows it. At most one incomplete frame
// (< kMaxFrameSize bytes) stays buffered between calls.
class CcnetFrameReader {
 public:
  // Every complete frame or frame error found in the buffered bytes plus `bytes`, in order.
  std::vector<FrameResult> feed(ByteView bytes);
  // Drops the incomplete frame (after a response timeout: what is left is stale).
  void reset() { buffer_.clear(); }
  std::size_t buffered() const { return buffer_.size(); }
  std::uint64_t skipped_bytes() const { return skipped_; }

 private:
  Bytes buffer_;
  std::uint64_t skipped_ = 0;
};

// ---- Reply parsers -----------------------------------------------------------------------------

struct ParseError {
  std::string what;
};

// A POLL reply: the status code and its data byte when the code has one.
struct PollStatus {
  std::uint8_t code = 0;
  std::optional<std::uint8_t> data;
  bool operator==(const PollStatus&) const = default;
};
std::expected<PollStatus, ParseError> parse_poll_reply(ByteView payload);

// One used slot of the bill table.
struct BillTableEntry {
  std::uint8_t type = 0;   // 0..23
  std::uint8_t digit = 0;  // 1..255
  std::string currency;    // 3 ASCII chars as sent ("KAZ", "KZT", "RUS")
  int power = 0;           // decimal exponent; bit 7 of the wire byte is read as a minus sign
  std::optional<flows::Kzt> amount;  // set for an accepted currency and a whole-tenge value
};

class BillTable {
 public:
  BillTable() = default;
  explicit BillTable(std::vector<BillTableEntry> entries) : entries_(std::move(entries)) {}
  const std::vector<BillTableEntry>& entries() const { return entries_; }
  // Distinct tenge denominations of the accepted-currency slots, ascending.
  std::vector<flows::Kzt> denominations() const;
  // The amount of a bill type, when it is an accepted-currency slot.
  std::optional<flows::Kzt> amount_of(std::uint8_t type) const;
  // Every bill type whose amount is one of `amounts` (several series may share one denomination).
  BillTypeMask mask_for(const std::vector<flows::Kzt>& amounts) const;

 private:
  std::vector<BillTableEntry> entries_;
};

inline const std::vector<std::string>& default_accepted_currencies() {
  static const std::vector<std::string> codes{"KAZ", "KZT"};
  return codes;
}

// The GET BILL TABLE reply payload (exactly 120 bytes).
std::expected<BillTable, ParseError> parse_bill_table(
    ByteView payload,
    const std::vector<std::string>& accepted_currencies = default_accepted_currencies());
// Builds a 120-byte table payload (for the simulator and tests); denominations must be
// digit x 10^power with digit <= 255.
Bytes encode_bill_table(const std::vector<flows::Kzt>& denominations, std::string_view currency);

struct Identification {
  std::string part_number;    // 15 ASCII, trailing blanks trimmed
  std::string serial_number;  // 12 ASCII, trailing blanks trimmed
  std::string asset_number;   // 7 binary bytes as hex, empty when absent
  bool operator==(const Identification&) const = default;
};
// The IDENTIFICATION reply payload: 27 ASCII bytes, optionally followed by the 7-byte asset number.
std::expected<Identification, ParseError> parse_identification(ByteView payload);
Bytes encode_identification(const Identification& id);  // for the simulator

// The GET STATUS reply: enabled and security masks (B2B units append 3 more bytes, ignored).
struct DeviceStatusReply {
  BillTypeMask enabled;
  BillTypeMask security;
};
std::expected<DeviceStatusReply, ParseError> parse_get_status_reply(ByteView payload);

}  // namespace kiosk::devices::ccnet
