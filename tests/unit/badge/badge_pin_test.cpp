// A badge's PIN: scrypt-hashed in the signed badge, checked in constant time; five wrong tries in
// a row lock the technician out for a period, and the lock survives a restart (the guard is
// rebuilt from the journal's tries).
#include "kiosk/maintenance/badge_pin.hpp"

#include <doctest/doctest.h>

#include "../queue/test_support.hpp"

using namespace kiosk::app;
using kiosk::oq::PinHash;

namespace {
const std::string kSalt = "0123456789abcdef";
constexpr int kTestLog2N = 14;  // the minimum: tests stay quick
}  // namespace

TEST_CASE("a PIN is 4 to 8 digits") {
  CHECK(acceptable_pin("0000"));
  CHECK(acceptable_pin("12345678"));
  CHECK_FALSE(acceptable_pin("123"));
  CHECK_FALSE(acceptable_pin("123456789"));
  CHECK_FALSE(acceptable_pin("12a4"));
  CHECK_FALSE(acceptable_pin(""));
}

TEST_CASE("the hash matches its PIN only, and depends on the salt") {
  auto h = hash_pin("4821", kSalt, kTestLog2N);
  REQUIRE(h);
  CHECK(h->hash.size() == 32);
  CHECK(pin_matches(*h, "4821"));
  CHECK_FALSE(pin_matches(*h, "4822"));
  CHECK_FALSE(pin_matches(*h, "48210"));
  CHECK_FALSE(pin_matches(*h, ""));
  auto other_salt = hash_pin("4821", "fedcba9876543210", kTestLog2N);
  REQUIRE(other_salt);
  CHECK(other_salt->hash != h->hash);
  PinHash tampered = *h;
  tampered.hash[0] = static_cast<char>(tampered.hash[0] ^ 1);
  CHECK_FALSE(pin_matches(tampered, "4821"));
}

TEST_CASE("weak parameters, short salts and bad PINs are refused") {
  CHECK_FALSE(hash_pin("4821", kSalt, 10));
  CHECK_FALSE(hash_pin("4821", "short", kTestLog2N));
  CHECK_FALSE(hash_pin("48", kSalt, kTestLog2N));
  CHECK_FALSE(hash_pin("4821", kSalt, kTestLog2N, 0));
}

TEST_CASE("five wrong tries in a row lock the technician out, then the lock runs out") {
  PinGuard g({5, 900});
  const std::int64_t t0 = 1'000'000;
  for (int i = 1; i <= 4; ++i) {
    auto a = g.record("T-0042", false, t0 + i);
    CHECK(a.verdict == PinGuard::Verdict::Wrong);
    CHECK(a.tries_left == 5 - i);
  }
  CHECK_FALSE(g.locked("T-0042", t0 + 5));
  auto fifth = g.record("T-0042", false, t0 + 5);
  CHECK(fifth.verdict == PinGuard::Verdict::Wrong);
  CHECK(fifth.locked_until_s == t0 + 5 + 900);
  auto locked = g.locked("T-0042", t0 + 6);
  REQUIRE(locked);
  CHECK(locked->verdict == PinGuard::Verdict::Locked);
  // Even the right PIN is not accepted while locked; another technician is not affected.
  CHECK(g.record("T-0042", true, t0 + 100).verdict == PinGuard::Verdict::Locked);
  CHECK(g.record("T-0007", true, t0 + 100).verdict == PinGuard::Verdict::Accepted);
  // After the lock: a fresh count.
  CHECK_FALSE(g.locked("T-0042", t0 + 905));
  auto after = g.record("T-0042", false, t0 + 905);
  CHECK(after.verdict == PinGuard::Verdict::Wrong);
  CHECK(after.tries_left == 4);
}

TEST_CASE("a right PIN resets the count") {
  PinGuard g({5, 900});
  for (int i = 0; i < 4; ++i) g.record("T-0042", false, 10 + i);
  CHECK(g.record("T-0042", true, 20).verdict == PinGuard::Verdict::Accepted);
  CHECK(g.record("T-0042", false, 21).tries_left == 4);
}

TEST_CASE("the tries are journaled and a restart keeps the lock and the count") {
  kiosk::test::TempDb tmp;
  const std::int64_t t0_ms = 1'767'225'700'000;
  {
    auto store = kiosk::oq::Store::open(tmp.path());
    REQUIRE(store);
    PinGuard g({5, 900});
    for (int i = 0; i < 5; ++i) REQUIRE(journal_pin_try(**store, g, "T-0042", false, t0_ms + i));
    REQUIRE(journal_pin_try(**store, g, "T-0007", false, t0_ms));
    REQUIRE(g.locked("T-0042", t0_ms / 1000 + 10));
    // The journal has who tried and whether it was right, never the PIN.
    auto rows = (*store)->rows_of_types({kPinTried});
    REQUIRE(rows);
    CHECK(rows->size() == 6);
    CHECK(rows->front().payload == R"({"correct":0,"technician":"T-0042"})");
  }
  auto store = kiosk::oq::Store::open(tmp.path());
  REQUIRE(store);
  auto g = load_pin_guard(**store, {5, 900});
  REQUIRE(g);
  auto locked = g->locked("T-0042", t0_ms / 1000 + 10);
  REQUIRE(locked);
  CHECK(locked->locked_until_s == t0_ms / 1000 + 900);
  CHECK_FALSE(g->locked("T-0007", t0_ms / 1000 + 10));
  CHECK(g->record("T-0007", false, t0_ms / 1000 + 20).tries_left == 3);  // its one try remembered
}
