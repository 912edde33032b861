#include "flows/money.hpp"

#include <algorithm>
#include <limits>

namespace kiosk::flows {
namespace {

constexpr Atoms kAtomsMax = ~Atoms{0};

std::expected<Atoms, MoneyError> pow10(int n) {
  Atoms r = 1;
  for (int i = 0; i < n; ++i) {
    if (r > kAtomsMax / 10) return std::unexpected(MoneyError{MoneyError::Kind::Overflow, "10^n"});
    r *= 10;
  }
  return r;
}

// v * 10 + digit, or false on overflow.
bool push_digit(Atoms& v, unsigned digit) {
  if (v > kAtomsMax / 10 || (v == kAtomsMax / 10 && digit > kAtomsMax % 10)) return false;
  v = v * 10 + digit;
  return true;
}

std::expected<Atoms, MoneyError> mul(Atoms a, Atoms b) {
  if (a != 0 && b > kAtomsMax / a)
    return std::unexpected(MoneyError{MoneyError::Kind::Overflow, "amount too large"});
  return a * b;
}

}  // namespace

std::expected<Rate, MoneyError> Rate::parse(std::string_view text) {
  auto bad = [&](std::string why) {
    return std::unexpected(
        MoneyError{MoneyError::Kind::Parse, "rate '" + std::string(text) + "': " + why});
  };
  if (text.empty() || text.size() > 60) return bad("empty or too long");
  Atoms mantissa = 0;
  int scale = 0;
  bool dot = false, any_digit = false;
  for (char c : text) {
    if (c == '.') {
      if (dot) return bad("two decimal points");
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return bad("not a decimal number");
    any_digit = true;
    if (!push_digit(mantissa, static_cast<unsigned>(c - '0'))) return bad("too many digits");
    if (dot && ++scale > kMaxScale) return bad("more than 18 fractional digits");
  }
  if (!any_digit || text.front() == '.' || text.back() == '.') return bad("not a decimal number");
  if (mantissa == 0) return bad("must be greater than zero");
  return Rate(mantissa, scale);
}

std::string Rate::to_string() const {
  std::string digits = atoms_to_string(mantissa_);
  if (scale_ == 0) return digits;
  if (static_cast<int>(digits.size()) <= scale_)
    digits.insert(0, static_cast<size_t>(scale_ + 1) - digits.size(), '0');
  digits.insert(digits.size() - static_cast<size_t>(scale_), ".");
  return digits;
}

std::expected<Atoms, MoneyError> crypto_for_fiat(Kzt fiat, const Rate& rate, int decimals) {
  if (fiat.value < 0)
    return std::unexpected(MoneyError{MoneyError::Kind::Range, "negative amount"});
  if (decimals < 0 || decimals > 30)
    return std::unexpected(MoneyError{MoneyError::Kind::Range, "decimals out of range"});
  // fiat * 10^decimals / (mantissa * 10^-scale) = fiat * 10^(decimals+scale) / mantissa
  auto p = pow10(decimals + rate.scale());
  if (!p) return std::unexpected(p.error());
  auto num = mul(static_cast<Atoms>(fiat.value), *p);
  if (!num) return std::unexpected(num.error());
  return *num / rate.mantissa();  // the one rounding rule: down to a whole atom
}

std::expected<Kzt, MoneyError> fiat_for_crypto(Atoms atoms, const Rate& rate, int decimals) {
  if (decimals < 0 || decimals > 30)
    return std::unexpected(MoneyError{MoneyError::Kind::Range, "decimals out of range"});
  auto num = mul(atoms, rate.mantissa());
  if (!num) return std::unexpected(num.error());
  auto p = pow10(decimals + rate.scale());
  if (!p) return std::unexpected(p.error());
  Atoms kzt = *num / *p;
  if (kzt > static_cast<Atoms>(std::numeric_limits<std::int64_t>::max()))
    return std::unexpected(MoneyError{MoneyError::Kind::Overflow, "tenge amount too large"});
  return Kzt{static_cast<std::int64_t>(kzt)};
}

Kzt fee_for(Kzt fiat, int fee_bps) {
  if (fiat.value <= 0 || fee_bps <= 0) return Kzt{0};
  // Split to avoid overflow for any int64 fiat: (q*10000 + r) * bps / 10000.
  std::int64_t q = fiat.value / 10000, r = fiat.value % 10000;
  return Kzt{q * fee_bps + (r * fee_bps) / 10000};
}

std::string atoms_to_string(Atoms a) {
  if (a == 0) return "0";
  std::string s;
  while (a != 0) {
    s.push_back(static_cast<char>('0' + static_cast<int>(a % 10)));
    a /= 10;
  }
  std::reverse(s.begin(), s.end());
  return s;
}

std::expected<Atoms, MoneyError> parse_atoms(std::string_view text) {
  if (text.empty() || text.size() > 39)
    return std::unexpected(MoneyError{MoneyError::Kind::Parse, "atoms: empty or too long"});
  Atoms v = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::unexpected(MoneyError{MoneyError::Kind::Parse, "atoms: not an integer"});
    if (!push_digit(v, static_cast<unsigned>(c - '0')))
      return std::unexpected(MoneyError{MoneyError::Kind::Overflow, "atoms: too large"});
  }
  return v;
}

std::string atoms_to_units(Atoms a, int decimals) {
  std::string digits = atoms_to_string(a);
  if (decimals <= 0) return digits;
  auto d = static_cast<size_t>(decimals);
  if (digits.size() <= d) digits.insert(0, d + 1 - digits.size(), '0');
  digits.insert(digits.size() - d, ".");
  while (digits.back() == '0') digits.pop_back();
  if (digits.back() == '.') digits.pop_back();
  return digits;
}

std::string format_kzt(Kzt k) {
  bool neg = k.value < 0;
  // Work in unsigned to format INT64_MIN too.
  unsigned long long v = neg ? 0ULL - static_cast<unsigned long long>(k.value)
                             : static_cast<unsigned long long>(k.value);
  std::string digits = std::to_string(v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(' ');
    out.push_back(digits[i]);
  }
  return (neg ? "-" : "") + out + " \u20B8";
}

}  // namespace kiosk::flows
