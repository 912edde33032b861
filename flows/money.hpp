// Money types for the kiosk. No floating point anywhere money is computed.
//
//  * Kzt     - whole tenge, a signed 64-bit integer (the kiosk never handles tiyn).
//  * Atoms   - a crypto amount in the asset's smallest unit (satoshi, wei, 10^-6 USDT), unsigned
//              128-bit so 10^18-unit assets (ETH) never overflow.
//  * Rate    - tenge per whole unit of an asset, an exact decimal (mantissa x 10^-scale).
//
// The one rounding rule (see `crypto_for_fiat`): crypto is always rounded DOWN to a whole atom, so
// the kiosk never promises more than the cash paid for; the customer loses less than one atom.
// Fees are computed in whole tenge and rounded DOWN too (in the customer's favour).
#pragma once

#include <compare>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace kiosk::flows {

using Atoms = unsigned __int128;

struct Kzt {
  std::int64_t value = 0;
  constexpr auto operator<=>(const Kzt&) const = default;
  constexpr Kzt operator+(Kzt o) const { return {value + o.value}; }
  constexpr Kzt operator-(Kzt o) const { return {value - o.value}; }
  constexpr Kzt& operator+=(Kzt o) {
    value += o.value;
    return *this;
  }
  constexpr Kzt& operator-=(Kzt o) {
    value -= o.value;
    return *this;
  }
};

// A money error: the kind says what went wrong, `what` says it for a person.
struct MoneyError {
  enum class Kind { Parse, Overflow, Range };
  Kind kind;
  std::string what;
};

// Tenge per whole unit, exact. scale <= 18 fractional digits.
class Rate {
 public:
  static constexpr int kMaxScale = 18;
  // Parses "48231000.25" (digits, optional '.', up to kMaxScale fractional digits, > 0).
  static std::expected<Rate, MoneyError> parse(std::string_view text);
  static Rate from_parts(Atoms mantissa, int scale) { return Rate(mantissa, scale); }

  Atoms mantissa() const { return mantissa_; }
  int scale() const { return scale_; }
  // The canonical decimal text, trailing zeros kept as parsed ("48231000.25").
  std::string to_string() const;
  bool operator==(const Rate& o) const = default;

 private:
  Rate(Atoms m, int s) : mantissa_(m), scale_(s) {}
  Atoms mantissa_ = 0;
  int scale_ = 0;
};

// Crypto bought with `fiat` at `rate` for an asset with `decimals` (8 for BTC, 18 for ETH, 6 for
// USDT): floor(fiat * 10^decimals / rate). Errors on a negative amount or on overflow.
std::expected<Atoms, MoneyError> crypto_for_fiat(Kzt fiat, const Rate& rate, int decimals);

// Tenge for `atoms` at `rate` (cash-out): floor(atoms * rate / 10^decimals).
std::expected<Kzt, MoneyError> fiat_for_crypto(Atoms atoms, const Rate& rate, int decimals);

// The fee on `fiat` for a fee in basis points (1/100 of a percent), rounded down.
Kzt fee_for(Kzt fiat, int fee_bps);

// Decimal text of an atom count ("123450"), and its parse.
std::string atoms_to_string(Atoms a);
std::expected<Atoms, MoneyError> parse_atoms(std::string_view text);

// A person-facing amount: atoms as a decimal in whole units, trailing zeros trimmed
// ("0.0012345" for 123450 sat).
std::string atoms_to_units(Atoms a, int decimals);

// "20 000 ₸": groups of three separated by a space, then the tenge sign.
std::string format_kzt(Kzt k);

}  // namespace kiosk::flows
