// ID003 answer parsers (status, CURRENCY ASSIGN, VERSION) and their encoders for the simulator.
#include <algorithm>

#include "devices/id003/id003_codec.hpp"

namespace kiosk::devices::id003 {
namespace {

bool needs_data(std::uint8_t code) {
  return code == status::Escrow || code == status::Rejecting || code == status::Failure;
}

}  // namespace

std::expected<Status, ParseError> parse_status(const Frame& f) {
  if (!is_status_code(f.cmd)) return std::unexpected(ParseError{"not a status code"});
  if (f.data.size() > 1) return std::unexpected(ParseError{"status with more than one data byte"});
  if (needs_data(f.cmd) && f.data.empty())
    return std::unexpected(ParseError{"status without its data byte"});
  Status s{f.cmd, std::nullopt};
  if (!f.data.empty()) s.data = f.data[0];
  return s;
}

std::vector<flows::Kzt> CurrencyTable::denominations() const {
  std::vector<flows::Kzt> out;
  for (const auto& e : entries_)
    if (e.amount) out.push_back(*e.amount);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<flows::Kzt> CurrencyTable::amount_of(std::uint8_t code) const {
  for (const auto& e : entries_)
    if (e.escrow_code == code) return e.amount;
  return std::nullopt;
}

DenominationMask CurrencyTable::codes_for(const std::vector<flows::Kzt>& amounts) const {
  DenominationMask m;
  for (const auto& e : entries_)
    if (e.amount && std::find(amounts.begin(), amounts.end(), *e.amount) != amounts.end())
      m.set(e.escrow_code);
  return m;
}

std::expected<CurrencyTable, ParseError> parse_currency_assign(
    ByteView data, const std::vector<std::uint8_t>& accepted_countries) {
  if (data.size() % 4 != 0) return std::unexpected(ParseError{"length is not a multiple of 4"});
  std::vector<CurrencyEntry> entries;
  for (std::size_t i = 0; i < data.size(); i += 4) {
    CurrencyEntry e{data[i], data[i + 1], data[i + 2], data[i + 3], std::nullopt};
    if (e.digit == 0) continue;  // empty slot
    if (e.escrow_code < kFirstEscrowCode || e.escrow_code >= kFirstEscrowCode + kEscrowCodes)
      return std::unexpected(ParseError{"escrow code outside 0x61..0x70"});
    const bool accepted = std::find(accepted_countries.begin(), accepted_countries.end(),
                                    e.country) != accepted_countries.end();
    if (accepted && e.power <= 9) {  // 255 x 10^9 fits easily; larger is no banknote
      std::int64_t v = e.digit;
      for (int p = 0; p < e.power; ++p) v *= 10;
      e.amount = flows::Kzt{v};
    }
    entries.push_back(e);
  }
  return CurrencyTable(std::move(entries));
}

std::optional<CurrencyEntry> currency_entry(std::uint8_t escrow_code, std::uint8_t country,
                                            flows::Kzt amount) {
  std::int64_t v = amount.value;
  std::uint8_t power = 0;
  if (v <= 0) return std::nullopt;
  while (v % 10 == 0) {  // the smallest digit: 1000 = 1 x 10^3
    v /= 10;
    ++power;
  }
  if (v > 255) return std::nullopt;
  return CurrencyEntry{escrow_code, country, static_cast<std::uint8_t>(v), power, amount};
}

Bytes encode_currency_assign(const std::vector<CurrencyEntry>& entries) {
  Bytes out;
  for (const auto& e : entries) {
    out.push_back(e.escrow_code);
    out.push_back(e.country);
    out.push_back(e.digit);
    out.push_back(e.power);
  }
  return out;
}

std::string parse_version(ByteView data) {
  std::string s;
  for (std::uint8_t b : data) s.push_back(b >= 0x20 && b < 0x7F ? static_cast<char>(b) : '?');
  while (!s.empty() && (s.back() == ' ' || s.back() == '?')) s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  return s;
}

}  // namespace kiosk::devices::id003
