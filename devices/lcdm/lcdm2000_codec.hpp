// LCDM-1000 (1 cassette) / LCDM-2000 (2 cassettes) messages: ID 50, counts as 2 ASCII digits.
// Pure encoders (host commands, and device replies for the simulator) and parsers.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "devices/lcdm/lcdm_link.hpp"

namespace kiosk::devices::lcdm {

enum class Cmd2000 : std::uint8_t {
  Purge = 0x44,
  UpperDispense = 0x45,
  Status = 0x46,
  RomVersion = 0x47,
  LowerDispense = 0x55,
  UpperLowerDispense = 0x56,
  UpperTestDispense = 0x76,
  LowerTestDispense = 0x77,
};
const char* to_string(Cmd2000 c);

inline constexpr int kMaxNotes2000 = 60;  // per command [TC]

struct ParseError {
  std::string what;
};

// Host -> device and device -> host layouts (DATA lengths per command).
FrameLayout commands2000();
FrameLayout responses2000(bool progress_items);

// Two ASCII digits (0..99), and back.
std::optional<std::array<std::uint8_t, 2>> ascii2(int n);
std::optional<int> parse_ascii2(std::uint8_t hi, std::uint8_t lo);

Bytes encode2000(Cmd2000 cmd, ByteView data = {});
// 45 (upper only), 55 (lower only) or 56 (both); empty when both are 0 or a count is above 99.
Bytes encode2000_dispense(int upper, int lower);
// The counts a dispense command asks for: {upper, lower}.
std::optional<std::array<int, 2>> parse2000_dispense_command(const Frame& f);

// One cassette's part of a dispense reply.
struct Counts2000 {
  int checked = 0;             // CHK: counted at the check sensor
  int exited = 0;              // EXIT: delivered (the figure to account with)
  int rejected = 0;            // REJ: diverted to the reject tray
  std::uint8_t status = 0x30;  // 30 normal, 31 near-end
  bool operator==(const Counts2000&) const = default;
};
// A dispense / test dispense reply: `counts` has 1 entry (45, 55, 76, 77) or 2 (56: upper, lower).
struct DispenseReply2000 {
  std::uint8_t error = 0x30;
  std::vector<Counts2000> counts;
  bool operator==(const DispenseReply2000&) const = default;
};
std::expected<DispenseReply2000, ParseError> parse2000_dispense_reply(const Frame& f);
Bytes encode2000_dispense_reply(Cmd2000 cmd, const DispenseReply2000& r);  // simulator

struct StatusReply2000 {
  std::uint8_t error = 0x30;
  std::uint8_t sensor0 = 0x80;  // b0/b1 CHK1/2, b2/b3 DIV1/2, b4 EJT, b5 EXIT, b6 near-end upper
  std::uint8_t sensor1 = 0x00;  // b0 SOL, b1/b2 cassette 0/1 present, b3/b4 CHK3/4,
                                // b5 near-end lower, b6 reject-tray switch
  bool operator==(const StatusReply2000&) const = default;
};
std::expected<StatusReply2000, ParseError> parse2000_status_reply(const Frame& f);
Bytes encode2000_status_reply(const StatusReply2000& r);  // simulator

namespace sensor2000 {
inline constexpr std::uint8_t kPathMask0 = 0x3F;  // CHK1/2, DIV1/2, EJT, EXIT
inline constexpr std::uint8_t kNearEndUpper0 = 0x40;
inline constexpr std::uint8_t kAlwaysOne0 = 0x80;
inline constexpr std::uint8_t kSol1 = 0x01;
inline constexpr std::uint8_t kCassette0Present1 = 0x02;
inline constexpr std::uint8_t kCassette1Present1 = 0x04;
inline constexpr std::uint8_t kPathMask1 = 0x18;  // CHK3/4
inline constexpr std::uint8_t kNearEndLower1 = 0x20;
inline constexpr std::uint8_t kRejectSwitch1 = 0x40;
}  // namespace sensor2000

// ROM VERSION: M R1 R2 54 C1 C2 C3 C4.
struct RomVersion2000 {
  std::string raw;      // the 8 bytes as text (non-printables as '?')
  char model = '?';     // M
  std::string version;  // R1 R2
};
std::expected<RomVersion2000, ParseError> parse2000_rom_version(const Frame& f);
Bytes encode2000_rom_version_reply(std::string_view eight_chars);  // simulator

Bytes encode2000_purge_reply(std::uint8_t error);  // simulator
std::expected<std::uint8_t, ParseError> parse2000_purge_reply(const Frame& f);

// Error codes (ERR byte).
namespace err2000 {
inline constexpr std::uint8_t Good = 0x30;
inline constexpr std::uint8_t NormalStop = 0x31;
inline constexpr std::uint8_t PickupError = 0x32;
inline constexpr std::uint8_t JamExit = 0x35;
inline constexpr std::uint8_t UpperEmpty = 0x38;
inline constexpr std::uint8_t RejectTrayMissing = 0x3F;
inline constexpr std::uint8_t LowerEmpty = 0x40;
inline constexpr std::uint8_t OverReject = 0x44;
inline constexpr std::uint8_t UpperMissing = 0x45;
inline constexpr std::uint8_t LowerMissing = 0x46;
inline constexpr std::uint8_t PurgeError = 0x4E;
}  // namespace err2000
// Stable lower-case names ("pickup_error", "upper_cassette_missing"); "unknown_error" otherwise.
const char* error_name_2000(std::uint8_t code);
// 30 good and 31 normal stop are not errors.
inline bool is_error_2000(std::uint8_t code) { return code != 0x30 && code != 0x31; }

}  // namespace kiosk::devices::lcdm
