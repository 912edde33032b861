// JCM ID003 wire codec: pure functions from messages to bytes and back.
//
// Frame: SYNC(FC) LNG CMD DATA... CRCL CRCH, LNG = whole frame length (data + 5), CRC-16/KERMIT
// over SYNC..last data byte, low byte first. There is no address byte. A host frame carries a
// command, a device frame a status (+ data), ACK 50, an echo of a setting command, or a query
// answer. Some host and device frames are byte-identical (40 RESET / POWER UP, 11 STATUS REQUEST /
// IDLING): the direction tells them apart. See devices/id003/README.md for the wire notes.
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

namespace kiosk::devices::id003 {

inline constexpr std::uint8_t kSync = 0xFC;
inline constexpr std::size_t kFrameOverhead = 5;  // SYNC LNG CMD CRCL CRCH (CMD counted here)
inline constexpr std::size_t kMinFrameSize = 5;
inline constexpr std::size_t kMaxFrameSize = 255;  // LNG is one byte
inline constexpr std::uint8_t kFirstEscrowCode = 0x61;
inline constexpr std::size_t kEscrowCodes = 16;  // 0x61..0x70: the 16 bits of the C0 mask
inline constexpr std::uint8_t kCountryKzt = 0x51;

// Host commands. STACK-1/STACK-2 share their codes with the POWER UP WITH BILL statuses.
enum class Command : std::uint8_t {
  StatusRequest = 0x11,
  Ack = 0x50,
  Reset = 0x40,
  Stack1 = 0x41,  // VEND VALID once the note passes the stacker lever
  Stack2 = 0x42,  // VEND VALID once the note is fully in the stacker
  Return = 0x43,
  Hold = 0x44,
  Wait = 0x45,  // UNVERIFIED
  SetEnable = 0xC0,
  SetSecurity = 0xC1,
  SetCommMode = 0xC2,
  SetInhibit = 0xC3,
  SetDirection = 0xC4,
  GetEnable = 0x80,
  GetVersion = 0x88,
  GetCurrencyAssign = 0x8A,
};
const char* to_string(Command c);
// True for C0..C4: the device answers with an echo of the same frame.
bool is_setting(Command c);
// True for RESET, STACK-1/2, RETURN, HOLD, WAIT: the device answers ACK (50).
bool is_operation(Command c);

// Device status codes (the CMD byte of a device frame).
namespace status {
inline constexpr std::uint8_t Idling = 0x11;
inline constexpr std::uint8_t Accepting = 0x12;
inline constexpr std::uint8_t Escrow = 0x13;  // + escrow code
inline constexpr std::uint8_t Stacking = 0x14;
inline constexpr std::uint8_t VendValid = 0x15;  // the host answers ACK: THE CREDIT POINT
inline constexpr std::uint8_t Stacked = 0x16;
inline constexpr std::uint8_t Rejecting = 0x17;  // + reason
inline constexpr std::uint8_t Returning = 0x18;
inline constexpr std::uint8_t Holding = 0x19;
inline constexpr std::uint8_t Disabled = 0x1A;  // inhibited
inline constexpr std::uint8_t Initialize = 0x1B;
inline constexpr std::uint8_t PowerUp = 0x40;
inline constexpr std::uint8_t PowerUpBillInAcceptor = 0x41;
inline constexpr std::uint8_t PowerUpBillInStacker = 0x42;
inline constexpr std::uint8_t StackerFull = 0x43;
inline constexpr std::uint8_t StackerOpen = 0x44;
inline constexpr std::uint8_t JamInAcceptor = 0x45;
inline constexpr std::uint8_t JamInStacker = 0x46;
inline constexpr std::uint8_t Pause = 0x47;
inline constexpr std::uint8_t Cheated = 0x48;
inline constexpr std::uint8_t Failure = 0x49;  // + failure code
inline constexpr std::uint8_t CommunicationError = 0x4A;
inline constexpr std::uint8_t InvalidCommand = 0x4B;
inline constexpr std::uint8_t Ack = 0x50;
}  // namespace status

// Stable lower-case names for logs ("idling", "vend_valid", "unknown").
const char* status_name(std::uint8_t code);
const char* reject_reason_name(std::uint8_t reason);  // "inhibit", "magnetic", ...
const char* failure_name(std::uint8_t code);          // "stack_motor", ...
bool is_status_code(std::uint8_t code);               // one of the codes above

// CRC-16/KERMIT (reflected 0x1021 = 0x8408, init 0, no final xor). check("123456789") = 0x2189.
std::uint16_t crc16_kermit(ByteView bytes);

// A decoded frame: the command / status byte and the data between it and the CRC.
struct Frame {
  std::uint8_t cmd = 0;
  Bytes data;
  bool operator==(const Frame&) const = default;
};

// ---- Encoding ----------------------------------------------------------------------------------

// Any frame: SYNC LNG CMD data CRC. Data longer than 250 bytes is refused (empty result).
Bytes encode_frame(std::uint8_t cmd, ByteView data = {});
Bytes encode_command(Command cmd, ByteView data = {});

// The 16 escrow codes 0x61..0x70 as an INHIBIT set (C0 data: bit = 1 inhibits). On the wire two
// bytes: code 0x61+n is bit n%8 of byte n/8 (byte order across the two bytes is UNVERIFIED; the
// simulator reads it the same way).
class DenominationMask {
 public:
  DenominationMask() = default;
  static DenominationMask none() { return {}; }
  static DenominationMask from_wire(std::uint8_t b0, std::uint8_t b1);
  // Every code inhibited except `enabled` (the C0 data for a wanted set).
  static DenominationMask inhibit_all_but(const DenominationMask& enabled);
  void set(std::uint8_t escrow_code);
  bool has(std::uint8_t escrow_code) const;
  std::uint16_t bits() const { return bits_; }
  bool empty() const { return bits_ == 0; }
  std::array<std::uint8_t, 2> to_wire() const;
  bool operator==(const DenominationMask&) const = default;

 private:
  std::uint16_t bits_ = 0;
};

Bytes encode_set_enable(const DenominationMask& inhibited);     // C0 + 2 bytes
Bytes encode_set_inhibit(bool inhibit);                         // C3 01 / C3 00
Bytes encode_set_comm_mode(std::uint8_t mode);                  // C2 00 polling
Bytes encode_set_direction(std::uint8_t inhibited_directions);  // C4 00 all allowed

// ---- Streaming decoder -------------------------------------------------------------------------

struct FrameError {
  enum class Kind {
    BadCrc,     // a SYNC, a plausible LNG and enough bytes, but the CRC does not match
    BadLength,  // LNG below 5
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
class Id003FrameReader {
 public:
  std::vector<FrameResult> feed(ByteView bytes);
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

// A status answer: the code and its data (escrow code, reject reason, failure code).
struct Status {
  std::uint8_t code = 0;
  std::optional<std::uint8_t> data;
  bool operator==(const Status&) const = default;
};
// A device frame read as a status: a known status code with at most one data byte (13, 17 and 49
// must carry one).
std::expected<Status, ParseError> parse_status(const Frame& f);

// One entry of the CURRENCY ASSIGN (8A) answer: escrowCode, countryCode, digit, power.
struct CurrencyEntry {
  std::uint8_t escrow_code = 0;
  std::uint8_t country = 0;
  std::uint8_t digit = 0;
  std::uint8_t power = 0;
  std::optional<flows::Kzt> amount;  // set for an accepted country and a tenge value
};

class CurrencyTable {
 public:
  CurrencyTable() = default;
  explicit CurrencyTable(std::vector<CurrencyEntry> entries) : entries_(std::move(entries)) {}
  const std::vector<CurrencyEntry>& entries() const { return entries_; }
  // Distinct tenge denominations of the accepted-country entries, ascending.
  std::vector<flows::Kzt> denominations() const;
  std::optional<flows::Kzt> amount_of(std::uint8_t escrow_code) const;
  // Every escrow code whose amount is one of `amounts` (old and Saka series may share one).
  DenominationMask codes_for(const std::vector<flows::Kzt>& amounts) const;

 private:
  std::vector<CurrencyEntry> entries_;
};

inline const std::vector<std::uint8_t>& default_accepted_countries() {
  static const std::vector<std::uint8_t> codes{kCountryKzt};
  return codes;
}

// The 8A answer data: a multiple of 4 bytes (entries with digit 0 are empty slots).
std::expected<CurrencyTable, ParseError> parse_currency_assign(
    ByteView data,
    const std::vector<std::uint8_t>& accepted_countries = default_accepted_countries());
// Builds 8A answer data (for the simulator and tests): value = digit x 10^power, digit <= 255.
Bytes encode_currency_assign(const std::vector<CurrencyEntry>& entries);
// digit and power for a tenge amount (the smallest digit: 1000 = 1 x 10^3), or nullopt when the
// digit would not fit a byte.
std::optional<CurrencyEntry> currency_entry(std::uint8_t escrow_code, std::uint8_t country,
                                            flows::Kzt amount);

// The VERSION (88) answer: printable ASCII, trimmed; other bytes become '?'.
std::string parse_version(ByteView data);

}  // namespace kiosk::devices::id003
