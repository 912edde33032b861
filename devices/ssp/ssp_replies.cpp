// SSP reply parsers (POLL events, SETUP REQUEST) and their encoders for the simulator.
#include <algorithm>

#include "devices/ssp/ssp_codec.hpp"

namespace kiosk::devices::ssp {
namespace {

std::uint32_t be24(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2];
}
std::uint32_t le32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
         (std::uint32_t{p[3]} << 24);
}
std::string ascii(const std::uint8_t* p, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s.push_back(p[i] >= 0x20 && p[i] < 0x7F ? char(p[i]) : '?');
  return s;
}
void push_be24(Bytes& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 16));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void push_ascii(Bytes& out, const std::string& s, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out.push_back(i < s.size() ? std::uint8_t(s[i]) : ' ');
}

std::optional<flows::Kzt> to_amount(std::uint64_t value, const std::string& country,
                                    const ValueRules& rules) {
  if (value == 0 || rules.units_per_tenge <= 0) return std::nullopt;
  const auto& ok = rules.accepted_countries;
  if (std::find(ok.begin(), ok.end(), country) == ok.end()) return std::nullopt;
  const auto per = static_cast<std::uint64_t>(rules.units_per_tenge);
  if (value % per != 0) return std::nullopt;  // not a whole-tenge note
  return flows::Kzt{static_cast<std::int64_t>(value / per)};
}

}  // namespace

std::expected<PollReply, ParseError> parse_poll_reply(ByteView data) {
  if (data.empty() || data[0] != response::Ok)
    return std::unexpected(ParseError{"not an OK reply"});
  PollReply r;
  std::size_t i = 1;
  while (i < data.size()) {
    const std::uint8_t code = data[i];
    const auto n = event_data_size(code);
    if (!n) {
      r.unknown_code = code;
      break;
    }
    if (i + 1 + *n > data.size()) return std::unexpected(ParseError{"event data cut short"});
    PollEvent e{code, {}};
    if (*n == 1) e.data = data[i + 1];
    r.events.push_back(e);
    i += 1 + *n;
  }
  return r;
}

Bytes encode_poll_reply(const std::vector<PollEvent>& events) {
  Bytes out{response::Ok};
  for (const auto& e : events) {
    out.push_back(e.code);
    if (event_data_size(e.code).value_or(0) == 1) out.push_back(e.data.value_or(0));
  }
  return out;
}

std::expected<SetupInfo, ParseError> parse_setup_reply(ByteView data, const ValueRules& rules) {
  if (data.empty() || data[0] != response::Ok)
    return std::unexpected(ParseError{"not an OK reply"});
  const ByteView d = data.subspan(1);
  if (d.size() < 12) return std::unexpected(ParseError{"setup reply too short"});
  SetupInfo s;
  s.unit_type = d[0];
  s.firmware = ascii(&d[1], 4);
  s.country = ascii(&d[5], 3);
  s.value_multiplier = be24(&d[8]);
  const std::size_t n = d[11];
  if (n == 0 || n > 24) return std::unexpected(ParseError{"channel count out of range"});
  if (d.size() < 16 + 2 * n) return std::unexpected(ParseError{"setup reply too short"});
  s.real_value_multiplier = be24(&d[12 + 2 * n]);
  s.protocol_version = d[15 + 2 * n];
  const bool expanded = s.protocol_version >= 6 && d.size() >= 16 + 9 * n;
  for (std::size_t i = 0; i < n; ++i) {
    Channel c;
    c.number = static_cast<std::uint8_t>(i + 1);
    if (expanded) {
      c.country = ascii(&d[16 + 2 * n + 3 * i], 3);
      c.value = le32(&d[16 + 5 * n + 4 * i]);
    } else {
      c.country = s.country;
      c.value = static_cast<std::uint32_t>(
          std::min<std::uint64_t>(std::uint64_t{d[12 + i]} * s.value_multiplier, UINT32_MAX));
    }
    c.amount = to_amount(c.value, c.country, rules);
    s.channels.push_back(std::move(c));
  }
  return s;
}

Bytes encode_setup_reply(const std::vector<std::uint32_t>& values, const std::string& country,
                         const std::string& firmware, std::uint8_t protocol_version) {
  Bytes out{response::Ok, 0x00};
  push_ascii(out, firmware, 4);
  push_ascii(out, country, 3);
  // Values above 255 need the multiplier: use the largest power of ten dividing them all.
  std::uint32_t mult = 1;
  auto divides = [&](std::uint32_t m) {
    return std::all_of(values.begin(), values.end(),
                       [m](std::uint32_t v) { return v != 0 && v % m == 0; });
  };
  while (!values.empty() && mult < 1'000'000 && divides(mult * 10)) mult *= 10;
  push_be24(out, mult);
  out.push_back(static_cast<std::uint8_t>(values.size()));
  for (auto v : values)
    out.push_back(static_cast<std::uint8_t>(std::min<std::uint32_t>(v / mult, 255)));
  for (std::size_t i = 0; i < values.size(); ++i) out.push_back(0x02);  // security (obsolete)
  push_be24(out, 1);
  out.push_back(protocol_version);
  if (protocol_version >= 6) {
    for (std::size_t i = 0; i < values.size(); ++i) push_ascii(out, country, 3);
    for (auto v : values)
      for (int k = 0; k < 4; ++k) out.push_back(static_cast<std::uint8_t>(v >> (8 * k)));
  }
  return out;
}

std::vector<flows::Kzt> SetupInfo::denominations() const {
  std::vector<flows::Kzt> out;
  for (const auto& c : channels)
    if (c.amount) out.push_back(*c.amount);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<flows::Kzt> SetupInfo::amount_of(std::uint8_t channel) const {
  if (channel == 0 || channel > channels.size()) return std::nullopt;
  return channels[channel - 1].amount;
}

std::uint32_t SetupInfo::inhibit_bits_for(const std::vector<flows::Kzt>& amounts) const {
  std::uint32_t bits = 0;
  for (const auto& c : channels)
    if (c.amount && std::find(amounts.begin(), amounts.end(), *c.amount) != amounts.end())
      bits |= 1u << (c.number - 1);
  return bits;
}

Bytes encode_inhibits(std::uint32_t bits, std::size_t channels) {
  const std::size_t n = std::clamp<std::size_t>((channels + 7) / 8, 2, 3);
  Bytes out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
  return out;
}

Bytes le64(std::uint64_t v) {
  Bytes out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  return out;
}

std::uint64_t read_le64(ByteView b) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | b[static_cast<std::size_t>(i)];
  return v;
}

}  // namespace kiosk::devices::ssp
