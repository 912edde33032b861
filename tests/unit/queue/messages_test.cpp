// Wire messages: rates, cash-in, journal batches, error bodies; endpoint urls; log lines.
#include <doctest/doctest.h>

#include "offline_queue/endpoint_url.hpp"
#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/log_line.hpp"
#include "offline_queue/rates_message.hpp"

using namespace kiosk::oq;
using kiosk::flows::Kzt;
using kiosk::flows::Rate;

namespace {
constexpr const char* kRates = R"({"as_of":"2024-05-01T10:00:00Z","rates":[
  {"asset":"BTC","network":"bitcoin","decimals":8,"buy_kzt_per_unit":"48231000.25","sell_kzt_per_unit":"47000000"},
  {"asset":"USDT","network":"tron","decimals":6,"buy_kzt_per_unit":"520.5","sell_kzt_per_unit":"505.25","extra":1}]})";
}

TEST_CASE("parse_rates reads a typed snapshot") {
  auto snap = parse_rates(kRates);
  REQUIRE_MESSAGE(snap, (snap ? "" : snap.error().what));
  CHECK(snap->as_of == "2024-05-01T10:00:00Z");
  REQUIRE(snap->rates.size() == 2);
  const AssetRate* btc = snap->find("BTC", "bitcoin");
  REQUIRE(btc != nullptr);
  CHECK(btc->decimals == 8);
  CHECK(btc->buy == *Rate::parse("48231000.25"));
  CHECK(btc->sell.to_string() == "47000000");
  CHECK(snap->find("USDT", "tron")->buy.to_string() == "520.5");
  CHECK(snap->find("USDT", "ethereum") == nullptr);
  // Round trip through the simulator's writer.
  CHECK(*parse_rates(rates_to_json(*snap)) == *snap);
}

TEST_CASE("parse_rates refuses malformed answers with a reason") {
  const char* bad[] = {
      "",
      "[]",
      R"({"rates":[]})",
      R"({"as_of":"x"})",
      R"({"as_of":"x","rates":{}})",
      R"({"as_of":"x","rates":[1]})",
      R"({"as_of":"x","rates":[{"asset":"BTC","network":"bitcoin","decimals":8,"buy_kzt_per_unit":48231000,"sell_kzt_per_unit":"1"}]})",
      R"({"as_of":"x","rates":[{"asset":"BTC","network":"bitcoin","decimals":8,"buy_kzt_per_unit":"4.8e7","sell_kzt_per_unit":"1"}]})",
      R"({"as_of":"x","rates":[{"asset":"BTC","network":"bitcoin","decimals":8,"buy_kzt_per_unit":"0","sell_kzt_per_unit":"1"}]})",
      R"({"as_of":"x","rates":[{"asset":"BTC","network":"bitcoin","decimals":31,"buy_kzt_per_unit":"1","sell_kzt_per_unit":"1"}]})",
      R"({"as_of":"x","rates":[{"asset":"BTC","network":"bitcoin","decimals":8.5,"buy_kzt_per_unit":"1","sell_kzt_per_unit":"1"}]})",
      R"({"as_of":"x","rates":[{"asset":"","network":"bitcoin","decimals":8,"buy_kzt_per_unit":"1","sell_kzt_per_unit":"1"}]})",
      R"({"as_of":"x","rates":[{"asset":"BTC","network":"bitcoin","decimals":8,"buy_kzt_per_unit":"1","sell_kzt_per_unit":"1"},
                             {"asset":"BTC","network":"bitcoin","decimals":8,"buy_kzt_per_unit":"2","sell_kzt_per_unit":"2"}]})",
  };
  for (const char* text : bad) {
    auto r = parse_rates(text);
    CHECK_MESSAGE(!r, text);
    if (!r) CHECK_FALSE(r.error().what.empty());
  }
}

TEST_CASE("a cash-in request round-trips and is validated") {
  CashInRequest req;
  req.tx_id = "tx-1";
  req.asset = "BTC";
  req.network = "bitcoin";
  req.address = "bc1qexample";
  req.fiat = Kzt{25000};
  req.notes = {{10000, 2}, {5000, 1}};
  req.quote_kzt_per_unit = *Rate::parse("51000000");
  req.quote_as_of = "2024-05-01T10:00:00Z";
  req.offline = true;
  req.created_at = "2024-05-01T10:01:00Z";
  auto back = parse_cash_in_request(cash_in_body(req));
  REQUIRE_MESSAGE(back, (back ? "" : back.error().what));
  CHECK(*back == req);
  req.kyc_ref = "kyc-7";
  CHECK(parse_cash_in_request(cash_in_body(req))->kyc_ref == std::optional<std::string>("kyc-7"));

  CashInRequest wrong_sum = req;
  wrong_sum.fiat = Kzt{26000};
  CHECK_FALSE(parse_cash_in_request(cash_in_body(wrong_sum)));
  CashInRequest no_notes = req;
  no_notes.notes.clear();
  CHECK_FALSE(parse_cash_in_request(cash_in_body(no_notes)));
  CHECK_FALSE(parse_cash_in_request(R"({"tx_id":"t"})"));
}

TEST_CASE("a cash-in answer parses its atoms exactly") {
  auto a = parse_cash_in_answer(
      R"({"status":"accepted","crypto_atoms":"1000000000000000000000","chain_txid":""})");
  REQUIRE(a);
  CHECK(a->crypto_atoms == *kiosk::flows::parse_atoms("1000000000000000000000"));
  CHECK(*parse_cash_in_answer(cash_in_answer_body(*a)) == *a);
  CHECK_FALSE(parse_cash_in_answer(R"({"status":"accepted","crypto_atoms":12})"));
  CHECK_FALSE(parse_cash_in_answer(R"({"status":"maybe","crypto_atoms":"12"})"));
  CHECK_FALSE(parse_cash_in_answer(R"({"status":"sent","crypto_atoms":"-1"})"));
}

TEST_CASE("journal batches carry rows byte for byte") {
  std::vector<JournalRow> rows{
      {1, "tx", "cash_in.note_credited", R"({"kzt":5000})", 10, std::string(kGenesisHash), "h1"},
      {2, "", "kiosk.boot", R"({"v":"é"})", 11, "h1", "h2"}};
  auto back = parse_journal_batch(journal_batch_body(rows));
  REQUIRE(back);
  CHECK(*back == rows);
  CHECK(*parse_journal_ack(R"({"acked_through":42})") == 42);
  CHECK_FALSE(parse_journal_ack(R"({"acked_through":"42"})"));
}

TEST_CASE("error bodies") {
  auto e = parse_error_body(error_body("limit_exceeded", "over the daily limit"));
  REQUIRE(e);
  CHECK(e->code == "limit_exceeded");
  CHECK(e->message == "over the daily limit");
  CHECK_FALSE(parse_error_body(R"({"error":"x"})"));
}

TEST_CASE("endpoint urls") {
  auto u = parse_endpoint_url("https://exchange.example.kz/api/");
  REQUIRE(u);
  CHECK(u->tls);
  CHECK(u->host == "exchange.example.kz");
  CHECK(u->port == 443);
  CHECK(u->prefix == "/api");
  auto l = parse_endpoint_url("http://127.0.0.1:8080");
  REQUIRE(l);
  CHECK_FALSE(l->tls);
  CHECK(l->port == 8080);
  CHECK(l->prefix.empty());
  auto v6 = parse_endpoint_url("https://[::1]:8443/x");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 8443);
  for (const char* bad : {"ftp://x", "http://", "http://h:0", "http://h:70000", "http://h:x",
                          "http://u@h", "http://h/?q", "http://[::1", "http://h:"})
    CHECK_MESSAGE(!parse_endpoint_url(bad), bad);
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.1.2.3"));
  CHECK(is_loopback_host("localhost"));
  CHECK(is_loopback_host("::1"));
  CHECK_FALSE(is_loopback_host("127.0.0.1.evil.com"));
  CHECK_FALSE(is_loopback_host("10.0.0.1"));
  CHECK_FALSE(is_loopback_host("exchange.example.kz"));
}

TEST_CASE("log lines are key=value with quoted values where needed") {
  CHECK(format_log_line("warn", "outbox_pump", "retry", {{"key", "k-1"}, {"error", "http 503"}}) ==
        "level=warn component=outbox_pump event=retry key=k-1 error=\"http 503\"");
  CHECK(format_log_line("info", "c", "e", {{"v", "a\"b\nc"}}) ==
        "level=info component=c event=e v=\"a\\\"b c\"");
}
