// LCDM-1000/2000 encoders and parsers.
#include "devices/lcdm/lcdm2000_codec.hpp"

namespace kiosk::devices::lcdm {

namespace {

constexpr std::uint8_t kDispenseReplyLength = 8;  // CHK(2) EXIT(2) ERR STATUS REJ(2)
constexpr std::uint8_t kDoubleReplyLength = 15;   // 56: both cassettes
constexpr std::uint8_t kStatusReplyLength = 4;    // 30 ERR SENSOR0 SENSOR1
constexpr std::uint8_t kRomReplyLength = 8;

std::uint8_t u8(Cmd2000 c) { return static_cast<std::uint8_t>(c); }

void put2(Bytes& out, int n) {
  const auto d = ascii2(n < 0 ? 0 : (n > 99 ? 99 : n));
  out.insert(out.end(), d->begin(), d->end());
}

}  // namespace

const char* to_string(Cmd2000 c) {
  switch (c) {
    case Cmd2000::Purge:
      return "purge";
    case Cmd2000::UpperDispense:
      return "upper_dispense";
    case Cmd2000::Status:
      return "status";
    case Cmd2000::RomVersion:
      return "rom_version";
    case Cmd2000::LowerDispense:
      return "lower_dispense";
    case Cmd2000::UpperLowerDispense:
      return "upper_lower_dispense";
    case Cmd2000::UpperTestDispense:
      return "upper_test_dispense";
    case Cmd2000::LowerTestDispense:
      return "lower_test_dispense";
  }
  return "unknown";
}

FrameLayout commands2000() {
  FrameLayout l;
  l.start = kEot;
  l.id = kId2000;
  l.with(u8(Cmd2000::Purge), 0)
      .with(u8(Cmd2000::UpperDispense), 2)
      .with(u8(Cmd2000::Status), 0)
      .with(u8(Cmd2000::RomVersion), 0)
      .with(u8(Cmd2000::LowerDispense), 2)
      .with(u8(Cmd2000::UpperLowerDispense), 4)
      .with(u8(Cmd2000::UpperTestDispense), 0)
      .with(u8(Cmd2000::LowerTestDispense), 0);
  return l;
}

FrameLayout responses2000(bool progress_items) {
  FrameLayout l;
  l.start = kSoh;
  l.id = kId2000;
  l.progress_items = progress_items;
  l.with(u8(Cmd2000::Purge), 1)
      .with(u8(Cmd2000::UpperDispense), kDispenseReplyLength)
      .with(u8(Cmd2000::Status), kStatusReplyLength)
      .with(u8(Cmd2000::RomVersion), kRomReplyLength)
      .with(u8(Cmd2000::LowerDispense), kDispenseReplyLength)
      .with(u8(Cmd2000::UpperLowerDispense), kDoubleReplyLength)
      .with(u8(Cmd2000::UpperTestDispense), kDispenseReplyLength)
      .with(u8(Cmd2000::LowerTestDispense), kDispenseReplyLength);
  return l;
}

std::optional<std::array<std::uint8_t, 2>> ascii2(int n) {
  if (n < 0 || n > 99) return std::nullopt;
  return std::array<std::uint8_t, 2>{static_cast<std::uint8_t>('0' + n / 10),
                                     static_cast<std::uint8_t>('0' + n % 10)};
}

std::optional<int> parse_ascii2(std::uint8_t hi, std::uint8_t lo) {
  if (hi < '0' || hi > '9' || lo < '0' || lo > '9') return std::nullopt;
  return (hi - '0') * 10 + (lo - '0');
}

Bytes encode2000(Cmd2000 cmd, ByteView data) { return encode_frame(kEot, kId2000, u8(cmd), data); }

Bytes encode2000_dispense(int upper, int lower) {
  if (upper < 0 || lower < 0 || upper > 99 || lower > 99 || upper + lower == 0) return {};
  Bytes data;
  if (upper > 0 && lower > 0) {
    put2(data, upper);
    put2(data, lower);
    return encode2000(Cmd2000::UpperLowerDispense, data);
  }
  put2(data, upper > 0 ? upper : lower);
  return encode2000(upper > 0 ? Cmd2000::UpperDispense : Cmd2000::LowerDispense, data);
}

std::optional<std::array<int, 2>> parse2000_dispense_command(const Frame& f) {
  const auto& d = f.data;
  if (f.cmd == u8(Cmd2000::UpperLowerDispense) && d.size() == 4) {
    auto u = parse_ascii2(d[0], d[1]);
    auto l = parse_ascii2(d[2], d[3]);
    if (u && l) return std::array<int, 2>{*u, *l};
    return std::nullopt;
  }
  if ((f.cmd == u8(Cmd2000::UpperDispense) || f.cmd == u8(Cmd2000::LowerDispense)) &&
      d.size() == 2) {
    auto n = parse_ascii2(d[0], d[1]);
    if (!n) return std::nullopt;
    if (f.cmd == u8(Cmd2000::UpperDispense)) return std::array<int, 2>{*n, 0};
    return std::array<int, 2>{0, *n};
  }
  return std::nullopt;
}

std::expected<DispenseReply2000, ParseError> parse2000_dispense_reply(const Frame& f) {
  const auto& d = f.data;
  DispenseReply2000 r;
  auto num = [&](std::size_t at) { return parse_ascii2(d[at], d[at + 1]); };
  if (f.cmd == u8(Cmd2000::UpperLowerDispense)) {
    if (d.size() != kDoubleReplyLength) return std::unexpected(ParseError{"length"});
    // CHKu CHKl EXITu EXITl ERR STu STl REJu REJl
    auto cu = num(0), cl = num(2), eu = num(4), el = num(6), ru = num(11), rl = num(13);
    if (!cu || !cl || !eu || !el || !ru || !rl) return std::unexpected(ParseError{"digits"});
    r.error = d[8];
    r.counts = {Counts2000{*cu, *eu, *ru, d[9]}, Counts2000{*cl, *el, *rl, d[10]}};
    return r;
  }
  const auto c = static_cast<Cmd2000>(f.cmd);
  if (c != Cmd2000::UpperDispense && c != Cmd2000::LowerDispense &&
      c != Cmd2000::UpperTestDispense && c != Cmd2000::LowerTestDispense)
    return std::unexpected(ParseError{"not a dispense reply"});
  if (d.size() != kDispenseReplyLength) return std::unexpected(ParseError{"length"});
  // CHK EXIT ERR STATUS REJ
  auto chk = num(0), ex = num(2), rej = num(6);
  if (!chk || !ex || !rej) return std::unexpected(ParseError{"digits"});
  r.error = d[4];
  r.counts = {Counts2000{*chk, *ex, *rej, d[5]}};
  return r;
}

Bytes encode2000_dispense_reply(Cmd2000 cmd, const DispenseReply2000& r) {
  Bytes d;
  if (cmd == Cmd2000::UpperLowerDispense) {
    const Counts2000 u = r.counts.size() > 0 ? r.counts[0] : Counts2000{};
    const Counts2000 l = r.counts.size() > 1 ? r.counts[1] : Counts2000{};
    put2(d, u.checked);
    put2(d, l.checked);
    put2(d, u.exited);
    put2(d, l.exited);
    d.push_back(r.error);
    d.push_back(u.status);
    d.push_back(l.status);
    put2(d, u.rejected);
    put2(d, l.rejected);
  } else {
    const Counts2000 c = r.counts.empty() ? Counts2000{} : r.counts[0];
    put2(d, c.checked);
    put2(d, c.exited);
    d.push_back(r.error);
    d.push_back(c.status);
    put2(d, c.rejected);
  }
  return encode_frame(kSoh, kId2000, u8(cmd), d);
}

std::expected<StatusReply2000, ParseError> parse2000_status_reply(const Frame& f) {
  if (f.cmd != u8(Cmd2000::Status) || f.data.size() != kStatusReplyLength)
    return std::unexpected(ParseError{"not a status reply"});
  return StatusReply2000{f.data[1], f.data[2], f.data[3]};
}

Bytes encode2000_status_reply(const StatusReply2000& r) {
  const std::uint8_t d[] = {0x30, r.error, r.sensor0, r.sensor1};
  return encode_frame(kSoh, kId2000, u8(Cmd2000::Status), d);
}

std::expected<RomVersion2000, ParseError> parse2000_rom_version(const Frame& f) {
  if (f.cmd != u8(Cmd2000::RomVersion) || f.data.size() != kRomReplyLength)
    return std::unexpected(ParseError{"not a ROM version reply"});
  RomVersion2000 v;
  for (std::uint8_t b : f.data) v.raw.push_back(b >= 0x20 && b < 0x7F ? static_cast<char>(b) : '?');
  v.model = v.raw[0];
  v.version = v.raw.substr(1, 2);
  return v;
}

Bytes encode2000_rom_version_reply(std::string_view eight) {
  Bytes d(8, '0');
  for (std::size_t i = 0; i < 8 && i < eight.size(); ++i)
    d[i] = static_cast<std::uint8_t>(eight[i]);
  return encode_frame(kSoh, kId2000, u8(Cmd2000::RomVersion), d);
}

Bytes encode2000_purge_reply(std::uint8_t error) {
  const std::uint8_t d[] = {error};
  return encode_frame(kSoh, kId2000, u8(Cmd2000::Purge), d);
}

std::expected<std::uint8_t, ParseError> parse2000_purge_reply(const Frame& f) {
  if (f.cmd != u8(Cmd2000::Purge) || f.data.size() != 1)
    return std::unexpected(ParseError{"not a purge reply"});
  return f.data[0];
}

const char* error_name_2000(std::uint8_t code) {
  switch (code) {
    case 0x30:
      return "good";
    case 0x31:
      return "normal_stop";
    case 0x32:
      return "pickup_error";
    case 0x33:
      return "jam_chk1_chk2";
    case 0x34:
      return "overflow_bill";
    case 0x35:
      return "jam_exit_ejt";
    case 0x36:
      return "jam_div";
    case 0x37:
      return "undefined_command";
    case 0x38:
      return "upper_bill_end";
    case 0x3A:
      return "count_error_chk34_div";
    case 0x3B:
      return "note_request_error";
    case 0x3C:
      return "count_error_div_ejt";
    case 0x3D:
      return "count_error_ejt_exit";
    case 0x3F:
      return "reject_tray_missing";
    case 0x40:
      return "lower_bill_end";
    case 0x41:
      return "motor_stop";
    case 0x42:
      return "jam_at_div";
    case 0x43:
      return "timeout_div_to_ejt";
    case 0x44:
      return "over_reject";
    case 0x45:
      return "upper_cassette_missing";
    case 0x46:
      return "lower_cassette_missing";
    case 0x47:
      return "dispensing_timeout";
    case 0x48:
      return "jam_ejt";
    case 0x49:
      return "diverter_solenoid_or_sol_sensor";
    case 0x4A:
      return "sol_sensor";
    case 0x4C:
      return "jam_chk3_chk4";
    case 0x4E:
      return "purge_error";
    default:
      return "unknown_error";
  }
}

}  // namespace kiosk::devices::lcdm
