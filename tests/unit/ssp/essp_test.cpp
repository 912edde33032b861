// eSSP: the own vector of cash-devices.md 3.6 (DH with toy randoms, AES key, sealed POLL), key
// agreement, sealed round trips, eCOUNT rules and replay refusal, primes.
#include "devices/ssp/essp.hpp"

#include <doctest/doctest.h>

#include "devices/ssp/ssp_codec.hpp"
#include "hex.hpp"

using namespace ssp_test;
using namespace kiosk::devices;
using namespace kiosk::devices::ssp;

TEST_CASE("own eSSP vector: DH with host=3, slave=5") {
  const std::uint64_t g = 982451653, m = 1287821;
  CHECK(mod_pow(g, 3, m) == 1150721);
  CHECK(mod_pow(g, 5, m) == 707979);
  CHECK(mod_pow(707979, 3, m) == 156086);
  CHECK(mod_pow(1150721, 5, m) == 156086);
  const AesKey key = make_aes_key(kDefaultFixedKey, 156086);
  CHECK(to_hex(key) == "67 45 23 01 67 45 23 01 B6 61 02 00 00 00 00 00");
}

TEST_CASE("own eSSP vector: encrypted POLL at eCOUNT 0 with zero packing") {
  const AesKey key = make_aes_key(kDefaultFixedKey, 156086);
  const Bytes plain = hex("01 00 00 00 00 07 00 00 00 00 00 00 00 00 A1 C7");
  CHECK(crc16(ByteView(plain).first(14)) == 0xC7A1);
  CHECK(to_hex(aes128_ecb(key, plain, true)) == "F1 C0 52 FE B2 C4 EC 74 76 63 65 EC CE 94 63 D1");
  CHECK(to_hex(aes128_ecb(key, hex("F1 C0 52 FE B2 C4 EC 74 76 63 65 EC CE 94 63 D1"), false)) ==
        to_hex(plain));
  EsspSession host(Role::Host, CountRule::PerExchange, key);
  const Bytes sealed = host.seal(hex("07"), Bytes(16, 0));
  CHECK(to_hex(encode_packet(0, false, sealed)) ==
        "7F 00 11 7E F1 C0 52 FE B2 C4 EC 74 76 63 65 EC CE 94 63 D1 DC 8E");
  EsspSession device(Role::Device, CountRule::PerExchange, key);
  auto opened = device.open(sealed);
  REQUIRE(opened.has_value());
  CHECK(to_hex(*opened) == "07");
}

TEST_CASE("AES refuses partial blocks") {
  const AesKey key{};
  CHECK(aes128_ecb(key, Bytes(15, 0), true).empty());
  CHECK(aes128_ecb(key, {}, true).empty());
  CHECK(aes128_ecb(key, Bytes(32, 0), true).size() == 32);
}

TEST_CASE("key agreement: both sides compute the same key for random parameters") {
  std::uint64_t s = 12345;
  auto next = [&] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return s >> 1;
  };
  for (int i = 0; i < 50; ++i) {
    const std::uint64_t m = next_prime((next() % (1ULL << 40)) + 1000);
    const std::uint64_t g = next_prime(m + 1 + next() % 1000);
    const std::uint64_t a = 1 + next() % (m - 2), b = 1 + next() % (m - 2);
    const std::uint64_t A = mod_pow(g, a, m), B = mod_pow(g, b, m);
    CHECK(mod_pow(B, a, m) == mod_pow(A, b, m));
  }
}

TEST_CASE("primes") {
  CHECK(is_prime(982451653));
  CHECK(is_prime(1287821));
  CHECK_FALSE(is_prime(1287823));
  CHECK_FALSE(is_prime(1));
  CHECK(is_prime(2));
  CHECK(is_prime(18446744073709551557ULL));  // the largest 64-bit prime
  CHECK_FALSE(is_prime(3215031751ULL));      // a strong pseudoprime to bases 2, 3, 5, 7
  CHECK(next_prime(1287820) == 1287821);
  CHECK(mod_pow(2, 64, 18446744073709551557ULL) == 59);
}

TEST_CASE("sealed round trips over many exchanges, both count rules") {
  for (CountRule rule : {CountRule::PerExchange, CountRule::PerPacket}) {
    const AesKey key = make_aes_key(0x1122334455667788ULL, 987654321);
    EsspSession host(Role::Host, rule, key), device(Role::Device, rule, key);
    for (int i = 0; i < 300; ++i) {
      Bytes cmd(1 + i % 40, static_cast<std::uint8_t>(i));
      const Bytes wire = host.seal(cmd, Bytes(16, 0xA5));
      REQUIRE(wire.size() % 16 == 1);
      auto got = device.open(wire);
      REQUIRE(got.has_value());
      CHECK(*got == cmd);
      const Bytes reply = device.seal(hex("F0 EE 01 EB"), {});
      auto back = host.open(reply);
      REQUIRE(back.has_value());
      CHECK(to_hex(*back) == "F0 EE 01 EB");
    }
    if (rule == CountRule::PerExchange) CHECK(host.count() == 300);
    if (rule == CountRule::PerPacket) CHECK(host.count() == 600);
  }
}

TEST_CASE("eCOUNT: a replayed or out-of-order packet is refused") {
  const AesKey key = make_aes_key(kDefaultFixedKey, 4242);
  EsspSession host(Role::Host, CountRule::PerExchange, key),
      device(Role::Device, CountRule::PerExchange, key);
  const Bytes first = host.seal(hex("07"), {});
  REQUIRE(device.open(first).has_value());
  const Bytes reply1 = device.seal(hex("F0"), {});
  REQUIRE(host.open(reply1).has_value());
  // The old command again: refused, and it does not move the count.
  auto replay = device.open(first);
  REQUIRE_FALSE(replay.has_value());
  CHECK(replay.error().kind == EsspError::Kind::BadCount);
  // The old reply again: refused by the host.
  auto replay_reply = host.open(reply1);
  REQUIRE_FALSE(replay_reply.has_value());
  CHECK(replay_reply.error().kind == EsspError::Kind::BadCount);
  // A packet from the future (skipping one count) is refused too.
  EsspSession ahead(Role::Device, CountRule::PerExchange, key);  // seals counts 1, 2, 3...
  (void)ahead.seal(hex("07"), {});
  (void)ahead.seal(hex("07"), {});
  CHECK_FALSE(device.open(ahead.seal(hex("07"), {})).has_value());
  // The right next packet still works.
  auto next = device.open(host.seal(hex("07"), {}));
  CHECK(next.has_value());
}

TEST_CASE("eSSP errors: wrong key, no STEX, bad lengths") {
  const AesKey key = make_aes_key(kDefaultFixedKey, 1);
  const AesKey other = make_aes_key(kDefaultFixedKey, 2);
  EsspSession host(Role::Host, CountRule::PerExchange, key);
  EsspSession wrong(Role::Device, CountRule::PerExchange, other);
  auto r = wrong.open(host.seal(hex("07"), {}));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == EsspError::Kind::BadCrc);
  CHECK(wrong.open(hex("07")).error().kind == EsspError::Kind::NotEncrypted);
  CHECK(wrong.open(hex("7E 00 01")).error().kind == EsspError::Kind::BadLength);
  CHECK(host.seal({}, {}).empty());
  CHECK(host.seal(Bytes(kMaxSealedPlain + 1, 0), {}).empty());
  CHECK(host.seal(Bytes(kMaxSealedPlain, 0), {}).size() <= kMaxData);
}
