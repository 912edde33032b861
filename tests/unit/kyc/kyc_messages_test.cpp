// The compliance wire forms (offline_queue/kyc_messages.hpp): round trips, strict parsing, the
// usage path encoding, base64 vectors.
#include "offline_queue/kyc_messages.hpp"

#include <doctest/doctest.h>

#include "kyc_support.hpp"
#include "offline_queue/base64.hpp"
#include "offline_queue/cash_out_messages.hpp"
#include "offline_queue/exchange_messages.hpp"

using namespace kiosk;
using namespace kiosk::oq;
using flows::compliance::BlockedEntry;

TEST_CASE("base64 follows RFC 4648 and refuses malformed text") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_decode("Zm9vYmE=") == std::optional<std::string>("fooba"));
  CHECK(base64_decode("Zg==") == std::optional<std::string>("f"));
  std::string binary("\x00\xFF\x10\x80", 4);
  CHECK(base64_decode(base64_encode(binary)) == std::optional<std::string>(binary));
  CHECK_FALSE(base64_decode("Zm9"));       // not a multiple of 4
  CHECK_FALSE(base64_decode("Zm=v"));      // padding inside
  CHECK_FALSE(base64_decode("Zm9v!A=="));  // outside the alphabet
  CHECK_FALSE(base64_decode("Z==="));      // three pads
}

TEST_CASE("base64 refuses set bits under the padding (found by canonical_json_fuzz)") {
  CHECK(base64_decode("Zg==") == std::optional<std::string>("f"));
  CHECK_FALSE(base64_decode("Zh=="));  // "f" again, with a bit set in the padding
  CHECK(base64_decode("Zm8=") == std::optional<std::string>("fo"));
  CHECK_FALSE(base64_decode("Zm9="));                  // "fo" again
  CHECK_FALSE(base64_decode("/9j/4AAQS9j/4AAQSkZ="));  // the fuzzer's input
}

TEST_CASE("a KYC submission survives the wire, with and without a selfie") {
  for (auto s : {test::resident_submission(), test::foreign_submission()}) {
    s.kyc_id = "kyc-" + s.tx_id;
    std::string body = kyc_body(s);
    auto back = parse_kyc_request(body);
    REQUIRE_MESSAGE(back, (back ? "" : back.error().what));
    CHECK(*back == s);
    CHECK(kyc_body(*back) == body);  // deterministic: a resend is byte-identical
  }
  auto s = test::resident_submission();
  s.kyc_id = "kyc-1";
  auto j = nlohmann::json::parse(kyc_body(s));
  CHECK(j["identity"]["kind"] == "resident");
  CHECK(j["identity"]["document"]["issuing_state"] == "KAZ");
  CHECK(j["consent"]["text_version"] == "kyc-consent-v1");
  CHECK(j["tier"] == "document_selfie");
  CHECK(base64_decode(j["images"]["document_jpeg_b64"].get<std::string>()) ==
        std::optional<std::string>(s.document_jpeg));
}

TEST_CASE("a KYC request with a missing or wrong field is refused with the field's name") {
  auto s = test::resident_submission();
  s.kyc_id = "kyc-1";
  auto base = nlohmann::json::parse(kyc_body(s));
  auto refused = [&](auto mutate, std::string_view what) {
    auto j = base;
    mutate(j);
    auto r = parse_kyc_request(j.dump());
    REQUIRE_FALSE(r);
    CHECK_MESSAGE(r.error().what.find(what) != std::string::npos, r.error().what);
  };
  refused([](auto& j) { j.erase("kyc_id"); }, "kyc_id");
  refused([](auto& j) { j["identity"]["kind"] = "alien"; }, "identity.kind");
  refused([](auto& j) { j["identity"]["key"] = "doc:RUS:1"; }, "identity.key");  // kind mismatch
  refused([](auto& j) { j["identity"]["key"] = "iin:12345"; }, "identity.key");
  refused([](auto& j) { j["identity"]["birth_date"] = "01.01.1990"; }, "birth_date");
  refused([](auto& j) { j["identity"]["sex"] = "female"; }, "sex");
  refused([](auto& j) { j["identity"]["document"].erase("expiry"); }, "expiry");
  refused([](auto& j) { j.erase("consent"); }, "consent");
  refused([](auto& j) { j["consent"].erase("given_at"); }, "given_at");
  refused([](auto& j) { j["tier"] = "anonymous"; }, "tier");
  refused([](auto& j) { j["images"]["document_jpeg_b64"] = "not base64!"; }, "document_jpeg_b64");
  refused([](auto& j) { j["images"]["document_jpeg_b64"] = ""; }, "document_jpeg_b64");
  refused([](auto& j) { j["images"]["selfie_jpeg_b64"] = 7; }, "selfie_jpeg_b64");
  CHECK_FALSE(parse_kyc_request("[]"));
  CHECK_FALSE(parse_kyc_request("{\"kyc_id\":"));
}

TEST_CASE("a KYC submission carries the optional customer key (the pseudonym)") {
  auto s = test::resident_submission();
  s.kyc_id = "kyc-1";
  std::string without = kyc_body(s);
  CHECK(nlohmann::json::parse(without).contains("customer_key") == false);
  CHECK(parse_kyc_request(without)->customer_key.empty());

  s.customer_key = test::kPseudonym;
  std::string with = kyc_body(s);
  CHECK(nlohmann::json::parse(with)["customer_key"] == test::kPseudonym);
  auto back = parse_kyc_request(with);
  REQUIRE_MESSAGE(back, (back ? "" : back.error().what));
  CHECK(*back == s);
  CHECK(kyc_body(*back) == with);

  CHECK(is_customer_key(test::kPseudonym));
  auto base = nlohmann::json::parse(with);
  for (nlohmann::json bad : {nlohmann::json(""), nlohmann::json("iin:900101300017"),
                             nlohmann::json("p-0123456789abcdef0123456789ABCDEF"),  // upper case
                             nlohmann::json("p-0123456789abcdef0123456789abcde"),   // 31 digits
                             nlohmann::json("p-0123456789abcdef0123456789abcdef0"),
                             nlohmann::json("q-0123456789abcdef0123456789abcdef"),
                             nlohmann::json("p-0123456789abcdef0123456789abcdeg"),
                             nlohmann::json(42), nlohmann::json(nullptr)}) {
    auto j = base;
    j["customer_key"] = bad;
    auto r = parse_kyc_request(j.dump());
    REQUIRE_FALSE_MESSAGE(r, j["customer_key"].dump());
    CHECK_MESSAGE(r.error().what.find("customer_key") != std::string::npos, r.error().what);
  }
}

TEST_CASE("KYC answers: every status, the optional reason, garbage refused") {
  for (auto a : {KycAnswer{"kyc-1", KycStatus::Accepted, std::nullopt},
                 KycAnswer{"kyc-2", KycStatus::Review, "name_match"},
                 KycAnswer{"kyc-3", KycStatus::Rejected, "document_expired"}})
    CHECK(parse_kyc_answer(kyc_answer_body(a)) == a);
  CHECK(parse_kyc_answer(R"({"kyc_id":"k","status":"accepted","review_reason":null})")->status ==
        KycStatus::Accepted);
  CHECK_FALSE(parse_kyc_answer(R"({"kyc_id":"k","status":"approved"})"));
  CHECK_FALSE(parse_kyc_answer(R"({"status":"accepted"})"));
  CHECK_FALSE(parse_kyc_answer("<html>"));
}

TEST_CASE("usage: the path encodes the key, the answer is checked") {
  CHECK(usage_target("iin:900101300017", "2024-05-01T10:00:00Z") ==
        "/v1/customers/iin:900101300017/usage?at=2024-05-01T10:00:00Z");
  CHECK(usage_target("doc:RUS:75 39/1", "T") == "/v1/customers/doc:RUS:75%2039%2F1/usage?at=T");
  CHECK(usage_key_from_path("/v1/customers/doc:RUS:75%2039%2F1/usage") ==
        std::optional<std::string>("doc:RUS:75 39/1"));
  CHECK_FALSE(usage_key_from_path("/v1/customers//usage"));
  CHECK_FALSE(usage_key_from_path("/v1/customers/a/b/usage"));
  CHECK_FALSE(usage_key_from_path("/v1/customers/a%2/usage"));
  CHECK_FALSE(usage_key_from_path("/v1/customers/a/usage/x"));

  CustomerUsage u{
      "iin:900101300017", {flows::Kzt{150000}, flows::Kzt{400000}}, "2024-05-01T10:00:00Z"};
  CHECK(parse_usage_answer(usage_answer_body(u)) == u);
  CHECK_FALSE(parse_usage_answer(R"({"key":"k","day_kzt":-1,"month_kzt":0,"as_of":"x"})"));
  CHECK_FALSE(parse_usage_answer(R"({"key":"k","day_kzt":5,"month_kzt":4,"as_of":"x"})"));
  CHECK_FALSE(parse_usage_answer(R"({"key":"k","day_kzt":"5","month_kzt":9,"as_of":"x"})"));
  CHECK_FALSE(parse_usage_answer(R"({"day_kzt":1,"month_kzt":2,"as_of":"x"})"));
}

TEST_CASE("usage answers carry the person's review state") {
  using flows::compliance::ReviewState;
  for (auto state :
       {ReviewState::None, ReviewState::Pending, ReviewState::Approved, ReviewState::Rejected}) {
    CustomerUsage u{
        test::kPseudonym, {flows::Kzt{0}, flows::Kzt{5}}, "2024-05-01T10:00:00Z", state};
    std::string body = usage_answer_body(u);
    CHECK(nlohmann::json::parse(body)["review"] == flows::compliance::to_string(state));
    CHECK(parse_usage_answer(body) == u);
  }
  CustomerUsage pending{"k", {}, "x", ReviewState::Pending};
  CustomerUsage approved{"k", {}, "x", ReviewState::Approved};
  CHECK_FALSE(pending == approved);
  // Absent: none (an exchange that does not review).
  auto old = parse_usage_answer(R"({"key":"k","day_kzt":1,"month_kzt":2,"as_of":"x"})");
  REQUIRE(old);
  CHECK(old->review == ReviewState::None);
  CHECK(
      parse_usage_answer(R"({"key":"k","day_kzt":1,"month_kzt":2,"as_of":"x","review":"approved"})")
          ->review == ReviewState::Approved);
  for (const char* bad : {R"("maybe")", R"("Approved")", R"("")", "1", "null", "{}"}) {
    auto r = parse_usage_answer(
        std::string(R"({"key":"k","day_kzt":1,"month_kzt":2,"as_of":"x","review":)") + bad + "}");
    REQUIRE_FALSE_MESSAGE(r, bad);
    CHECK_MESSAGE(r.error().what.find("review") != std::string::npos, r.error().what);
  }
}

TEST_CASE("blocked list answers round trip and bad entries are refused") {
  flows::compliance::BlockedListUpdate u{
      7,
      {BlockedEntry{"900101300017", "", ""}, BlockedEntry{"", "IVANOV IVAN", "1985-03-02"}},
      {BlockedEntry{"850302300011", "", ""}}};
  auto back = parse_blocked_list_answer(blocked_list_answer_body(u));
  REQUIRE(back);
  CHECK(back->version == 7);
  CHECK(back->added == u.added);
  CHECK(back->removed == u.removed);
  CHECK(blocked_list_target(7) == "/v1/lists/blocked?since=7");
  CHECK_FALSE(parse_blocked_list_answer(R"({"version":1,"added":[{"iin":"123"}],"removed":[]})"));
  CHECK_FALSE(parse_blocked_list_answer(R"({"version":1,"added":[{"name":"X"}],"removed":[]})"));
  CHECK_FALSE(parse_blocked_list_answer(R"({"version":1,"added":[{}],"removed":[]})"));
  CHECK_FALSE(parse_blocked_list_answer(R"({"version":-1,"added":[],"removed":[]})"));
  CHECK_FALSE(parse_blocked_list_answer(R"({"version":1,"added":[]})"));
  CHECK_FALSE(parse_blocked_list_answer(R"({"version":1,"added":{},"removed":[]})"));
}

TEST_CASE("purchase and cash-out order bodies carry the optional customer key") {
  oq::CashInRequest c;
  c.tx_id = "tx-1";
  c.asset = "BTC";
  c.network = "bitcoin";
  c.address = "bc1q";
  c.fiat = flows::Kzt{2000};
  c.notes = {{1000, 2}};
  c.quote_as_of = "2024-05-01T10:00:00Z";
  c.created_at = "2024-05-01T10:01:00Z";
  CHECK(parse_cash_in_request(cash_in_body(c))->customer_key == std::nullopt);
  c.customer_key = "iin:900101300017";
  CHECK(parse_cash_in_request(cash_in_body(c)) == c);
  CHECK_FALSE(parse_cash_in_request(R"({"customer_key":5})"));

  oq::CashOutOrderRequest o{"tx-2",       "BTC",       "bitcoin", flows::Kzt{20000},
                            std::nullopt, std::nullopt};
  CHECK(parse_cash_out_order_request(cash_out_order_body(o)) == o);
  o.customer_key = "doc:RUS:753912345";
  CHECK(parse_cash_out_order_request(cash_out_order_body(o)) == o);
}
