// LCDM-4000 encoders and parsers.
#include "devices/lcdm/lcdm4000_codec.hpp"

namespace kiosk::devices::lcdm {

namespace {

constexpr std::size_t kReserved = 9;
constexpr std::size_t kOperationLength = 2 + 3 * 4;  // ERR MISS + 4 x (EXIT REJ TYPE)
constexpr std::size_t kStatusLength = 2 + 4 * 4;     // ERR DISP + 4 x (STAT TYPE OPAC LENG)
constexpr std::uint8_t kMiss = 0x30;                 // reserved
constexpr std::uint8_t kAbsent = 0x30;

std::uint8_t u8(Cmd4000 c) { return static_cast<std::uint8_t>(c); }
std::uint8_t biased(int n) {
  return static_cast<std::uint8_t>(kBias4000 + (n < 0 ? 0 : (n > 0xDF ? 0xDF : n)));
}
std::optional<int> unbias(std::uint8_t b) {
  if (b < kBias4000) return std::nullopt;
  return b - kBias4000;
}

}  // namespace

const char* to_string(Cmd4000 c) {
  switch (c) {
    case Cmd4000::Reset:
      return "reset";
    case Cmd4000::Status:
      return "status";
    case Cmd4000::Purge:
      return "purge";
    case Cmd4000::Dispense:
      return "dispense";
    case Cmd4000::TestDispense:
      return "test_dispense";
    case Cmd4000::LastStatus:
      return "last_status";
  }
  return "unknown";
}

const char* to_string(DispenseLayout4000 l) {
  return l == DispenseLayout4000::Fifteen ? "fifteen" : "seven";
}

FrameLayout commands4000(DispenseLayout4000 layout) {
  const int n = layout == DispenseLayout4000::Fifteen ? 15 : 7;
  FrameLayout l;
  l.start = kEot;
  l.id = kId4000;
  l.with(u8(Cmd4000::Reset), 0)
      .with(u8(Cmd4000::Status), 0)
      .with(u8(Cmd4000::Purge), 0)
      .with(u8(Cmd4000::Dispense), n)
      .with(u8(Cmd4000::TestDispense), n)
      .with(u8(Cmd4000::LastStatus), 0);
  return l;
}

FrameLayout responses4000() {
  FrameLayout l;
  l.start = kSoh;
  l.id = kId4000;
  l.with(u8(Cmd4000::Status), kStatusLength)
      .with(u8(Cmd4000::Purge), kOperationLength)
      .with(u8(Cmd4000::Dispense), kOperationLength + kReserved)
      .with(u8(Cmd4000::TestDispense), kOperationLength + kReserved)
      .with(u8(Cmd4000::LastStatus), kOperationLength + 1);
  return l;
}

Bytes encode4000(Cmd4000 cmd, ByteView data) { return encode_frame(kEot, kId4000, u8(cmd), data); }

Bytes encode4000_dispense(const std::array<int, 4>& qty, DispenseLayout4000 layout,
                          std::uint8_t serial, Cmd4000 cmd) {
  for (int q : qty)
    if (q < 0 || q > kMaxNotes4000) return {};
  Bytes d;
  if (layout == DispenseLayout4000::Fifteen) {
    for (int q : qty) d.push_back(biased(q));
    d.push_back(kBias4000);  // TO1: no timeout
    d.push_back(kBias4000);  // TO2
    d.insert(d.end(), kReserved, kBias4000);
  } else {
    if (qty[2] != 0 || qty[3] != 0) return {};
    d = {biased(qty[0]),
         biased(qty[1]),
         0x20,
         0x20,
         0x20,
         0x20,
         biased(serial % (0x100 - kBias4000))};
  }
  return encode4000(cmd, d);
}

std::optional<std::array<int, 4>> parse4000_dispense_command(const Frame& f,
                                                             DispenseLayout4000 layout) {
  if (f.cmd != u8(Cmd4000::Dispense) && f.cmd != u8(Cmd4000::TestDispense)) return std::nullopt;
  const std::size_t want = layout == DispenseLayout4000::Fifteen ? 15 : 7;
  if (f.data.size() != want) return std::nullopt;
  const int n = layout == DispenseLayout4000::Fifteen ? 4 : 2;
  std::array<int, 4> q{};
  for (int i = 0; i < n; ++i) {
    auto v = unbias(f.data[static_cast<std::size_t>(i)]);
    if (!v) return std::nullopt;
    q[static_cast<std::size_t>(i)] = *v;
  }
  return q;
}

std::expected<OperationReply4000, ParseError> parse4000_operation_reply(const Frame& f) {
  const auto c = static_cast<Cmd4000>(f.cmd);
  std::size_t at = 0, want = kOperationLength;
  if (c == Cmd4000::Dispense || c == Cmd4000::TestDispense) {
    want += kReserved;
  } else if (c == Cmd4000::LastStatus) {
    want += 1;
    at = 1;
  } else if (c != Cmd4000::Purge) {
    return std::unexpected(ParseError{"not an operation reply"});
  }
  if (f.data.size() != want) return std::unexpected(ParseError{"length"});
  OperationReply4000 r;
  if (c == Cmd4000::LastStatus) r.last_cmd = f.data[0];
  r.error = f.data[at];
  if (r.error < kBias4000) return std::unexpected(ParseError{"error byte below 0x20"});
  for (std::size_t i = 0; i < 4; ++i) {
    const std::size_t p = at + 2 + 3 * i;
    auto ex = unbias(f.data[p]);
    auto rej = unbias(f.data[p + 1]);
    if (!ex || !rej) return std::unexpected(ParseError{"count below 0x20"});
    r.cassettes[i] = Counts4000{*ex, *rej, f.data[p + 2] != kAbsent};
  }
  return r;
}

Bytes encode4000_operation_reply(Cmd4000 cmd, const OperationReply4000& r) {
  Bytes d;
  if (cmd == Cmd4000::LastStatus) d.push_back(r.last_cmd);
  d.push_back(r.error);
  d.push_back(kMiss);
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& c = r.cassettes[i];
    d.push_back(biased(c.exited));
    d.push_back(biased(c.rejected));
    d.push_back(c.present ? static_cast<std::uint8_t>(0x31 + i) : kAbsent);
  }
  if (cmd == Cmd4000::Dispense || cmd == Cmd4000::TestDispense)
    d.insert(d.end(), kReserved, kBias4000);
  return encode_frame(kSoh, kId4000, u8(cmd), d);
}

std::expected<StatusReply4000, ParseError> parse4000_status_reply(const Frame& f) {
  if (f.cmd != u8(Cmd4000::Status) || f.data.size() != kStatusLength)
    return std::unexpected(ParseError{"not a status reply"});
  StatusReply4000 r;
  r.error = f.data[0];
  if (r.error < kBias4000) return std::unexpected(ParseError{"error byte below 0x20"});
  r.disp = f.data[1];
  for (std::size_t i = 0; i < 4; ++i) {
    const std::size_t p = 2 + 4 * i;
    auto op = unbias(f.data[p + 2]);
    auto len = unbias(f.data[p + 3]);
    r.cassettes[i] = CassetteStatus4000{f.data[p], f.data[p + 1], op.value_or(0), len.value_or(0)};
  }
  return r;
}

Bytes encode4000_status_reply(const StatusReply4000& r) {
  Bytes d{r.error, r.disp};
  for (const auto& c : r.cassettes) {
    d.push_back(c.stat);
    d.push_back(c.type);
    d.push_back(biased(c.opacity));
    d.push_back(biased(c.length));
  }
  return encode_frame(kSoh, kId4000, u8(Cmd4000::Status), d);
}

const char* error_name_4000(std::uint8_t code) {
  switch (code) {
    case 0x00:
      return "good";
    case 0x01:
      return "pickup_error";
    case 0x02:
      return "jam_chk_dvt";
    case 0x03:
      return "jam_dvt_ejt";
    case 0x04:
      return "jam_ejt_exit";
    case 0x05:
      return "note_staying_at_exit";
    case 0x06:
      return "ejecting_suspected_reject";
    case 0x07:
      return "count_mismatch_at_ejt";
    case 0x08:
      return "reject_passed_ejt";
    case 0x09:
      return "too_long_at_ejt";
    case 0x0A:
      return "too_long_at_exit";
    case 0x0B:
      return "notes_in_path_before_pick";
    case 0x0C:
      return "too_many_notes";
    case 0x0D:
      return "too_many_rejects";
    case 0x0E:
      return "purge_aborted";
    case 0x20:
      return "sensor_trouble_before_start";
    case 0x21:
      return "sensor_trouble_before_start_2";
    case 0x22:
      return "solenoid_trouble";
    case 0x23:
      return "motor_or_slit_trouble";
    case 0x24:
      return "no_cassette";
    case 0x25:
      return "near_end_in_requested_cassette";
    case 0x26:
      return "no_reject_tray";
    case 0x30:
      return "bad_command";
    case 0x31:
      return "bad_parameter";
    case 0x32:
      return "verify_not_run_after_download";
    case 0x33:
      return "program_write_failure";
    case 0x34:
      return "verify_failure";
    case 0x35:
      return "eeprom_write_failure";
    case 0x36:
      return "eeprom_checksum_error";
    case 0x40:
      return "note_from_unrequested_cassette_1";
    case 0x41:
      return "note_from_unrequested_cassette_2";
    case 0x42:
      return "note_from_unrequested_cassette_3";
    case 0x43:
      return "note_from_unrequested_cassette_4";
    default:
      return "unknown_error";
  }
}

}  // namespace kiosk::devices::lcdm
