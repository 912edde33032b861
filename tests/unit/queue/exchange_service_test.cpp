// The simulator's API core, without sockets: auth, idempotency, cash-in, journal chain checks.
#include "sim/exchange/exchange_service.hpp"

#include <doctest/doctest.h>

#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/request_signing.hpp"
#include "offline_queue/store.hpp"
#include "sim/exchange/sim_control.hpp"

using namespace kiosk;
using sim::SimRequest;

namespace {

constexpr std::int64_t kNowMs = 1714557600000;

SimRequest signed_req(std::string method, std::string target, std::string body,
                      std::string key = "", std::string secret = "s3cret",
                      std::int64_t ts = kNowMs / 1000) {
  SimRequest r{method, target, body, "kiosk-1", std::to_string(ts), "", key};
  r.signature = oq::sign_request(secret, method, target, ts, body);
  return r;
}

std::string cash_in(const std::string& tx, std::int64_t kzt, std::string rate = "51000000") {
  oq::CashInRequest c;
  c.tx_id = tx;
  c.asset = "BTC";
  c.network = "bitcoin";
  c.address = "bc1qexample";
  c.fiat = flows::Kzt{kzt};
  c.notes = {{kzt, 1}};
  c.quote_kzt_per_unit = *flows::Rate::parse(rate);
  c.quote_as_of = "2024-05-01T10:00:00Z";
  c.created_at = "2024-05-01T10:01:00Z";
  return oq::cash_in_body(c);
}

sim::ExchangeService service() {
  return sim::ExchangeService({{"kiosk-1", "s3cret"}}, sim::default_sim_rates());
}

SimRequest control(std::string method, std::string target, std::string body) {
  SimRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.body = std::move(body);
  return r;
}

std::string error_code_of(const sim::SimResponse& r) {
  auto e = oq::parse_error_body(r.body);
  return e ? e->code : "";
}

}  // namespace

TEST_CASE("requests must be signed by a known kiosk within the time window") {
  auto svc = service();
  CHECK(svc.handle(signed_req("GET", "/v1/rates", ""), kNowMs).status == 200);
  CHECK(svc.handle(signed_req("GET", "/v1/rates", "", "", "wrong"), kNowMs).status == 401);
  CHECK(svc.handle(signed_req("GET", "/v1/rates", "", "", "s3cret", kNowMs / 1000 - 301), kNowMs)
            .status == 401);
  auto other = signed_req("GET", "/v1/rates", "");
  other.kiosk_id = "kiosk-2";
  CHECK(svc.handle(other, kNowMs).status == 401);
  auto tampered = signed_req("POST", "/v1/cash-in", cash_in("tx-1", 5000), "k1");
  tampered.body = cash_in("tx-1", 50000);
  auto r = svc.handle(tampered, kNowMs);
  CHECK(r.status == 401);
  CHECK(error_code_of(r) == "unauthorized");
}

TEST_CASE("rates answer the typed snapshot") {
  auto svc = service();
  auto r = svc.handle(signed_req("GET", "/v1/rates", ""), kNowMs);
  auto snap = oq::parse_rates(r.body);
  REQUIRE(snap);
  for (auto [asset, network, decimals] :
       {std::tuple{"BTC", "bitcoin", 8}, std::tuple{"LTC", "litecoin", 8},
        std::tuple{"ETH", "ethereum", 18}, std::tuple{"USDT", "tron", 6},
        std::tuple{"USDT", "ethereum", 6}}) {
    const oq::AssetRate* a = snap->find(asset, network);
    REQUIRE(a != nullptr);
    CHECK(a->decimals == decimals);
  }
}

TEST_CASE("cash-in computes crypto_atoms with crypto_for_fiat (rounded down)") {
  auto svc = service();
  auto r = svc.handle(signed_req("POST", "/v1/cash-in", cash_in("tx-1", 25000), "k1"), kNowMs);
  REQUIRE(r.status == 200);
  auto a = oq::parse_cash_in_answer(r.body);
  REQUIRE(a);
  CHECK(a->status == "accepted");
  // floor(25000 * 10^8 / 51000000) = 49019
  CHECK(a->crypto_atoms == 49019);
  CHECK(a->crypto_atoms ==
        *flows::crypto_for_fiat(flows::Kzt{25000}, *flows::Rate::parse("51000000"), 8));
  CHECK(a->chain_txid.size() == 64);
}

TEST_CASE("idempotency: same key and body replays, a different body is 409") {
  auto svc = service();
  auto first = svc.handle(signed_req("POST", "/v1/cash-in", cash_in("tx-1", 5000), "k1"), kNowMs);
  auto again = svc.handle(signed_req("POST", "/v1/cash-in", cash_in("tx-1", 5000), "k1"), kNowMs);
  CHECK(first == again);
  auto changed = svc.handle(signed_req("POST", "/v1/cash-in", cash_in("tx-1", 6000), "k1"), kNowMs);
  CHECK(changed.status == 409);
  CHECK(error_code_of(changed) == "idempotency_conflict");
  // The same tx under a new key is not bought twice.
  auto new_key = svc.handle(signed_req("POST", "/v1/cash-in", cash_in("tx-1", 5000), "k2"), kNowMs);
  CHECK(new_key.status == 409);
  CHECK(error_code_of(new_key) == "duplicate_tx");

  int applied = 0, replays = 0;
  for (const auto& rec : svc.requests()) {
    if (rec.idempotency_key == "k1" && rec.status == 200) (rec.replay ? replays : applied)++;
  }
  CHECK(applied == 1);
  CHECK(replays == 1);
}

TEST_CASE("cash-in validation answers 4xx with an error code") {
  auto svc = service();
  auto missing_key = svc.handle(signed_req("POST", "/v1/cash-in", cash_in("tx-1", 5000)), kNowMs);
  CHECK(missing_key.status == 400);
  CHECK(error_code_of(missing_key) == "missing_idempotency_key");
  auto bad = svc.handle(signed_req("POST", "/v1/cash-in", R"({"tx_id":"t"})", "k9"), kNowMs);
  CHECK(bad.status == 400);
  svc.set_max_cash_in_kzt(10000);
  auto over = svc.handle(signed_req("POST", "/v1/cash-in", cash_in("tx-2", 20000), "k10"), kNowMs);
  CHECK(over.status == 403);
  CHECK(error_code_of(over) == "limit_exceeded");
  CHECK(svc.handle(signed_req("GET", "/v1/nothing", ""), kNowMs).status == 404);
  CHECK(svc.handle(signed_req("GET", "/v1/cash-in", ""), kNowMs).status == 405);
}

TEST_CASE("the journal endpoint checks the chain and acks through the last good row") {
  auto store = std::move(*oq::Store::open(":memory:"));
  for (int i = 1; i <= 4; ++i)
    REQUIRE(store->append(oq::JournalEntry{"tx", "cash_in.note_credited",
                                           "{\"kzt\":" + std::to_string(i * 1000) + "}", i}));
  auto rows = *store->rows_range(1, 4);
  auto svc = service();
  auto post = [&](const std::vector<oq::JournalRow>& batch, const std::string& key) {
    return svc.handle(signed_req("POST", "/v1/journal", oq::journal_batch_body(batch), key),
                      kNowMs);
  };
  auto r = post({rows[0], rows[1]}, "j1");
  REQUIRE(r.status == 200);
  CHECK(*oq::parse_journal_ack(r.body) == 2);
  // An overlapping resend is fine; a gap or a forged row is refused.
  CHECK(*oq::parse_journal_ack(post({rows[1], rows[2]}, "j2").body) == 3);
  CHECK(*oq::parse_journal_ack(post({rows[3]}, "j3").body) == 4);
  auto forged = rows[2];
  forged.payload = "{\"kzt\":999999}";
  CHECK(post({forged}, "j4").status == 409);
  CHECK(svc.journal_acked_through("kiosk-1") == 4);

  auto other = service();
  auto skipped = other.handle(
      signed_req("POST", "/v1/journal", oq::journal_batch_body({rows[1]}), "x"), kNowMs);
  CHECK(skipped.status == 409);
  CHECK(error_code_of(skipped) == "gap");
  CHECK(*oq::parse_journal_ack(skipped.body) == 0);  // where the kiosk should resume

  // A batch refused halfway changes nothing: rows 1-2 good, row 4 leaves a gap.
  auto partial = other.handle(
      signed_req("POST", "/v1/journal", oq::journal_batch_body({rows[0], rows[1], rows[3]}), "y"),
      kNowMs);
  CHECK(error_code_of(partial) == "gap");
  CHECK(other.journal_acked_through("kiosk-1") == 0);

  // The mirror holds the rows byte for byte; /sim/journal shows them to tests.
  CHECK(svc.journals().rows_of("kiosk-1") == rows);
  sim::SimFaults faults;
  auto shown = sim::handle_control(control("GET", "/sim/journal?kiosk=kiosk-1", ""), faults, svc, kNowMs);
  REQUIRE(shown.status == 200);
  CHECK(*oq::parse_journal_batch(shown.body) == rows);
  CHECK(*oq::parse_journal_ack(shown.body) == 4);
  CHECK(sim::handle_control(control("GET", "/sim/journal", ""), faults, svc, kNowMs).status == 400);
  auto none = sim::handle_control(control("GET", "/sim/journal?kiosk=nobody", ""), faults, svc, kNowMs);
  CHECK(oq::parse_journal_batch(none.body)->empty());
}

TEST_CASE("heartbeats are kept; control endpoints switch faults and rates") {
  auto svc = service();
  CHECK(
      svc.handle(signed_req("POST", "/v1/heartbeat", R"({"mode":"in_service"})"), kNowMs).status ==
      200);
  CHECK(svc.last_heartbeat("kiosk-1") == std::optional<std::string>(R"({"mode":"in_service"})"));

  sim::SimFaults faults;
  auto r = sim::handle_control(
      control("POST", "/sim/faults", R"({"error_rate":0.3,"partitioned":true})"), faults, svc,
      kNowMs);
  CHECK(r.status == 200);
  CHECK(faults.error_rate == doctest::Approx(0.3));
  CHECK(faults.partitioned);
  CHECK(faults.drop_rate == 0.0);
  CHECK(
      sim::handle_control(control("POST", "/sim/faults", R"({"drop_rate":2})"), faults, svc, kNowMs)
          .status == 400);
  CHECK(faults.drop_rate == 0.0);

  auto rates = sim::default_sim_rates();
  rates.rates[0].buy = *flows::Rate::parse("60000000");
  CHECK(sim::handle_control(control("POST", "/sim/rates", oq::rates_to_json(rates)), faults, svc,
                            kNowMs)
            .status == 200);
  CHECK(svc.rates().find("BTC", "bitcoin")->buy.to_string() == "60000000");
  auto listed = sim::handle_control(control("GET", "/sim/requests", ""), faults, svc, kNowMs);
  CHECK(listed.status == 200);
  CHECK(listed.body.find("/v1/heartbeat") != std::string::npos);
}
