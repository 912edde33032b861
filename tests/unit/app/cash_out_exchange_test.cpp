// How the cash-out shell reads an exchange answer: the outbox's verdict, plus the refusal's code.
#include "kiosk/shell/cash_out_exchange.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using app::ExchangeRefusal;

namespace {
oq::ExchangeResult http(int status, std::string body) { return oq::HttpResponse{status, body}; }
}  // namespace

TEST_CASE("an exchange answer as the cash-out shell reads it") {
  CHECK(app::classify_exchange_result(http(200, R"({"a":1})")) == std::string(R"({"a":1})"));
  auto bad = app::classify_exchange_result(http(200, "<html>"));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == ExchangeRefusal::Kind::BadAnswer);
  for (int s : {503, 502, 408, 429}) {
    auto r = app::classify_exchange_result(http(s, ""));
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ExchangeRefusal::Kind::Unreachable);
  }
  auto gone = app::classify_exchange_result(
      std::unexpected(oq::ExchangeError{oq::ExchangeError::Kind::Reset, "closed"}));
  REQUIRE_FALSE(gone);
  CHECK(gone.error().kind == ExchangeRefusal::Kind::Unreachable);
  auto claimed = app::classify_exchange_result(
      http(409, R"({"error":{"code":"already_claimed","message":"paid out"}})"));
  REQUIRE_FALSE(claimed);
  CHECK(claimed.error().kind == ExchangeRefusal::Kind::Refused);
  CHECK(claimed.error().code == "already_claimed");
  auto mute = app::classify_exchange_result(http(404, "nope"));
  REQUIRE_FALSE(mute);
  CHECK(mute.error().kind == ExchangeRefusal::Kind::Refused);
  CHECK(mute.error().code == "http_404");
}
