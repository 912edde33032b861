// The client over HTTPS: the server's certificate is verified against the CA file and the host.
#include <doctest/doctest.h>

#include "offline_queue/exchange_client.hpp"
#include "test_support.hpp"
#include "tls_support.hpp"

using namespace kiosk;
using namespace std::chrono_literals;
using Kind = oq::ExchangeError::Kind;

namespace {

const std::string kReply = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"ok\":true}";

oq::ExchangeClient::Result get(boost::asio::io_context& io, const std::string& url,
                               const std::string& ca_file) {
  oq::ExchangeEndpoint ep{url, "kiosk-1", "s3cret", ca_file, 1000ms, 1000ms};
  oq::ExchangeClient client(io, ep);
  REQUIRE_FALSE(client.config_error());
  std::optional<oq::ExchangeClient::Result> out;
  client.request({"GET", "/v1/rates", "", std::nullopt},
                 [&](oq::ExchangeClient::Result r) { out = std::move(r); });
  REQUIRE(test::run_until(io, [&] { return out.has_value(); }));
  return std::move(*out);
}

}  // namespace

TEST_CASE("https: a certificate from the configured CA for the right host is accepted") {
  boost::asio::io_context io;
  auto server_id = test::make_self_signed("localhost", "DNS:localhost,IP:127.0.0.1");
  test::TempDb ca;  // a temp path, used as the CA file
  test::write_file(ca.path(), server_id.cert_pem);
  test::TlsServer server(io, server_id, kReply);
  std::string port = std::to_string(server.port());

  SUBCASE("by IP address") {
    auto r = get(io, "https://127.0.0.1:" + port, ca.path());
    REQUIRE_MESSAGE(r, (r ? "" : r.error().what));
    CHECK(r->status == 200);
    CHECK(r->body == "{\"ok\":true}");
  }
  SUBCASE("by host name") {
    auto r = get(io, "https://localhost:" + port, ca.path());
    REQUIRE_MESSAGE(r, (r ? "" : r.error().what));
    CHECK(r->status == 200);
  }
}

TEST_CASE("https: an untrusted certificate or a wrong host name is refused") {
  boost::asio::io_context io;
  auto trusted = test::make_self_signed("exchange", "DNS:localhost,IP:127.0.0.1");
  auto stranger = test::make_self_signed("stranger", "DNS:localhost,IP:127.0.0.1");
  auto elsewhere = test::make_self_signed("elsewhere", "DNS:exchange.example.kz");
  test::TempDb trusted_ca, elsewhere_ca;
  test::write_file(trusted_ca.path(), trusted.cert_pem);
  test::write_file(elsewhere_ca.path(), elsewhere.cert_pem);

  SUBCASE("signed by a CA the kiosk does not trust") {
    test::TlsServer server(io, stranger, kReply);
    auto r = get(io, "https://127.0.0.1:" + std::to_string(server.port()), trusted_ca.path());
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == Kind::Tls);
  }
  SUBCASE("trusted, but for another host") {
    test::TlsServer server(io, elsewhere, kReply);
    auto r = get(io, "https://127.0.0.1:" + std::to_string(server.port()), elsewhere_ca.path());
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == Kind::Tls);
  }
}

TEST_CASE("https: the connection is kept alive across requests") {
  boost::asio::io_context io;
  auto id = test::make_self_signed("localhost", "IP:127.0.0.1");
  test::TempDb ca;
  test::write_file(ca.path(), id.cert_pem);
  test::TlsServer server(io, id, kReply);
  oq::ExchangeEndpoint ep{"https://127.0.0.1:" + std::to_string(server.port()),
                          "kiosk-1",
                          "s",
                          ca.path(),
                          1000ms,
                          1000ms};
  oq::ExchangeClient client(io, ep);
  int ok = 0;
  for (int i = 0; i < 3; ++i)
    client.request({"POST", "/v1/heartbeat", "{}", "hb-" + std::to_string(i)},
                   [&](oq::ExchangeClient::Result r) { ok += r && r->status == 200; });
  REQUIRE(test::run_until(io, [&] { return ok == 3; }));
  CHECK(server.handshakes() == 1);
}
