// Request signing and its primitives, against published vectors.
#include <doctest/doctest.h>

#include "offline_queue/digest.hpp"
#include "offline_queue/request_signing.hpp"

using namespace kiosk::oq;

TEST_CASE("SHA-256 and HMAC-SHA256 match the published vectors") {
  // FIPS 180-2 and RFC 4231 test case 2.
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("the signed text is method, target, timestamp and the body's hash, one per line") {
  CHECK(signing_payload("GET", "/v1/rates", 1714557600, "") ==
        "GET\n/v1/rates\n1714557600\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::string sig = sign_request("secret", "POST", "/v1/cash-in", 1714557600, "{}");
  CHECK(sig == hmac_sha256_hex("secret", signing_payload("POST", "/v1/cash-in", 1714557600, "{}")));
  CHECK(sig.size() == 64);
}

TEST_CASE("verification accepts a good signature within the window and nothing else") {
  const std::int64_t now = 1714557600;
  std::string body = R"({"tx_id":"t"})";
  std::string sig = sign_request("k", "POST", "/v1/cash-in", now, body);
  auto check = [&](std::string_view secret, std::string_view target, std::string_view ts,
                   std::string_view b, std::string_view s, std::int64_t at) {
    return verify_request(secret, "POST", target, ts, b, s, at);
  };
  CHECK(check("k", "/v1/cash-in", "1714557600", body, sig, now) == SignatureCheck::Ok);
  CHECK(check("k", "/v1/cash-in", "1714557600", body, sig, now + 300) == SignatureCheck::Ok);
  CHECK(check("k", "/v1/cash-in", "1714557600", body, sig, now - 300) == SignatureCheck::Ok);
  CHECK(check("k", "/v1/cash-in", "1714557600", body, sig, now + 301) == SignatureCheck::Stale);
  CHECK(check("k", "/v1/cash-in", "1714557600", body, sig, now - 301) == SignatureCheck::Stale);
  CHECK(check("x", "/v1/cash-in", "1714557600", body, sig, now) == SignatureCheck::BadSignature);
  CHECK(check("k", "/v1/cash-out", "1714557600", body, sig, now) == SignatureCheck::BadSignature);
  CHECK(check("k", "/v1/cash-in", "1714557600", "{}", sig, now) == SignatureCheck::BadSignature);
  CHECK(check("k", "/v1/cash-in", "1714557601", body, sig, now) == SignatureCheck::BadSignature);
  CHECK(check("k", "/v1/cash-in", "1714557600", body, sig.substr(1), now) ==
        SignatureCheck::BadSignature);
  for (std::string_view bad_ts : {"", "abc", "-5", "17145576x0", "99999999999999999999"})
    CHECK(check("k", "/v1/cash-in", bad_ts, body, sig, now) == SignatureCheck::BadTimestamp);
}
