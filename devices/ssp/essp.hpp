// eSSP: the encryption layer of SSP (cash-devices.md 3.5). Pure apart from OpenSSL's AES.
//
// Key agreement: Diffie-Hellman in 64-bit arithmetic (SET GENERATOR, SET MODULUS, REQUEST KEY
// EXCHANGE); AES-128 key = fixed key (8 bytes LE) || negotiated key (8 bytes LE).
// Encrypted packet DATA = 7E + AES-128-ECB( eLEN eCOUNT(4 LE) eDATA ePACKING eCRCL eCRCH ), the
// plain block padded with packing bytes to a multiple of 16; eCRC is the SSP CRC over
// eLEN..packing. eCOUNT starts at 0 at each key exchange; a packet whose count is not the one
// expected is refused (a replay or an out-of-order packet). How the count advances is UNVERIFIED
// (see CountRule).
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <string>

#include "devices/transport.hpp"

namespace kiosk::devices::ssp {

inline constexpr std::uint64_t kDefaultFixedKey = 0x0123456701234567ULL;

std::uint64_t mod_pow(std::uint64_t base, std::uint64_t exp, std::uint64_t mod);
bool is_prime(std::uint64_t n);             // deterministic for every 64-bit n
std::uint64_t next_prime(std::uint64_t n);  // the smallest prime >= n (n < 2^63)

using AesKey = std::array<std::uint8_t, 16>;
AesKey make_aes_key(std::uint64_t fixed_key, std::uint64_t negotiated_key);

// AES-128-ECB over whole 16-byte blocks; empty result on a bad size or an OpenSSL error.
Bytes aes128_ecb(const AesKey& key, ByteView in, bool encrypt);

// How eCOUNT advances (UNVERIFIED against hardware; both sides must use the same rule):
// - PerExchange ([KY] on the wire): the host sends C, the reply carries C+1, the next command C+1.
// - PerPacket (the manual's wording): each side increments after every encrypt and every decrypt,
//   so the host sends C, the reply carries C+1, the next command C+2.
enum class CountRule { PerExchange, PerPacket };
enum class Role { Host, Device };

struct EsspError {
  enum class Kind { NotEncrypted, BadLength, BadCrc, BadCount };
  Kind kind;
  std::string what;
};
const char* to_string(EsspError::Kind k);

inline constexpr std::size_t kMaxSealedPlain = 233;  // 1 + 240 ciphertext bytes fit in DATA

class EsspSession {
 public:
  EsspSession(Role role, CountRule rule, const AesKey& key);
  // DATA of an encrypted packet carrying `plain` (1..233 bytes). Packing bytes are taken from
  // `packing` (zeros when it is short: tests only, real packing must be random).
  Bytes seal(ByteView plain, ByteView packing);
  // The plain DATA inside an encrypted packet's DATA; the count must be the expected one.
  std::expected<Bytes, EsspError> open(ByteView data);
  std::uint32_t count() const { return count_; }
  // The count the next open() expects.
  std::uint32_t expected_count() const;

 private:
  Role role_;
  CountRule rule_;
  AesKey key_;
  std::uint32_t count_ = 0;
};

}  // namespace kiosk::devices::ssp
