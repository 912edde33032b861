// The exchange client against the simulator (and against broken servers) over loopback.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "offline_queue/exchange_client.hpp"
#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/rates_message.hpp"
#include "sim/exchange/exchange_sim.hpp"
#include "test_support.hpp"

using namespace kiosk;
using oq::ExchangeClient;
using oq::ExchangeError;

namespace {

sim::ExchangeSimConfig sim_config() {
  sim::ExchangeSimConfig c;
  c.kiosks = {{"kiosk-1", "s3cret"}};
  return c;
}

oq::ExchangeEndpoint endpoint(const std::string& url, std::string secret = "s3cret") {
  oq::ExchangeEndpoint e;
  e.url = url;
  e.kiosk_id = "kiosk-1";
  e.secret = std::move(secret);
  e.connect_timeout = std::chrono::milliseconds(500);
  e.request_timeout = std::chrono::milliseconds(500);
  return e;
}

// Sends one request and runs the io_context until its answer arrives.
ExchangeClient::Result send(boost::asio::io_context& io, ExchangeClient& client,
                            oq::HttpRequest req) {
  std::optional<ExchangeClient::Result> out;
  client.request(std::move(req), [&](ExchangeClient::Result r) { out = std::move(r); });
  REQUIRE(test::run_until(io, [&] { return out.has_value(); }));
  return std::move(*out);
}

std::string cash_in_body(const std::string& tx) {
  oq::CashInRequest c;
  c.tx_id = tx;
  c.asset = "USDT";
  c.network = "tron";
  c.address = "TXYZexample";
  c.fiat = flows::Kzt{20000};
  c.notes = {{10000, 2}};
  c.quote_kzt_per_unit = *flows::Rate::parse("520.5");
  c.quote_as_of = "2024-05-01T10:00:00Z";
  c.created_at = "2024-05-01T10:01:00Z";
  return oq::cash_in_body(c);
}

}  // namespace

TEST_CASE("the client fetches rates and buys crypto from the simulator over one connection") {
  boost::asio::io_context io;
  sim::ExchangeSim sim(io, sim_config());
  ExchangeClient client(io, endpoint(sim.url()));
  REQUIRE_FALSE(client.config_error());

  auto rates = send(io, client, {"GET", "/v1/rates", "", std::nullopt});
  REQUIRE(rates);
  CHECK(rates->status == 200);
  auto snap = oq::parse_rates(rates->body);
  REQUIRE(snap);
  CHECK(snap->find("ETH", "ethereum")->decimals == 18);

  auto buy = send(io, client, {"POST", "/v1/cash-in", cash_in_body("tx-1"), "key-1"});
  REQUIRE(buy);
  CHECK(buy->status == 200);
  auto answer = oq::parse_cash_in_answer(buy->body);
  REQUIRE(answer);
  // floor(20000 * 10^6 / 520.5) = 38424591
  CHECK(answer->crypto_atoms == 38424591);

  auto replay = send(io, client, {"POST", "/v1/cash-in", cash_in_body("tx-1"), "key-1"});
  REQUIRE(replay);
  CHECK(replay->body == buy->body);
  CHECK(sim.connections_accepted() == 1);  // keep-alive reuse

  const auto& recorded = sim.requests();
  REQUIRE(recorded.size() == 3);
  CHECK(recorded[1].idempotency_key == "key-1");
  CHECK_FALSE(recorded[1].replay);
  CHECK(recorded[2].replay);

  // The same record and the rates switch, over the simulator's HTTP control endpoints.
  auto listed = send(io, client, {"GET", "/sim/requests", "", std::nullopt});
  REQUIRE(listed);
  auto json = nlohmann::json::parse(listed->body);
  REQUIRE(json["requests"].size() == 3);
  CHECK(json["requests"][1]["idempotency_key"] == "key-1");
  CHECK(json["requests"][2]["replay"] == true);
  auto changed = *snap;
  changed.rates[0].buy = *flows::Rate::parse("60000000.5");
  auto set = send(io, client, {"POST", "/sim/rates", oq::rates_to_json(changed), std::nullopt});
  REQUIRE(set);
  CHECK(set->status == 200);
  auto fresh = send(io, client, {"GET", "/v1/rates", "", std::nullopt});
  REQUIRE(fresh);
  CHECK(oq::parse_rates(fresh->body)->rates[0].buy.to_string() == "60000000.5");
}

TEST_CASE("a wrong secret is refused by the simulator with 401") {
  boost::asio::io_context io;
  sim::ExchangeSim sim(io, sim_config());
  ExchangeClient client(io, endpoint(sim.url(), "not-the-secret"));
  auto r = send(io, client, {"GET", "/v1/rates", "", std::nullopt});
  REQUIRE(r);
  CHECK(r->status == 401);
}

TEST_CASE("the signature timestamp comes from the injected wall clock") {
  boost::asio::io_context io;
  sim::ExchangeSim sim(io, sim_config());
  auto skewed = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count() -
                3600'000;
  ExchangeClient client(io, endpoint(sim.url()), [skewed] { return skewed; });
  auto r = send(io, client, {"GET", "/v1/rates", "", std::nullopt});
  REQUIRE(r);
  CHECK(r->status == 401);  // an hour off: outside the 300 s window
}

TEST_CASE("plain http is refused to non-loopback hosts, and bad urls are config errors") {
  boost::asio::io_context io;
  for (const char* url : {"http://exchange.example.kz", "http://10.0.0.1:80", "ftp://x"}) {
    ExchangeClient client(io, endpoint(url));
    REQUIRE(client.config_error());
    auto r = send(io, client, {"GET", "/v1/rates", "", std::nullopt});
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ExchangeError::Kind::Config);
  }
  ExchangeClient tls(io, endpoint("https://exchange.example.kz"));
  CHECK_FALSE(tls.config_error());
  ExchangeClient bad_ca(io, [] {
    auto e = endpoint("https://exchange.example.kz");
    e.ca_file = "/nonexistent/ca.pem";
    return e;
  }());
  CHECK(bad_ca.config_error());
}

TEST_CASE("transport failures come back as typed errors, never as a crash") {
  boost::asio::io_context io;
  using Kind = ExchangeError::Kind;

  SUBCASE("connection refused") {
    std::uint16_t port;
    {
      test::RawServer closed(io, [](int) { return std::string("x"); });
      port = closed.port();
    }
    ExchangeClient client(io, endpoint("http://127.0.0.1:" + std::to_string(port)));
    auto r = send(io, client, {"GET", "/v1/rates", "", std::nullopt});
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == Kind::Connect);
  }
  SUBCASE("a server that never answers: timeout") {
    test::RawServer silent(io, [](int) { return std::string(); });
    ExchangeClient client(io, endpoint(silent.url()));
    auto r = send(io, client, {"GET", "/v1/rates", "", std::nullopt});
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == Kind::Timeout);
  }
  SUBCASE("garbage instead of HTTP") {
    test::RawServer junk(io, [](int) { return std::string("\x16\x03\x01 hello?\r\n\r\n"); });
    ExchangeClient client(io, endpoint(junk.url()));
    auto r = send(io, client, {"GET", "/v1/rates", "", std::nullopt});
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == Kind::Protocol);
  }
  SUBCASE("a truncated body") {
    test::RawServer cut(io, [](int) {
      return std::string("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"as_of\":");
    });
    ExchangeClient client(io, endpoint(cut.url()));
    auto r = send(io, client, {"GET", "/v1/rates", "", std::nullopt});
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == Kind::Reset);
  }
  SUBCASE("an oversized body") {
    test::RawServer big(io, [](int) {
      return "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'a');
    });
    auto ep = endpoint(big.url());
    ep.max_response_bytes = 1024;
    ExchangeClient client(io, ep);
    auto r = send(io, client, {"GET", "/v1/rates", "", std::nullopt});
    if (r) MESSAGE("status " << r->status << " body " << r->body.size());
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == Kind::TooLarge);
  }
}

TEST_CASE("a keep-alive connection closed by the server is reopened for a safe resend") {
  boost::asio::io_context io;
  // First connection: answers with keep-alive, then the server closes it anyway.
  test::RawServer server(
      io, [](int) { return std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"); });
  ExchangeClient client(io, endpoint(server.url()));
  auto first = send(io, client, {"GET", "/v1/rates", "", std::nullopt});
  REQUIRE(first);
  test::run_for(io, std::chrono::milliseconds(20));
  auto second = send(io, client, {"POST", "/v1/cash-in", "{}", "key-1"});
  REQUIRE(second);
  CHECK(second->status == 200);
  CHECK(server.connections() == 2);
}

TEST_CASE("requests queue in order; close() drops callbacks") {
  boost::asio::io_context io;
  sim::ExchangeSim sim(io, sim_config());
  std::vector<int> order;
  {
    ExchangeClient client(io, endpoint(sim.url()));
    for (int i = 0; i < 3; ++i)
      client.request({"GET", "/v1/rates", "", std::nullopt}, [&order, i](ExchangeClient::Result r) {
        CHECK(r);
        order.push_back(i);
      });
    REQUIRE(test::run_until(io, [&] { return order.size() == 3; }));
    CHECK(order == std::vector<int>{0, 1, 2});
    client.request({"GET", "/v1/rates", "", std::nullopt},
                   [&order](ExchangeClient::Result) { order.push_back(99); });
    client.close();
  }
  test::run_for(io, std::chrono::milliseconds(50));
  CHECK(order.size() == 3);
}
