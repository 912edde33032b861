// The simulator's cash-out desk through the authenticated API: orders, deposits, redeem codes,
// the one-time claim, dispense reports; and the message codecs both sides share.
#include "sim/exchange/cash_out_desk.hpp"

#include <doctest/doctest.h>

#include "offline_queue/cash_out_messages.hpp"
#include "offline_queue/request_signing.hpp"
#include "sim/exchange/exchange_service.hpp"
#include "sim/exchange/sim_control.hpp"

using namespace kiosk;
using sim::SimRequest;

namespace {

constexpr std::int64_t kNowMs = 1714557600000;

SimRequest signed_req(std::string kiosk, std::string method, std::string target, std::string body,
                      std::string key = "", std::int64_t now_ms = kNowMs) {
  std::int64_t ts = now_ms / 1000;
  SimRequest r{method, target, body, kiosk, std::to_string(ts), "", key};
  r.signature = oq::sign_request(kiosk + "-secret", method, target, ts, body);
  return r;
}

sim::ExchangeService service() {
  return sim::ExchangeService({{"kiosk-1", "kiosk-1-secret"}, {"kiosk-2", "kiosk-2-secret"}},
                              sim::default_sim_rates());
}

std::string code_of(const sim::SimResponse& r) {
  auto e = oq::parse_error_body(r.body);
  return e ? e->code : "";
}

oq::CashOutOrder create(sim::ExchangeService& svc, const std::string& tx, std::int64_t kzt) {
  oq::CashOutOrderRequest req{tx, "BTC", "bitcoin", flows::Kzt{kzt}, std::nullopt, std::nullopt};
  auto r = svc.handle(signed_req("kiosk-1", "POST", "/v1/cash-out/orders",
                                 oq::cash_out_order_body(req), "order-" + tx),
                      kNowMs);
  REQUIRE(r.status == 200);
  auto order = oq::parse_cash_out_order_answer(r.body);
  REQUIRE(order);
  return *order;
}

oq::OrderView view(sim::ExchangeService& svc, const std::string& target,
                   std::int64_t now_ms = kNowMs) {
  auto r = svc.handle(signed_req("kiosk-1", "GET", target, "", "", now_ms), now_ms);
  REQUIRE(r.status == 200);
  auto v = oq::parse_order_view(r.body);
  REQUIRE(v);
  return *v;
}

sim::SimResponse claim(sim::ExchangeService& svc, const std::string& kiosk, const std::string& id,
                       const std::string& key) {
  return svc.handle(signed_req(kiosk, "POST", "/v1/cash-out/orders/" + id + "/claim",
                               oq::claim_body("tx-" + key), key),
                    kNowMs);
}

void deposit(sim::ExchangeService& svc, const std::string& body) {
  sim::SimFaults faults;
  SimRequest r{"POST", "/sim/deposits", body, "", "", "", ""};
  REQUIRE(sim::handle_control(r, faults, svc, kNowMs).status == 200);
}

}  // namespace

TEST_CASE("an order asks for enough crypto at the sell rate and carries a redeem code") {
  auto svc = service();
  auto order = create(svc, "tx-1", 99'000);
  // 99 000 / 49 500 000 KZT per BTC = 0.002 BTC exactly.
  CHECK(order.crypto_atoms == 200'000);
  CHECK(order.payment_uri == "bitcoin:" + order.deposit_address + "?amount=0.002");
  CHECK(order.required_confirmations == 1);
  CHECK(order.expires_at_ms == kNowMs + 15 * 60 * 1000);
  CHECK(order.redeem_code.starts_with("R-"));
  // A rate that does not divide evenly rounds the crypto due UP: the exchange is never short.
  auto odd = create(svc, "tx-2", 1000);
  auto back = flows::fiat_for_crypto(odd.crypto_atoms, *flows::Rate::parse("49500000"), 8);
  REQUIRE(back);
  CHECK(*back >= flows::Kzt{1000});

  auto v = view(svc, "/v1/cash-out/orders/" + order.order_id);
  CHECK(v.status == oq::OrderStatus::Waiting);
  CHECK(v.fiat == flows::Kzt{99'000});
  CHECK(view(svc, "/v1/redeem/" + order.redeem_code) == v);
}

TEST_CASE("a claim needs a deposit confirmed in full, and is granted once across kiosks") {
  auto svc = service();
  auto order = create(svc, "tx-1", 20'000);
  CHECK(code_of(claim(svc, "kiosk-1", order.order_id, "c1")) == "not_confirmed");

  deposit(svc, R"({"action":"seen"})");
  CHECK(view(svc, "/v1/cash-out/orders/" + order.order_id).status == oq::OrderStatus::Seen);
  CHECK(code_of(claim(svc, "kiosk-1", order.order_id, "c2")) == "not_confirmed");

  // Confirmed but under-paid: still refused.
  deposit(svc, R"({"action":"confirm","atoms":"1"})");
  CHECK(code_of(claim(svc, "kiosk-1", order.order_id, "c3")) == "not_confirmed");

  deposit(svc, R"({"action":"confirm"})");
  auto first = claim(svc, "kiosk-2", order.order_id, "c4");
  REQUIRE(first.status == 200);
  CHECK(oq::parse_order_view(first.body)->status == oq::OrderStatus::Dispensing);
  // The same kiosk retrying the same claim gets the same answer; anyone else is refused.
  CHECK(claim(svc, "kiosk-2", order.order_id, "c4") == first);
  CHECK(code_of(claim(svc, "kiosk-1", order.order_id, "c5")) == "already_claimed");
  CHECK(code_of(claim(svc, "kiosk-2", order.order_id, "c6")) == "already_claimed");
}

TEST_CASE("dispense reports: only for a claimed order, amounts must add up") {
  auto svc = service();
  auto order = create(svc, "tx-1", 20'000);
  oq::DispensedReport report{
      "tx-1", {{5000, 3}}, flows::Kzt{15'000}, flows::Kzt{5'000}, oq::DispenseResultKind::Partial};
  auto post = [&](const oq::DispensedReport& r, const std::string& key) {
    return svc.handle(
        signed_req("kiosk-1", "POST", "/v1/cash-out/orders/" + order.order_id + "/dispensed",
                   oq::dispensed_body(r), key),
        kNowMs);
  };
  CHECK(code_of(post(report, "d1")) == "not_claimed");
  deposit(svc, R"({"action":"confirm"})");
  REQUIRE(claim(svc, "kiosk-1", order.order_id, "c1").status == 200);
  auto wrong = report;
  wrong.shortfall = flows::Kzt{1000};
  CHECK(post(wrong, "d2").status == 400);
  CHECK(post(report, "d3").status == 200);
  auto v = view(svc, "/v1/cash-out/orders/" + order.order_id);
  CHECK(v.status == oq::OrderStatus::Dispensed);
  CHECK(svc.cash_out_desk().orders().at(order.order_id).report == report);
}

TEST_CASE("unpaid orders expire; deposits can arrive by themselves after a delay") {
  auto svc = service();
  auto order = create(svc, "tx-1", 20'000);
  auto later = kNowMs + 15 * 60 * 1000;
  CHECK(view(svc, "/v1/cash-out/orders/" + order.order_id, later).status ==
        oq::OrderStatus::Expired);

  svc.cash_out_desk().timing = sim::DepositTiming{1000, 5000};
  auto slow = create(svc, "tx-2", 20'000);
  auto path = "/v1/cash-out/orders/" + slow.order_id;
  CHECK(view(svc, path, kNowMs + 999).status == oq::OrderStatus::Waiting);
  CHECK(view(svc, path, kNowMs + 1000).status == oq::OrderStatus::Seen);
  auto done = view(svc, path, kNowMs + 5000);
  CHECK(done.status == oq::OrderStatus::Confirmed);
  CHECK(oq::deposit_settled(done));
}

TEST_CASE("bad cash-out requests are refused with a reason") {
  auto svc = service();
  auto post = [&](const std::string& target, const std::string& body, const std::string& key) {
    return svc.handle(signed_req("kiosk-1", "POST", target, body, key), kNowMs);
  };
  CHECK(code_of(post("/v1/cash-out/orders", R"({"tx_id":"t"})", "k1")) == "bad_request");
  CHECK(code_of(post("/v1/cash-out/orders",
                     R"({"tx_id":"t","asset":"DOGE","network":"doge","fiat_kzt":1000})", "k2")) ==
        "unknown_asset");
  CHECK(code_of(post("/v1/cash-out/orders",
                     R"({"tx_id":"t","asset":"BTC","network":"bitcoin","fiat_kzt":1000})", "")) ==
        "missing_idempotency_key");
  CHECK(code_of(post("/v1/cash-out/orders",
                     R"({"tx_id":"t","asset":"BTC","network":"bitcoin","fiat_kzt":-5})", "k3")) ==
        "bad_request");
  CHECK(svc.handle(signed_req("kiosk-1", "GET", "/v1/redeem/R-NOPE", ""), kNowMs).status == 404);
  CHECK(code_of(post("/v1/cash-out/orders/ord-9/explode", "{}", "k4")) == "not_found");
  // The same tx under a new key is a duplicate, not a second order.
  REQUIRE(post("/v1/cash-out/orders",
               R"({"tx_id":"t","asset":"BTC","network":"bitcoin","fiat_kzt":1000})", "k5")
              .status == 200);
  CHECK(code_of(post("/v1/cash-out/orders",
                     R"({"tx_id":"t","asset":"BTC","network":"bitcoin","fiat_kzt":1000})", "k6")) ==
        "duplicate_tx");
}

TEST_CASE("an order made for a person names them in its views (redeem pays that person only)") {
  auto svc = service();
  oq::CashOutOrderRequest req{"tx-p",       "BTC",
                              "bitcoin",    flows::Kzt{20'000},
                              std::nullopt, "p-0123456789abcdef0123456789abcdef"};
  auto r = svc.handle(signed_req("kiosk-1", "POST", "/v1/cash-out/orders",
                                 oq::cash_out_order_body(req), "order-tx-p"),
                      kNowMs);
  REQUIRE(r.status == 200);
  auto order = oq::parse_cash_out_order_answer(r.body);
  REQUIRE(order);
  CHECK(view(svc, "/v1/redeem/" + order->redeem_code).customer_key == *req.customer_key);
  CHECK(view(svc, "/v1/cash-out/orders/" + order->order_id).customer_key == *req.customer_key);
  auto anonymous = create(svc, "tx-a", 20'000);
  CHECK(view(svc, "/v1/redeem/" + anonymous.redeem_code).customer_key.empty());
}

TEST_CASE("cash-out messages round-trip and refuse inconsistent bodies") {
  oq::OrderView v{
      "ord-1", oq::OrderStatus::Seen, "USDT", "tron", flows::Kzt{50'000}, 98'000'000, 5'000'000, 0,
      19,      "R-ABCDE-FGHJK",       ""};
  CHECK(oq::parse_order_view(oq::order_view_body(v)) == v);
  CHECK(oq::order_view_body(v).find("customer_key") == std::string::npos);  // optional, absent
  v.customer_key = "p-0123456789abcdef0123456789abcdef";
  CHECK(oq::parse_order_view(oq::order_view_body(v)) == v);
  v.customer_key.clear();
  CHECK_FALSE(oq::deposit_settled(v));
  v.status = oq::OrderStatus::Confirmed;
  v.received_atoms = v.crypto_atoms;
  v.confirmations = 19;
  CHECK(oq::deposit_settled(v));
  v.confirmations = 18;
  CHECK_FALSE(oq::deposit_settled(v));

  oq::DispensedReport r{"tx",
                        {{10'000, 2}, {2000, 1}},
                        flows::Kzt{22'000},
                        flows::Kzt{0},
                        oq::DispenseResultKind::Complete};
  CHECK(oq::parse_dispensed_report(oq::dispensed_body(r)) == r);
  r.shortfall = flows::Kzt{1000};
  CHECK_FALSE(oq::parse_dispensed_report(oq::dispensed_body(r)));  // complete with a shortfall
  r.result = oq::DispenseResultKind::Partial;
  CHECK(oq::parse_dispensed_report(oq::dispensed_body(r)));
  r.fiat = flows::Kzt{21'000};
  CHECK_FALSE(oq::parse_dispensed_report(oq::dispensed_body(r)));  // notes do not add up
  CHECK_FALSE(oq::parse_order_view(R"({"order_id":"o","status":"lost"})"));
  CHECK_FALSE(oq::parse_cash_out_order_answer("not json"));
}
