// The simulator's compliance desk through ExchangeService (no sockets): usage per person from
// purchases and cash-out orders carrying a customer key, in Asia/Almaty days and months; the
// blocked list's versions; the /sim controls.
#include "sim/exchange/kyc_desk.hpp"

#include <doctest/doctest.h>

#include "kyc_support.hpp"
#include "offline_queue/cash_out_messages.hpp"
#include "offline_queue/exchange_messages.hpp"
#include "sim/exchange/exchange_service.hpp"
#include "sim/exchange/sim_control.hpp"

using namespace kiosk;
using flows::compliance::BlockedEntry;
using test::kKycStartMs;

namespace {

const std::string kAigerim = "iin:900101300017";

sim::SimResponse get(sim::ExchangeService& ex, const std::string& target, std::int64_t now,
                     const std::string& kiosk = "k") {
  return ex.handle(
      test::signed_request(oq::HttpRequest{"GET", target, "", std::nullopt}, now, kiosk), now);
}

sim::SimResponse post(sim::ExchangeService& ex, const std::string& target, const std::string& body,
                      const std::string& key, std::int64_t now, const std::string& kiosk = "k") {
  return ex.handle(test::signed_request(oq::HttpRequest{"POST", target, body, key}, now, kiosk),
                   now);
}

std::string purchase(const std::string& tx, std::int64_t kzt, const std::string& created_at,
                     std::optional<std::string> customer = kAigerim) {
  oq::CashInRequest c;
  c.tx_id = tx;
  c.asset = "BTC";
  c.network = "bitcoin";
  c.address = "bc1qexample";
  c.fiat = flows::Kzt{kzt};
  c.notes = {{kzt, 1}};
  c.quote_kzt_per_unit = *flows::Rate::parse("51000000");
  c.quote_as_of = created_at;
  c.created_at = created_at;
  c.customer_key = std::move(customer);
  return oq::cash_in_body(c);
}

oq::CustomerUsage usage(sim::ExchangeService& ex, const std::string& key, const std::string& at,
                        std::int64_t now = kKycStartMs) {
  auto r = get(ex, oq::usage_target(key, at), now);
  REQUIRE(r.status == 200);
  auto u = oq::parse_usage_answer(r.body);
  REQUIRE(u);
  return *u;
}

}  // namespace

TEST_CASE("ISO instants parse and format in UTC") {
  CHECK(sim::parse_iso_utc_ms("2024-05-01T10:00:00Z") == std::optional<std::int64_t>(kKycStartMs));
  CHECK(sim::parse_iso_utc_ms("2024-05-01T10:00:00.250Z") ==
        std::optional<std::int64_t>(kKycStartMs + 250));
  CHECK(sim::parse_iso_utc_ms("1970-01-01T00:00:00Z") == std::optional<std::int64_t>(0));
  CHECK(sim::parse_iso_utc_ms("2024-02-29T23:59:59Z") ==
        std::optional<std::int64_t>(1709251199000));
  CHECK_FALSE(sim::parse_iso_utc_ms("2024-05-01 10:00:00Z"));
  CHECK_FALSE(sim::parse_iso_utc_ms("2024-13-01T10:00:00Z"));
  CHECK_FALSE(sim::parse_iso_utc_ms("2024-05-01T10:00:00+05:00"));
  CHECK(sim::format_iso_utc(kKycStartMs) == "2024-05-01T10:00:00Z");
  CHECK(sim::format_iso_utc(1709251199000) == "2024-02-29T23:59:59Z");
}

TEST_CASE("usage adds a person's purchases and cash-out orders across kiosks, by Almaty day") {
  sim::ExchangeService ex({{"k", "s"}, {"k2", "s"}}, sim::default_sim_rates());
  // 2024-05-01 in Almaty runs from 2024-04-30T19:00Z to 2024-05-01T19:00Z.
  REQUIRE(
      post(ex, "/v1/cash-in", purchase("tx-1", 100000, "2024-05-01T10:01:00Z"), "ci-1", kKycStartMs)
          .status == 200);
  REQUIRE(post(ex, "/v1/cash-in", purchase("tx-2", 50000, "2024-04-30T19:30:00Z"), "ci-2",
               kKycStartMs, "k2")
              .status == 200);  // 00:30 on May 1st in Almaty, other kiosk
  REQUIRE(post(ex, "/v1/cash-in", purchase("tx-3", 20000, "2024-04-30T18:30:00Z"), "ci-3",
               kKycStartMs)
              .status == 200);  // 23:30 on April 30th in Almaty: last month
  REQUIRE(post(ex, "/v1/cash-in", purchase("tx-4", 7000, "2024-05-02T08:00:00Z"), "ci-4",
               kKycStartMs)
              .status == 200);  // the next day, same month
  REQUIRE(post(ex, "/v1/cash-in", purchase("tx-5", 9000, "2024-05-01T10:00:00Z", std::nullopt),
               "ci-5", kKycStartMs)
              .status == 200);  // no customer key: nobody's usage
  REQUIRE(post(ex, "/v1/cash-in",
               purchase("tx-6", 3000, "2024-05-01T10:00:00Z", "doc:RUS:753912345"), "ci-6",
               kKycStartMs)
              .status == 200);
  // A replayed purchase counts once.
  REQUIRE(
      post(ex, "/v1/cash-in", purchase("tx-1", 100000, "2024-05-01T10:01:00Z"), "ci-1", kKycStartMs)
          .status == 200);
  // A cash-out order with the key counts when it is created.
  oq::CashOutOrderRequest order{"tx-7",       "BTC",   "bitcoin", flows::Kzt{40000},
                                std::nullopt, kAigerim};
  REQUIRE(
      post(ex, "/v1/cash-out/orders", oq::cash_out_order_body(order), "co-7", kKycStartMs).status ==
      200);
  // A refused purchase does not count.
  REQUIRE(post(ex, "/v1/cash-in", purchase("tx-1", 100000, "2024-05-01T10:01:00Z"), "ci-1-other",
               kKycStartMs)
              .status == 409);

  auto u = usage(ex, kAigerim, "2024-05-01T12:00:00Z");
  CHECK(u.key == kAigerim);
  CHECK(u.usage.day.value == 100000 + 50000 + 40000);
  CHECK(u.usage.month.value == 100000 + 50000 + 40000 + 7000);
  CHECK(u.as_of == "2024-05-01T12:00:00Z");
  auto next_day = usage(ex, kAigerim, "2024-05-01T19:00:00Z");  // 00:00 May 2nd in Almaty
  CHECK(next_day.usage.day.value == 7000);
  CHECK(next_day.usage.month.value == 197000);
  auto april = usage(ex, kAigerim, "2024-04-30T18:59:59Z");
  CHECK(april.usage.day.value == 20000);
  CHECK(april.usage.month.value == 20000);
  CHECK(usage(ex, "doc:RUS:753912345", "2024-05-01T12:00:00Z").usage.day.value == 3000);
  auto nobody = usage(ex, "iin:850302300011", "2024-05-01T12:00:00Z");
  CHECK(nobody.usage.day.value == 0);
  CHECK(nobody.usage.month.value == 0);
  // Without `at`, the exchange's now.
  auto now = get(ex, "/v1/customers/" + kAigerim + "/usage", kKycStartMs);
  CHECK(oq::parse_usage_answer(now.body)->usage.day.value == 190000);
  CHECK(get(ex, oq::usage_target(kAigerim, "yesterday"), kKycStartMs).status == 400);
  CHECK(post(ex, "/v1/customers/" + kAigerim + "/usage", "{}", "x", kKycStartMs).status == 405);
}

TEST_CASE("/sim/usage sets a baseline added to what the desk has seen") {
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  sim::SimFaults faults;
  auto r = sim::handle_control(
      test::control("POST", "/sim/usage",
                    R"({"key":"iin:900101300017","day_kzt":900000,"month_kzt":4000000})"),
      faults, ex, kKycStartMs);
  REQUIRE(r.status == 200);
  REQUIRE(
      post(ex, "/v1/cash-in", purchase("tx-1", 10000, "2024-05-01T10:01:00Z"), "ci-1", kKycStartMs)
          .status == 200);
  auto u = usage(ex, kAigerim, "2024-05-01T12:00:00Z");
  CHECK(u.usage.day.value == 910000);
  CHECK(u.usage.month.value == 4010000);
  CHECK(sim::handle_control(
            test::control("POST", "/sim/usage", R"({"key":"x","day_kzt":5,"month_kzt":1})"), faults,
            ex, kKycStartMs)
            .status == 400);
}

TEST_CASE("POST /v1/kyc: outcomes forced per person or for everyone, idempotent by kyc id") {
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  sim::SimFaults faults;
  auto body = [](oq::KycSubmission s, const std::string& id) {
    s.kyc_id = id;
    return oq::kyc_body(s);
  };
  auto a = post(ex, "/v1/kyc", body(test::resident_submission(), "kyc-1"), "kyc-1", kKycStartMs);
  CHECK(a.status == 200);
  CHECK(oq::parse_kyc_answer(a.body) == oq::KycAnswer{"kyc-1", oq::KycStatus::Accepted, {}});

  REQUIRE(
      sim::handle_control(
          test::control("POST", "/sim/kyc",
                        R"({"outcome":"rejected","reason":"sanctions","key":"doc:RUS:753912345"})"),
          faults, ex, kKycStartMs)
          .status == 200);
  auto f = post(ex, "/v1/kyc", body(test::foreign_submission(), "kyc-2"), "kyc-2", kKycStartMs);
  CHECK(oq::parse_kyc_answer(f.body) ==
        oq::KycAnswer{"kyc-2", oq::KycStatus::Rejected, "sanctions"});
  auto r2 =
      post(ex, "/v1/kyc", body(test::resident_submission("tx-9"), "kyc-3"), "kyc-3", kKycStartMs);
  CHECK(oq::parse_kyc_answer(r2.body)->status == oq::KycStatus::Accepted);  // another person

  REQUIRE(sim::handle_control(test::control("POST", "/sim/kyc", R"({"outcome":"review"})"), faults,
                              ex, kKycStartMs)
              .status == 200);
  auto rv =
      post(ex, "/v1/kyc", body(test::resident_submission("tx-10"), "kyc-4"), "kyc-4", kKycStartMs);
  CHECK(oq::parse_kyc_answer(rv.body) ==
        oq::KycAnswer{"kyc-4", oq::KycStatus::Review, "operator_review"});

  // Replays: the first answer, even after the forced outcome changed; another body is a 409.
  CHECK(post(ex, "/v1/kyc", body(test::resident_submission(), "kyc-1"), "kyc-1", kKycStartMs) == a);
  CHECK(
      post(ex, "/v1/kyc", body(test::foreign_submission(), "kyc-1"), "kyc-1", kKycStartMs).status ==
      409);
  // The key must be the kyc id; the body must be a submission.
  CHECK(post(ex, "/v1/kyc", body(test::resident_submission(), "kyc-5"), "other", kKycStartMs)
            .status == 400);
  CHECK(post(ex, "/v1/kyc", R"({"kyc_id":"kyc-6"})", "kyc-6", kKycStartMs).status == 400);
  CHECK(post(ex, "/v1/kyc", body(test::resident_submission(), "kyc-7"), "", kKycStartMs).status ==
        400);
  CHECK(get(ex, "/v1/kyc", kKycStartMs).status == 405);

  auto listed = sim::handle_control(test::control("GET", "/sim/kyc", ""), faults, ex, kKycStartMs);
  auto j = nlohmann::json::parse(listed.body);
  CHECK(j["count"] == 4);
  CHECK(j["submissions"][1]["status"] == "rejected");
  CHECK(j["submissions"][0]["selfie_bytes"] == 3000);
  CHECK(j["submissions"][1]["selfie_bytes"] == 0);
  CHECK(listed.body.find("DOCUMENT-IMAGE") == std::string::npos);  // images are not kept
}

TEST_CASE("the blocked list answers the difference since a version") {
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  sim::SimFaults faults;
  auto list = [&](std::int64_t since) {
    auto r = get(ex, oq::blocked_list_target(since), kKycStartMs);
    REQUIRE(r.status == 200);
    auto u = oq::parse_blocked_list_answer(r.body);
    REQUIRE(u);
    return *u;
  };
  CHECK(list(0).version == 0);
  CHECK(list(0).added.empty());
  auto edit = [&](const std::string& body) {
    auto r =
        sim::handle_control(test::control("POST", "/sim/blocked", body), faults, ex, kKycStartMs);
    REQUIRE(r.status == 200);
    return nlohmann::json::parse(r.body)["version"].get<std::int64_t>();
  };
  CHECK(
      edit(
          R"({"add":[{"iin":"900101300017"},{"name":"IVANOV IVAN","birth_date":"1985-03-02"}]})") ==
      1);
  CHECK(edit(R"({"add":[{"iin":"850302300011"}]})") == 2);
  CHECK(edit(R"({"remove":[{"iin":"900101300017"}]})") == 3);

  auto all = list(0);
  CHECK(all.version == 3);
  CHECK(all.added == std::vector<BlockedEntry>{BlockedEntry{"", "IVANOV IVAN", "1985-03-02"},
                                               BlockedEntry{"850302300011", "", ""}});
  CHECK(all.removed.empty());
  auto since1 = list(1);
  CHECK(since1.added == std::vector<BlockedEntry>{BlockedEntry{"850302300011", "", ""}});
  CHECK(since1.removed == std::vector<BlockedEntry>{BlockedEntry{"900101300017", "", ""}});
  auto since3 = list(3);
  CHECK(since3.version == 3);
  CHECK(since3.added.empty());
  CHECK(since3.removed.empty());
  CHECK(list(99).added.size() == 2);  // ahead of the exchange: the whole list
  CHECK(get(ex, "/v1/lists/blocked?since=x", kKycStartMs).status == 400);
  CHECK(sim::handle_control(test::control("POST", "/sim/blocked", R"({"add":[{"iin":"12"}]})"),
                            faults, ex, kKycStartMs)
            .status == 400);
  auto shown = nlohmann::json::parse(
      sim::handle_control(test::control("GET", "/sim/blocked", ""), faults, ex, kKycStartMs).body);
  CHECK(shown["version"] == 3);
  CHECK(shown["entries"].size() == 2);
}

namespace {

using flows::compliance::ReviewState;

std::string manual_review_body(
    const std::string& kyc_id, const std::string& tx,
    const std::string& customer_key = test::kPseudonym,
    flows::compliance::Tier tier = flows::compliance::Tier::ManualReview) {
  auto s = test::resident_submission(tx);
  s.kyc_id = kyc_id;
  s.tier = tier;
  s.customer_key = customer_key;
  return oq::kyc_body(s);
}

std::optional<oq::KycAnswer> submit(sim::ExchangeService& ex, const std::string& body,
                                    const std::string& kyc_id) {
  auto r = post(ex, "/v1/kyc", body, kyc_id, kKycStartMs);
  REQUIRE(r.status == 200);
  auto a = oq::parse_kyc_answer(r.body);
  if (!a) return std::nullopt;
  return *a;
}

ReviewState review_in_usage(sim::ExchangeService& ex, const std::string& key) {
  return usage(ex, key, "2024-05-01T12:00:00Z").review;
}

sim::SimResponse control_kyc(sim::ExchangeService& ex, const std::string& body) {
  sim::SimFaults faults;
  return sim::handle_control(test::control("POST", "/sim/kyc", body), faults, ex, kKycStartMs);
}

nlohmann::json listed_kyc(sim::ExchangeService& ex) {
  sim::SimFaults faults;
  auto r = sim::handle_control(test::control("GET", "/sim/kyc", ""), faults, ex, kKycStartMs);
  REQUIRE(r.status == 200);
  return nlohmann::json::parse(r.body);
}

std::string decision(const std::string& key, const std::string& state) {
  return nlohmann::json{{"review", {{"key", key}, {"state", state}}}}.dump();
}

}  // namespace

TEST_CASE("a manual review: pending until the operator approves, then accepted at the next visit") {
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  CHECK(review_in_usage(ex, test::kPseudonym) == ReviewState::None);

  auto first = submit(ex, manual_review_body("kyc-1", "tx-1"), "kyc-1");
  CHECK(first == oq::KycAnswer{"kyc-1", oq::KycStatus::Review, "manual_review"});
  CHECK(review_in_usage(ex, test::kPseudonym) == ReviewState::Pending);
  CHECK(ex.kyc_desk().review_of(test::kPseudonym) == ReviewState::Pending);
  auto listed = listed_kyc(ex);
  CHECK(listed["reviews"][test::kPseudonym] == "pending");
  CHECK(listed["submissions"][0]["customer_key"] == test::kPseudonym);
  CHECK(listed["submissions"][0]["tier"] == "manual_review");
  CHECK(listed["submissions"][0]["status"] == "review");

  // Asking again while pending stays pending.
  CHECK(submit(ex, manual_review_body("kyc-2", "tx-2"), "kyc-2")->status == oq::KycStatus::Review);
  CHECK(review_in_usage(ex, test::kPseudonym) == ReviewState::Pending);

  auto decided = control_kyc(ex, decision(test::kPseudonym, "approved"));
  REQUIRE(decided.status == 200);
  CHECK(nlohmann::json::parse(decided.body)["review"] == "approved");
  CHECK(review_in_usage(ex, test::kPseudonym) == ReviewState::Approved);
  CHECK(listed_kyc(ex)["reviews"][test::kPseudonym] == "approved");

  // The next visit's manual_review submission is accepted and the person stays approved.
  CHECK(submit(ex, manual_review_body("kyc-3", "tx-3"), "kyc-3") ==
        oq::KycAnswer{"kyc-3", oq::KycStatus::Accepted, std::nullopt});
  CHECK(review_in_usage(ex, test::kPseudonym) == ReviewState::Approved);

  // A replay of the first submission keeps its first answer and changes nothing.
  CHECK(submit(ex, manual_review_body("kyc-1", "tx-1"), "kyc-1") == first);
  CHECK(review_in_usage(ex, test::kPseudonym) == ReviewState::Approved);
  CHECK(listed_kyc(ex)["count"] == 3);

  // Another person is not touched; the identity key has no review of its own.
  CHECK(review_in_usage(ex, "p-ffffffffffffffffffffffffffffffff") == ReviewState::None);
  CHECK(review_in_usage(ex, "iin:900101300017") == ReviewState::None);
}

TEST_CASE("a forced rejection makes the person rejected; a rejected person is refused") {
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  REQUIRE(control_kyc(ex, R"({"outcome":"rejected","reason":"sanctions","key":"iin:900101300017"})")
              .status == 200);
  // Any tier: the answer is the forced one, and the pseudonym is now rejected.
  auto a = submit(ex,
                  manual_review_body("kyc-1", "tx-1", test::kPseudonym,
                                     flows::compliance::Tier::DocumentSelfie),
                  "kyc-1");
  CHECK(a == oq::KycAnswer{"kyc-1", oq::KycStatus::Rejected, "sanctions"});
  CHECK(review_in_usage(ex, test::kPseudonym) == ReviewState::Rejected);
  CHECK(listed_kyc(ex)["reviews"][test::kPseudonym] == "rejected");

  // The operator rejects another person's pending review: their next submission is refused.
  const std::string other = "p-00000000000000000000000000000001";
  auto foreign = test::foreign_submission("tx-5");
  foreign.kyc_id = "kyc-5";
  foreign.tier = flows::compliance::Tier::ManualReview;
  foreign.customer_key = other;
  CHECK(submit(ex, oq::kyc_body(foreign), "kyc-5")->status == oq::KycStatus::Review);
  CHECK(review_in_usage(ex, other) == ReviewState::Pending);
  REQUIRE(control_kyc(ex, decision(other, "rejected")).status == 200);
  CHECK(review_in_usage(ex, other) == ReviewState::Rejected);
  foreign.tx_id = "tx-6";
  foreign.kyc_id = "kyc-6";
  CHECK(submit(ex, oq::kyc_body(foreign), "kyc-6") ==
        oq::KycAnswer{"kyc-6", oq::KycStatus::Rejected, "review_rejected"});
  foreign.tier = flows::compliance::Tier::Document;
  foreign.kyc_id = "kyc-7";
  CHECK(submit(ex, oq::kyc_body(foreign), "kyc-7")->status == oq::KycStatus::Rejected);
  CHECK(review_in_usage(ex, other) == ReviewState::Rejected);

  // "none" forgets the review: the next manual_review submission asks again.
  REQUIRE(control_kyc(ex, decision(other, "none")).status == 200);
  CHECK(review_in_usage(ex, other) == ReviewState::None);
  CHECK_FALSE(listed_kyc(ex)["reviews"].contains(other));
  foreign.tier = flows::compliance::Tier::ManualReview;
  foreign.kyc_id = "kyc-8";
  CHECK(submit(ex, oq::kyc_body(foreign), "kyc-8")->status == oq::KycStatus::Review);
  CHECK(review_in_usage(ex, other) == ReviewState::Pending);
}

TEST_CASE("forced outcomes on manual_review submissions move the review; other tiers keep it") {
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  // Forced by pseudonym: accepted on a manual_review submission approves.
  REQUIRE(
      control_kyc(ex, std::string(R"({"outcome":"accepted","key":")") + test::kPseudonym + R"("})")
          .status == 200);
  CHECK(submit(ex, manual_review_body("kyc-1", "tx-1"), "kyc-1")->status ==
        oq::KycStatus::Accepted);
  CHECK(review_in_usage(ex, test::kPseudonym) == ReviewState::Approved);

  // Forced review for everyone: a manual_review submission is pending again, a document_selfie
  // submission leaves the state as it is.
  const std::string other = "p-00000000000000000000000000000002";
  REQUIRE(control_kyc(ex, R"({"outcome":"review"})").status == 200);
  CHECK(submit(ex,
               manual_review_body("kyc-2", "tx-2", other, flows::compliance::Tier::DocumentSelfie),
               "kyc-2") == oq::KycAnswer{"kyc-2", oq::KycStatus::Review, "operator_review"});
  CHECK(review_in_usage(ex, other) == ReviewState::None);
  CHECK(submit(ex, manual_review_body("kyc-3", "tx-3", other), "kyc-3")->status ==
        oq::KycStatus::Review);
  CHECK(review_in_usage(ex, other) == ReviewState::Pending);

  // Without a customer key a manual_review submission is still answered review; nothing is kept.
  sim::ExchangeService fresh({{"k", "s"}}, sim::default_sim_rates());
  CHECK(submit(fresh, manual_review_body("kyc-5", "tx-5", ""), "kyc-5") ==
        oq::KycAnswer{"kyc-5", oq::KycStatus::Review, "manual_review"});
  CHECK(fresh.kyc_desk().reviews().empty());
  CHECK(listed_kyc(fresh)["submissions"][0].contains("customer_key") == false);
}

TEST_CASE("/sim/kyc review decisions are checked") {
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  CHECK(control_kyc(ex, decision("iin:900101300017", "approved")).status == 400);
  CHECK(control_kyc(ex, decision("p-0123", "approved")).status == 400);
  CHECK(control_kyc(ex, decision(test::kPseudonym, "maybe")).status == 400);
  CHECK(control_kyc(ex, R"({"review":{"key":"p-0123456789abcdef0123456789abcdef"}})").status ==
        400);
  CHECK(control_kyc(ex, R"({"review":"approved"})").status == 400);
  CHECK(control_kyc(ex, std::string(R"({"outcome":"accepted","review":{"key":")") +
                            test::kPseudonym + R"(","state":"approved"}})")
            .status == 400);
  CHECK(ex.kyc_desk().reviews().empty());
  ex.kyc_desk().decide_review(test::kPseudonym, ReviewState::Pending);
  CHECK(review_in_usage(ex, test::kPseudonym) == ReviewState::Pending);
}
