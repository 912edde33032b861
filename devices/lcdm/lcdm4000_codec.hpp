// LCDM-4000 (up to 4 cassettes) messages: ID 30, numeric values sent as value + 0x20.
// Pure encoders (host commands, and device replies for the simulator) and parsers.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <optional>

#include "devices/lcdm/lcdm2000_codec.hpp"  // ParseError
#include "devices/lcdm/lcdm_link.hpp"

namespace kiosk::devices::lcdm {

enum class Cmd4000 : std::uint8_t {
  Reset = 0x44,
  Status = 0x50,
  Purge = 0x51,
  Dispense = 0x52,
  TestDispense = 0x53,
  LastStatus = 0x55,
};
const char* to_string(Cmd4000 c);

inline constexpr int kCassettes4000 = 4;
inline constexpr int kMaxNotes4000 = 100;  // per command, rejects included
inline constexpr std::uint8_t kBias4000 = 0x20;

// DISPENSE data layout: 15 bytes [C4, P4] (QTY1-4, TO1, TO2, 9 reserved) or 7 bytes [LM]
// (q1, q2, 20 20 20 20, serial + 0x20). Which one real units want is UNVERIFIED.
enum class DispenseLayout4000 { Fifteen, Seven };
const char* to_string(DispenseLayout4000 l);

FrameLayout commands4000(DispenseLayout4000 layout);
FrameLayout responses4000();

Bytes encode4000(Cmd4000 cmd, ByteView data = {});
// Empty when a count is outside 0..100, or (Seven) when cassette 3 or 4 is asked for.
Bytes encode4000_dispense(const std::array<int, 4>& qty, DispenseLayout4000 layout,
                          std::uint8_t serial = 0, Cmd4000 cmd = Cmd4000::Dispense);
std::optional<std::array<int, 4>> parse4000_dispense_command(const Frame& f,
                                                             DispenseLayout4000 layout);

struct Counts4000 {
  int exited = 0;        // EXITi: delivered
  int rejected = 0;      // REJECTi: to the reject tray
  bool present = false;  // TYPEi != 30
  bool operator==(const Counts4000&) const = default;
};
// DISPENSE / TEST DISPENSE (ERR MISS 4x(EXIT REJ TYPE) + 9 reserved), PURGE (no reserved),
// LAST STATUS (LAST_CMD first, no reserved [P4]).
struct OperationReply4000 {
  std::uint8_t error = kBias4000;  // raw ERR byte: 20 = OK, else code + 20
  std::array<Counts4000, 4> cassettes{};
  std::uint8_t last_cmd = 0;  // LAST STATUS only: the command it reports on
  bool operator==(const OperationReply4000&) const = default;
};
std::expected<OperationReply4000, ParseError> parse4000_operation_reply(const Frame& f);
Bytes encode4000_operation_reply(Cmd4000 cmd, const OperationReply4000& r);  // simulator

struct CassetteStatus4000 {
  std::uint8_t stat = 0x30;  // bit 08: near-end [C4]
  std::uint8_t type = 0x30;  // 30 absent, 30 + i present
  int opacity = 0;
  int length = 0;
  bool operator==(const CassetteStatus4000&) const = default;
};
struct StatusReply4000 {
  std::uint8_t error = kBias4000;
  std::uint8_t disp = 0;  // sensors blocked: b0 DVTL, b1 DVTR, b2 EJT, b3 EXIT, b4 RJT [P4]
  std::array<CassetteStatus4000, 4> cassettes{};
  bool operator==(const StatusReply4000&) const = default;
};
inline constexpr std::uint8_t kNearEnd4000 = 0x08;
inline constexpr std::uint8_t kPathMask4000 = 0x0F;
std::expected<StatusReply4000, ParseError> parse4000_status_reply(const Frame& f);
Bytes encode4000_status_reply(const StatusReply4000& r);  // simulator

// Error codes: raw ERR byte minus 0x20.
namespace err4000 {
inline constexpr std::uint8_t Good = 0x00;
inline constexpr std::uint8_t PickupError = 0x01;
inline constexpr std::uint8_t JamChkDvt = 0x02;
inline constexpr std::uint8_t JamEjtExit = 0x04;
inline constexpr std::uint8_t NotesInPath = 0x0B;
inline constexpr std::uint8_t PurgeAborted = 0x0E;
inline constexpr std::uint8_t TooManyNotes = 0x0C;
inline constexpr std::uint8_t TooManyRejects = 0x0D;
inline constexpr std::uint8_t NoCassette = 0x24;
inline constexpr std::uint8_t NearEnd = 0x25;
inline constexpr std::uint8_t NoRejectTray = 0x26;
inline constexpr std::uint8_t BadCommand = 0x30;
inline constexpr std::uint8_t BadParameter = 0x31;
}  // namespace err4000
// Name of an error code (raw - 0x20): "pickup_error", "no_cassette"; "unknown_error" otherwise.
const char* error_name_4000(std::uint8_t code);

}  // namespace kiosk::devices::lcdm
