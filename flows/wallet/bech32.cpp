#include "flows/wallet/bech32.hpp"

#include <algorithm>
#include <array>

namespace kiosk::flows::wallet {
namespace {

constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr std::uint32_t kBech32Const = 1;
constexpr std::uint32_t kBech32mConst = 0x2bc830a3;

std::uint32_t polymod(std::span<const std::uint8_t> values) {
  constexpr std::array<std::uint32_t, 5> kGen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd,
                                                 0x2a1462b3};
  std::uint32_t chk = 1;
  for (std::uint8_t v : values) {
    std::uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= kGen[i];
    }
  }
  return chk;
}

std::vector<std::uint8_t> hrp_expand(std::string_view hrp) {
  std::vector<std::uint8_t> out;
  out.reserve(hrp.size() * 2 + 1);
  for (char c : hrp) out.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) >> 5));
  out.push_back(0);
  for (char c : hrp) out.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) & 31));
  return out;
}

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string_view to_string(Bech32Error e) {
  switch (e) {
    case Bech32Error::Empty:
      return "empty";
    case Bech32Error::TooLong:
      return "too long";
    case Bech32Error::BadHrpChar:
      return "prefix character out of range";
    case Bech32Error::MixedCase:
      return "mixed upper and lower case";
    case Bech32Error::NoSeparator:
      return "no separator '1'";
    case Bech32Error::EmptyHrp:
      return "empty prefix";
    case Bech32Error::BadDataChar:
      return "character not in the bech32 charset";
    case Bech32Error::ShortChecksum:
      return "checksum too short";
    case Bech32Error::BadChecksum:
      return "checksum mismatch";
  }
  return "unknown";
}

std::string_view to_string(SegwitError e) {
  switch (e) {
    case SegwitError::Malformed:
      return "not a bech32 string";
    case SegwitError::MixedCase:
      return "mixed upper and lower case";
    case SegwitError::BadChecksum:
      return "checksum mismatch";
    case SegwitError::EmptyData:
      return "no witness version";
    case SegwitError::BadVersion:
      return "witness version above 16";
    case SegwitError::BadPadding:
      return "bad padding";
    case SegwitError::BadProgramLength:
      return "witness program length outside 2..40 bytes";
    case SegwitError::BadV0Length:
      return "version 0 program must be 20 or 32 bytes";
    case SegwitError::WrongEncoding:
      return "wrong checksum variant for the witness version";
  }
  return "unknown";
}

std::expected<Bech32Decoded, Bech32Error> bech32_decode(std::string_view text,
                                                        std::size_t max_length) {
  if (text.empty()) return std::unexpected(Bech32Error::Empty);
  if (max_length != 0 && text.size() > max_length) return std::unexpected(Bech32Error::TooLong);
  bool lower = false, upper = false;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 33 || c > 126) return std::unexpected(Bech32Error::BadHrpChar);
    if (c >= 'a' && c <= 'z') lower = true;
    if (c >= 'A' && c <= 'Z') upper = true;
  }
  if (lower && upper) return std::unexpected(Bech32Error::MixedCase);
  auto sep = text.rfind('1');
  if (sep == std::string_view::npos) return std::unexpected(Bech32Error::NoSeparator);
  if (sep == 0) return std::unexpected(Bech32Error::EmptyHrp);
  if (text.size() - sep - 1 < 6) return std::unexpected(Bech32Error::ShortChecksum);

  Bech32Decoded out;
  out.was_uppercase = upper;
  out.hrp.reserve(sep);
  for (char c : text.substr(0, sep)) out.hrp += to_lower(c);
  std::vector<std::uint8_t> values = hrp_expand(out.hrp);
  std::size_t hrp_values = values.size();
  for (char c : text.substr(sep + 1)) {
    auto pos = kCharset.find(to_lower(c));
    if (pos == std::string_view::npos) return std::unexpected(Bech32Error::BadDataChar);
    values.push_back(static_cast<std::uint8_t>(pos));
  }
  std::uint32_t check = polymod(values);
  if (check == kBech32Const) {
    out.encoding = Bech32Encoding::Bech32;
  } else if (check == kBech32mConst) {
    out.encoding = Bech32Encoding::Bech32m;
  } else {
    return std::unexpected(Bech32Error::BadChecksum);
  }
  out.data.assign(values.begin() + static_cast<std::ptrdiff_t>(hrp_values), values.end() - 6);
  return out;
}

std::string bech32_encode(std::string_view hrp, std::span<const std::uint8_t> data,
                          Bech32Encoding encoding) {
  std::string lower_hrp;
  for (char c : hrp) lower_hrp += to_lower(c);
  std::vector<std::uint8_t> values = hrp_expand(lower_hrp);
  values.insert(values.end(), data.begin(), data.end());
  values.insert(values.end(), 6, 0);
  std::uint32_t mod =
      polymod(values) ^ (encoding == Bech32Encoding::Bech32 ? kBech32Const : kBech32mConst);
  std::string out = lower_hrp + '1';
  for (std::uint8_t d : data) out += kCharset[d & 31];
  for (int i = 0; i < 6; ++i) out += kCharset[(mod >> (5 * (5 - i))) & 31];
  return out;
}

std::optional<std::vector<std::uint8_t>> convert_bits(std::span<const std::uint8_t> in,
                                                      int from_bits, int to_bits, bool pad) {
  std::uint32_t acc = 0;
  int bits = 0;
  const std::uint32_t max_value = (1u << to_bits) - 1;
  std::vector<std::uint8_t> out;
  out.reserve(in.size() * static_cast<std::size_t>(from_bits) / static_cast<std::size_t>(to_bits) +
              1);
  for (std::uint8_t v : in) {
    if ((v >> from_bits) != 0) return std::nullopt;
    acc = ((acc << from_bits) | v) & 0xffffff;
    bits += from_bits;
    while (bits >= to_bits) {
      bits -= to_bits;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & max_value));
    }
  }
  if (pad) {
    if (bits > 0) out.push_back(static_cast<std::uint8_t>((acc << (to_bits - bits)) & max_value));
  } else if (bits >= from_bits || ((acc << (to_bits - bits)) & max_value) != 0) {
    return std::nullopt;
  }
  return out;
}

std::expected<SegwitAddress, SegwitError> segwit_decode(std::string_view address) {
  auto dec = bech32_decode(address, kBech32AddressMaxChars);
  if (!dec) {
    if (dec.error() == Bech32Error::MixedCase) return std::unexpected(SegwitError::MixedCase);
    if (dec.error() == Bech32Error::BadChecksum) return std::unexpected(SegwitError::BadChecksum);
    return std::unexpected(SegwitError::Malformed);
  }
  if (dec->data.empty()) return std::unexpected(SegwitError::EmptyData);
  int version = dec->data[0];
  if (version > 16) return std::unexpected(SegwitError::BadVersion);
  auto program = convert_bits(std::span(dec->data).subspan(1), 5, 8, false);
  if (!program) return std::unexpected(SegwitError::BadPadding);
  if (program->size() < 2 || program->size() > 40) {
    return std::unexpected(SegwitError::BadProgramLength);
  }
  if (version == 0 && program->size() != 20 && program->size() != 32) {
    return std::unexpected(SegwitError::BadV0Length);
  }
  Bech32Encoding wanted = version == 0 ? Bech32Encoding::Bech32 : Bech32Encoding::Bech32m;
  if (dec->encoding != wanted) return std::unexpected(SegwitError::WrongEncoding);
  SegwitAddress out;
  out.hrp = dec->hrp;
  out.version = version;
  out.program = std::move(*program);
  out.normalised.reserve(address.size());
  for (char c : address) out.normalised += to_lower(c);
  return out;
}

std::string segwit_encode(std::string_view hrp, int version,
                          std::span<const std::uint8_t> program) {
  std::vector<std::uint8_t> data{static_cast<std::uint8_t>(version)};
  auto five = convert_bits(program, 8, 5, true);
  data.insert(data.end(), five->begin(), five->end());
  return bech32_encode(hrp, data, version == 0 ? Bech32Encoding::Bech32 : Bech32Encoding::Bech32m);
}

std::vector<std::uint8_t> segwit_script_pubkey(const SegwitAddress& address) {
  std::vector<std::uint8_t> out(address.program.size() + 2);
  out[0] = address.version == 0 ? 0x00 : static_cast<std::uint8_t>(0x50 + address.version);
  out[1] = static_cast<std::uint8_t>(address.program.size());
  std::copy(address.program.begin(), address.program.end(), out.begin() + 2);
  return out;
}

}  // namespace kiosk::flows::wallet
