#include "flows/wallet/base58check.hpp"

#include <algorithm>
#include <array>

#include "flows/wallet/hashes.hpp"

namespace kiosk::flows::wallet {
namespace {

constexpr std::string_view kAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

int digit_of(char c) {
  auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

std::string_view to_string(Base58Error e) {
  switch (e) {
    case Base58Error::Empty:
      return "empty";
    case Base58Error::TooLong:
      return "too long";
    case Base58Error::BadChar:
      return "character not in the base58 alphabet";
    case Base58Error::TooShort:
      return "too short";
    case Base58Error::BadChecksum:
      return "checksum mismatch";
  }
  return "unknown";
}

std::expected<std::vector<std::uint8_t>, Base58Error> base58_decode(std::string_view text) {
  if (text.empty()) return std::unexpected(Base58Error::Empty);
  if (text.size() > kMaxBase58Chars) return std::unexpected(Base58Error::TooLong);
  std::size_t zeros = 0;
  while (zeros < text.size() && text[zeros] == '1') ++zeros;
  // Big-endian base-256 accumulator: bytes = bytes * 58 + digit.
  std::vector<std::uint8_t> acc;
  acc.reserve(text.size());
  for (std::size_t i = zeros; i < text.size(); ++i) {
    int d = digit_of(text[i]);
    if (d < 0) return std::unexpected(Base58Error::BadChar);
    unsigned carry = static_cast<unsigned>(d);
    for (auto it = acc.rbegin(); it != acc.rend(); ++it) {
      carry += 58u * *it;
      *it = static_cast<std::uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry > 0) {
      acc.insert(acc.begin(), static_cast<std::uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  }
  std::vector<std::uint8_t> out(zeros, 0);
  out.insert(out.end(), acc.begin(), acc.end());
  return out;
}

std::string base58_encode(std::span<const std::uint8_t> bytes) {
  std::size_t zeros = 0;
  while (zeros < bytes.size() && bytes[zeros] == 0) ++zeros;
  // Little-endian base-58 digits: digits = digits * 256 + byte.
  std::vector<std::uint8_t> digits;
  for (std::size_t i = zeros; i < bytes.size(); ++i) {
    unsigned carry = bytes[i];
    for (auto& d : digits) {
      carry += 256u * d;
      d = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry > 0) {
      digits.push_back(static_cast<std::uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out(zeros, '1');
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out += kAlphabet[*it];
  return out;
}

std::expected<std::vector<std::uint8_t>, Base58Error> base58check_decode(std::string_view text) {
  auto raw = base58_decode(text);
  if (!raw) return raw;
  if (raw->size() < 5) return std::unexpected(Base58Error::TooShort);
  std::span<const std::uint8_t> body(raw->data(), raw->size() - 4);
  Digest32 check = double_sha256(body);
  if (!std::equal(check.begin(), check.begin() + 4, raw->end() - 4)) {
    return std::unexpected(Base58Error::BadChecksum);
  }
  raw->resize(raw->size() - 4);
  return raw;
}

std::string base58check_encode(std::span<const std::uint8_t> version_and_payload) {
  std::vector<std::uint8_t> all(version_and_payload.begin(), version_and_payload.end());
  Digest32 check = double_sha256(version_and_payload);
  all.insert(all.end(), check.begin(), check.begin() + 4);
  return base58_encode(all);
}

}  // namespace kiosk::flows::wallet
