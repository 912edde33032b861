// Amounts written in payment URIs, converted to whole atoms exactly (no floating point).
//
//  * BIP21 `amount`: decimal whole units, '.' separator, no sign, no comma, no exponent
//    ("0.0005" BTC -> 50000 sat). More fractional digits than the asset has is refused (our
//    choice: the BIPs set no limit, but a sub-atom amount cannot be paid).
//  * EIP-681 numbers: [+]digits[.digits][e|E digits] that must come out as an integer
//    ("2.014e18" -> 2014000000000000000, "2.5e6" -> 2500000). Negative refused.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "flows/money.hpp"

namespace kiosk::flows::wallet {

std::expected<Atoms, std::string> parse_decimal_amount(std::string_view text, int decimals);
std::expected<Atoms, std::string> parse_eip681_number(std::string_view text);

}  // namespace kiosk::flows::wallet
