// eSSP: modular arithmetic for the key exchange, AES-128-ECB through OpenSSL, sealed packets.
#include "devices/ssp/essp.hpp"

#include <openssl/evp.h>

#include <memory>

#include "devices/ssp/ssp_codec.hpp"

namespace kiosk::devices::ssp {
namespace {

using u128 = unsigned __int128;

std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, std::uint64_t m) {
  return static_cast<std::uint64_t>(u128{a} * b % m);
}

bool miller_rabin(std::uint64_t n, std::uint64_t a) {
  std::uint64_t d = n - 1;
  int r = 0;
  while ((d & 1) == 0) {
    d >>= 1;
    ++r;
  }
  std::uint64_t x = mod_pow(a % n, d, n);
  if (x == 1 || x == n - 1) return true;
  for (int i = 1; i < r; ++i) {
    x = mul_mod(x, x, n);
    if (x == n - 1) return true;
  }
  return false;
}

}  // namespace

std::uint64_t mod_pow(std::uint64_t base, std::uint64_t exp, std::uint64_t mod) {
  if (mod <= 1) return 0;
  std::uint64_t result = 1;
  base %= mod;
  while (exp > 0) {
    if (exp & 1) result = mul_mod(result, base, mod);
    base = mul_mod(base, base, mod);
    exp >>= 1;
  }
  return result;
}

bool is_prime(std::uint64_t n) {
  if (n < 2) return false;
  for (std::uint64_t p :
       {2ULL, 3ULL, 5ULL, 7ULL, 11ULL, 13ULL, 17ULL, 19ULL, 23ULL, 29ULL, 31ULL, 37ULL}) {
    if (n % p == 0) return n == p;
  }
  for (std::uint64_t a :
       {2ULL, 3ULL, 5ULL, 7ULL, 11ULL, 13ULL, 17ULL, 19ULL, 23ULL, 29ULL, 31ULL, 37ULL})
    if (!miller_rabin(n, a)) return false;
  return true;
}

std::uint64_t next_prime(std::uint64_t n) {
  if (n <= 2) return 2;
  if ((n & 1) == 0) ++n;
  while (!is_prime(n)) n += 2;
  return n;
}

AesKey make_aes_key(std::uint64_t fixed_key, std::uint64_t negotiated_key) {
  AesKey k{};
  for (int i = 0; i < 8; ++i) {
    k[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(fixed_key >> (8 * i));
    k[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(negotiated_key >> (8 * i));
  }
  return k;
}

Bytes aes128_ecb(const AesKey& key, ByteView in, bool encrypt) {
  if (in.empty() || in.size() % 16 != 0) return {};
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      &EVP_CIPHER_CTX_free);
  if (!ctx) return {};
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_128_ecb(), nullptr, key.data(), nullptr,
                        encrypt ? 1 : 0) != 1)
    return {};
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  Bytes out(in.size() + 16);
  int n = 0, tail = 0;
  if (EVP_CipherUpdate(ctx.get(), out.data(), &n, in.data(), static_cast<int>(in.size())) != 1)
    return {};
  if (EVP_CipherFinal_ex(ctx.get(), out.data() + n, &tail) != 1) return {};
  out.resize(static_cast<std::size_t>(n + tail));
  return out;
}

const char* to_string(EsspError::Kind k) {
  switch (k) {
    case EsspError::Kind::NotEncrypted:
      return "not_encrypted";
    case EsspError::Kind::BadLength:
      return "bad_length";
    case EsspError::Kind::BadCrc:
      return "bad_crc";
    case EsspError::Kind::BadCount:
      return "bad_count";
  }
  return "unknown";
}

EsspSession::EsspSession(Role role, CountRule rule, const AesKey& key)
    : role_(role), rule_(rule), key_(key) {}

std::uint32_t EsspSession::expected_count() const {
  if (rule_ == CountRule::PerExchange && role_ == Role::Host) return count_ + 1;
  return count_;
}

Bytes EsspSession::seal(ByteView plain, ByteView packing) {
  if (plain.empty() || plain.size() > kMaxSealedPlain) return {};
  std::uint32_t c = count_;
  if (rule_ == CountRule::PerPacket) {
    ++count_;
  } else if (role_ == Role::Device) {
    c = ++count_;  // the reply carries the command's count + 1
  }
  Bytes block;
  block.push_back(static_cast<std::uint8_t>(plain.size()));
  for (int i = 0; i < 4; ++i) block.push_back(static_cast<std::uint8_t>(c >> (8 * i)));
  block.insert(block.end(), plain.begin(), plain.end());
  const std::size_t pack = (16 - (block.size() + 2) % 16) % 16;
  for (std::size_t i = 0; i < pack; ++i) block.push_back(i < packing.size() ? packing[i] : 0);
  const std::uint16_t crc = crc16(block);
  block.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  block.push_back(static_cast<std::uint8_t>(crc >> 8));
  Bytes out{kStex};
  const Bytes cipher = aes128_ecb(key_, block, true);
  if (cipher.empty()) return {};
  out.insert(out.end(), cipher.begin(), cipher.end());
  return out;
}

std::expected<Bytes, EsspError> EsspSession::open(ByteView data) {
  if (data.empty() || data[0] != kStex)
    return std::unexpected(EsspError{EsspError::Kind::NotEncrypted, "no STEX"});
  const ByteView cipher = data.subspan(1);
  if (cipher.empty() || cipher.size() % 16 != 0)
    return std::unexpected(EsspError{EsspError::Kind::BadLength, "not whole AES blocks"});
  const Bytes block = aes128_ecb(key_, cipher, false);
  if (block.size() != cipher.size())
    return std::unexpected(EsspError{EsspError::Kind::BadLength, "decryption failed"});
  const std::size_t n = block.size();
  const std::uint16_t got = static_cast<std::uint16_t>(block[n - 2] | (block[n - 1] << 8));
  if (crc16(ByteView(block.data(), n - 2)) != got)
    return std::unexpected(EsspError{EsspError::Kind::BadCrc, "eCRC mismatch"});
  const std::size_t len = block[0];
  if (len == 0 || 5 + len > n - 2)
    return std::unexpected(EsspError{EsspError::Kind::BadLength, "eLEN out of range"});
  const std::uint32_t c = std::uint32_t{block[1]} | (std::uint32_t{block[2]} << 8) |
                          (std::uint32_t{block[3]} << 16) | (std::uint32_t{block[4]} << 24);
  if (c != expected_count())
    return std::unexpected(
        EsspError{EsspError::Kind::BadCount,
                  "eCOUNT " + std::to_string(c) + " expected " + std::to_string(expected_count())});
  if (rule_ == CountRule::PerPacket || role_ == Role::Host) ++count_;
  return Bytes(block.begin() + 5, block.begin() + 5 + static_cast<std::ptrdiff_t>(len));
}

}  // namespace kiosk::devices::ssp
