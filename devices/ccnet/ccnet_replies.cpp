// CCNET reply parsers (POLL status, bill table, identification, GET STATUS) and the encoders the
// simulator uses to build the same replies.
#include <algorithm>

#include "devices/ccnet/ccnet_codec.hpp"

namespace kiosk::devices::ccnet {
namespace {

constexpr std::int64_t kMaxWholeTenge = 1'000'000'000'000;  // no banknote is worth more

std::unexpected<ParseError> fail(std::string what) {
  return std::unexpected(ParseError{std::move(what)});
}

std::string ascii_field(ByteView bytes) {
  std::string s;
  for (std::uint8_t b : bytes) s.push_back(b >= 0x20 && b < 0x7F ? static_cast<char>(b) : ' ');
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  return s;
}

std::string hex(ByteView bytes) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (std::uint8_t b : bytes) {
    s.push_back(digits[b >> 4]);
    s.push_back(digits[b & 0xF]);
  }
  return s;
}

bool accepted(const std::string& currency, const std::vector<std::string>& codes) {
  return std::find(codes.begin(), codes.end(), currency) != codes.end();
}

}  // namespace

std::expected<PollStatus, ParseError> parse_poll_reply(ByteView payload) {
  if (payload.empty()) return fail("empty poll reply");
  PollStatus s{payload[0], std::nullopt};
  if (s.code == kAck || s.code == kNak) return fail("ACK/NAK is not a poll status");
  if (status_has_data(s.code) && payload.size() >= 2) s.data = payload[1];
  const bool needs_bill_type = s.code == status::EscrowPosition || s.code == status::BillStacked ||
                               s.code == status::BillReturned;
  if (needs_bill_type) {
    if (!s.data) return fail("bill status without bill type");
    if (*s.data >= kBillTypes) return fail("bill type out of range");
  }
  return s;
}

std::vector<flows::Kzt> BillTable::denominations() const {
  std::vector<flows::Kzt> out;
  for (const auto& e : entries_)
    if (e.amount) out.push_back(*e.amount);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<flows::Kzt> BillTable::amount_of(std::uint8_t type) const {
  for (const auto& e : entries_)
    if (e.type == type) return e.amount;
  return std::nullopt;
}

BillTypeMask BillTable::mask_for(const std::vector<flows::Kzt>& amounts) const {
  BillTypeMask m;
  for (const auto& e : entries_)
    if (e.amount && std::find(amounts.begin(), amounts.end(), *e.amount) != amounts.end())
      m.set(e.type);
  return m;
}

std::expected<BillTable, ParseError> parse_bill_table(
    ByteView payload, const std::vector<std::string>& accepted_currencies) {
  if (payload.size() != kBillTableSize) return fail("bill table must be 120 bytes");
  std::vector<BillTableEntry> entries;
  for (std::size_t t = 0; t < kBillTypes; ++t) {
    const ByteView slot = payload.subspan(t * 5, 5);
    if (slot[0] == 0) continue;  // unused slot
    BillTableEntry e;
    e.type = static_cast<std::uint8_t>(t);
    e.digit = slot[0];
    for (std::size_t i = 1; i <= 3; ++i)
      e.currency.push_back(slot[i] >= 0x20 && slot[i] < 0x7F ? static_cast<char>(slot[i]) : '?');
    const bool negative = (slot[4] & 0x80) != 0;
    const int magnitude = slot[4] & 0x7F;
    e.power = negative ? -magnitude : magnitude;
    if (!negative && accepted(e.currency, accepted_currencies)) {
      std::int64_t value = e.digit;
      for (int i = 0; i < magnitude && value <= kMaxWholeTenge; ++i) value *= 10;
      if (value <= kMaxWholeTenge) e.amount = flows::Kzt{value};
    }
    entries.push_back(std::move(e));
  }
  return BillTable(std::move(entries));
}

Bytes encode_bill_table(const std::vector<flows::Kzt>& denominations, std::string_view currency) {
  Bytes out(kBillTableSize, 0);
  std::size_t type = 0;
  for (const flows::Kzt& k : denominations) {
    if (type >= kBillTypes) break;
    if (k.value <= 0) continue;
    std::int64_t digit = k.value;
    int power = 0;
    while (digit % 10 == 0) {
      digit /= 10;
      ++power;
    }
    if (digit > 255) continue;  // not representable as digit x 10^power
    std::uint8_t* slot = out.data() + type * 5;
    slot[0] = static_cast<std::uint8_t>(digit);
    for (std::size_t i = 0; i < 3; ++i)
      slot[1 + i] = i < currency.size() ? static_cast<std::uint8_t>(currency[i]) : ' ';
    slot[4] = static_cast<std::uint8_t>(power);
    ++type;
  }
  return out;
}

std::expected<Identification, ParseError> parse_identification(ByteView payload) {
  if (payload.size() < 27) return fail("identification shorter than 27 bytes");
  Identification id;
  id.part_number = ascii_field(payload.first(15));
  id.serial_number = ascii_field(payload.subspan(15, 12));
  if (payload.size() >= 34) id.asset_number = hex(payload.subspan(27, 7));
  return id;
}

Bytes encode_identification(const Identification& id) {
  Bytes out;
  auto put = [&out](const std::string& s, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i)
      out.push_back(i < s.size() ? static_cast<std::uint8_t>(s[i]) : ' ');
  };
  put(id.part_number, 15);
  put(id.serial_number, 12);
  auto nibble = [](char c) -> unsigned {
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
    return 0;
  };
  for (std::size_t i = 0; i < 7; ++i) {  // asset number from its hex text, zero when absent
    unsigned v = 0;
    if (id.asset_number.size() >= 2 * i + 2)
      v = nibble(id.asset_number[2 * i]) << 4 | nibble(id.asset_number[2 * i + 1]);
    out.push_back(static_cast<std::uint8_t>(v));
  }
  return out;
}

std::expected<DeviceStatusReply, ParseError> parse_get_status_reply(ByteView payload) {
  if (payload.size() < 6) return fail("GET STATUS reply shorter than 6 bytes");
  return DeviceStatusReply{BillTypeMask::from_wire(payload.data()),
                           BillTypeMask::from_wire(payload.data() + 3)};
}

}  // namespace kiosk::devices::ccnet
