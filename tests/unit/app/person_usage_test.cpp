// What this kiosk's journal says a person has used: cash-in purchases (unacknowledged until the
// exchange has them) and cash-out orders (the exchange created them), by local day and month.
#include "kiosk/shell/person_usage.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk::app;
using flows::Kzt;

namespace {

// 2026-11-26 12:00 in Almaty (UTC+5) = 07:00 UTC.
constexpr std::int64_t kNow = 1'795'676'400'000;
constexpr std::int64_t kHour = 3'600'000;
constexpr int kOffset = 300;

struct Journal {
  std::unique_ptr<oq::Store> store = std::move(*oq::Store::open(":memory:"));

  void row(const std::string& tx, const std::string& type, const std::string& payload,
           std::int64_t at, std::optional<oq::OutboxRequest> req = std::nullopt) {
    REQUIRE(store->append(oq::JournalEntry{tx, type, payload, at}, req));
  }
  void bought(const std::string& tx, const std::string& person, std::int64_t kzt, std::int64_t at,
              bool delivered) {
    row(tx, "cash_in.session_opened", R"({"person":")" + person + R"("})", at);
    row(tx, "cash_in.purchase_queued", R"({"fiat_kzt":)" + std::to_string(kzt) + "}", at,
        oq::OutboxRequest{tx + ":cash-in", "POST", "/v1/cash-in", "{}", ""});
    if (delivered) REQUIRE(store->outbox().mark_delivered(tx + ":cash-in", 200, "{}", at));
  }
  void sold(const std::string& tx, const std::string& person, std::int64_t kzt, std::int64_t at) {
    row(tx, "cash_out.session_opened", R"({"person":")" + person + R"("})", at);
    row(tx, "cash_out.order_created", R"({"fiat_kzt":)" + std::to_string(kzt) + "}", at);
  }
};

}  // namespace

TEST_CASE("local usage: purchases and cash-out orders of one person, by local day and month") {
  Journal j;
  j.bought("t1", "p-a", 50'000, kNow - kHour, true);       // today, delivered
  j.bought("t2", "p-a", 20'000, kNow - 2 * kHour, false);  // today, not yet at the exchange
  j.sold("t3", "p-a", 30'000, kNow - 3 * kHour);           // today, a cash-out order
  j.sold("t4", "p-a", 40'000, kNow - 48 * kHour);          // this month, not today
  j.bought("t5", "p-b", 99'000, kNow - kHour, false);      // someone else
  j.sold("t6", "p-a", 77'000, kNow - 40 * 24 * kHour);     // last month
  // A session opened for the person that never bought: nothing counts.
  j.row("t7", "cash_out.session_opened", R"({"person":"p-a"})", kNow - kHour);

  auto u = local_usage(*j.store, "p-a", kNow, kOffset);
  REQUIRE(u);
  CHECK(u->all.day == Kzt{100'000});
  CHECK(u->all.month == Kzt{140'000});
  CHECK(u->unacknowledged.day == Kzt{20'000});
  CHECK(u->unacknowledged.month == Kzt{20'000});

  auto other = local_usage(*j.store, "p-b", kNow, kOffset);
  REQUIRE(other);
  CHECK(other->all.day == Kzt{99'000});
  CHECK(other->unacknowledged.day == Kzt{99'000});
}

TEST_CASE("local usage: the local day starts at midnight in Almaty, not UTC") {
  Journal j;
  // 2026-11-26 00:30 Almaty = 2026-11-25 19:30 UTC: today locally, yesterday in UTC.
  j.sold("t1", "p-a", 10'000, kNow - 11 * kHour - kHour / 2);
  // 2026-11-25 23:30 Almaty: yesterday locally.
  j.sold("t2", "p-a", 5'000, kNow - 12 * kHour - kHour / 2);
  auto u = local_usage(*j.store, "p-a", kNow, kOffset);
  REQUIRE(u);
  CHECK(u->all.day == Kzt{10'000});
  CHECK(u->all.month == Kzt{15'000});
}

TEST_CASE("local usage: an empty journal and an unknown person use nothing") {
  Journal j;
  auto empty = local_usage(*j.store, "p-a", kNow, kOffset);
  REQUIRE(empty);
  CHECK(empty->all.month == Kzt{0});
  j.sold("t1", "p-a", 10'000, kNow);
  auto nobody = local_usage(*j.store, "p-z", kNow, kOffset);
  REQUIRE(nobody);
  CHECK(nobody->all.month == Kzt{0});
}
