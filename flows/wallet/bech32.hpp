// Bech32 (BIP173) and Bech32m (BIP350), and segwit addresses on top of them.
//
// Wire format: HRP (1..83 chars, ASCII 33..126), the LAST '1' as separator, then data characters
// from "qpzry9x8gf2tvdw0s3jn54khce6mua7l" (5 bits each) ending in a 6-character checksum; at most
// 90 characters for addresses (BOLT11 invoices and LNURL lift the limit). Checksum: BCH polymod
// over hrp_hi || 0 || hrp_lo || data with the five generators; result 1 = bech32,
// 0x2bc830a3 = bech32m. All-lower or all-upper accepted, mixed case refused; the checksum is
// always computed over the lowercase form.
//
// Segwit: data[0] is the witness version (0..16), the rest is the program in 5-bit groups,
// regrouped to bytes with at most 4 bits of zero padding; 2..40 bytes; v0 must be 20 or 32 bytes
// and use bech32; v1..v16 must use bech32m. scriptPubKey = OP_n || push(len) || program.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::flows::wallet {

enum class Bech32Encoding { Bech32, Bech32m };

enum class Bech32Error {
  Empty,
  TooLong,        // over the length limit given to the decoder
  BadHrpChar,     // HRP character outside ASCII 33..126
  MixedCase,      // upper- and lowercase letters together
  NoSeparator,    // no '1'
  EmptyHrp,       // '1' is the first character
  BadDataChar,    // a data character outside the bech32 charset
  ShortChecksum,  // fewer than 6 characters after the separator
  BadChecksum,    // neither bech32 nor bech32m
};
std::string_view to_string(Bech32Error e);

struct Bech32Decoded {
  std::string hrp;                 // always lowercase
  std::vector<std::uint8_t> data;  // 5-bit values, checksum removed
  Bech32Encoding encoding = Bech32Encoding::Bech32;
  bool was_uppercase = false;
};

inline constexpr std::size_t kBech32AddressMaxChars = 90;

// max_length 0 = no limit (BOLT11, LNURL); callers still bound their input.
std::expected<Bech32Decoded, Bech32Error> bech32_decode(
    std::string_view text, std::size_t max_length = kBech32AddressMaxChars);
// Lowercase output. `data` holds 5-bit values.
std::string bech32_encode(std::string_view hrp, std::span<const std::uint8_t> data,
                          Bech32Encoding encoding);

// Regroups bits (8->5 with pad, 5->8 without). Without padding, nullopt when more than
// from_bits-1 bits are left over or the leftover bits are not zero.
std::optional<std::vector<std::uint8_t>> convert_bits(std::span<const std::uint8_t> in,
                                                      int from_bits, int to_bits, bool pad);

enum class SegwitError {
  Malformed,  // not a bech32 string at all (see bech32 error)
  MixedCase,
  BadChecksum,
  EmptyData,         // no witness version
  BadVersion,        // witness version above 16
  BadPadding,        // more than 4 padding bits, or non-zero padding
  BadProgramLength,  // outside 2..40 bytes
  BadV0Length,       // v0 program not 20 or 32 bytes
  WrongEncoding,     // v0 with bech32m, or v1+ with bech32
};
std::string_view to_string(SegwitError e);

struct SegwitAddress {
  std::string hrp;  // lowercase, e.g. "bc", "tb", "ltc"
  int version = 0;
  std::vector<std::uint8_t> program;
  std::string normalised;  // the address in lowercase
};

// Decodes any HRP; the caller decides which HRPs it accepts.
std::expected<SegwitAddress, SegwitError> segwit_decode(std::string_view address);
std::string segwit_encode(std::string_view hrp, int version, std::span<const std::uint8_t> program);
std::vector<std::uint8_t> segwit_script_pubkey(const SegwitAddress& address);

}  // namespace kiosk::flows::wallet
