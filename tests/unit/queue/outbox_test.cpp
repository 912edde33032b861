// The outbox: order per tx, due times, outcomes, failed requests surfaced and blocking their tx.
#include <doctest/doctest.h>

#include "offline_queue/store.hpp"

using namespace kiosk::oq;

namespace {

std::unique_ptr<Store> memory_store() { return std::move(*Store::open(":memory:")); }

OutboxRequest req(std::string key, std::string tx, std::string path = "/v1/cash-in") {
  return OutboxRequest{std::move(key), "POST", std::move(path), "{}", std::move(tx)};
}

std::vector<std::string> keys(const std::vector<OutboxItem>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.idempotency_key);
  return out;
}

}  // namespace

TEST_CASE("a later request of a tx waits for the earlier one; other txs go ahead") {
  auto store = memory_store();
  Outbox& ob = store->outbox();
  REQUIRE(ob.enqueue(req("a1", "tx-a"), 100));
  REQUIRE(ob.enqueue(req("b1", "tx-b"), 101));
  REQUIRE(ob.enqueue(req("a2", "tx-a"), 102));
  REQUIRE(ob.enqueue(req("b2", "tx-b"), 103));
  CHECK(keys(*ob.due(1000)) == std::vector<std::string>{"a1", "b1"});

  // a1 backs off: a2 must not overtake it; tx-b is unaffected.
  REQUIRE(ob.mark_retry("a1", 5000, "http 503", 503));
  CHECK(keys(*ob.due(1000)) == std::vector<std::string>{"b1"});
  CHECK(**ob.next_attempt_ms() == 101);

  REQUIRE(ob.mark_delivered("b1", 200, "{}", 1001));
  CHECK(keys(*ob.due(1000)) == std::vector<std::string>{"b2"});
  REQUIRE(ob.mark_delivered("b2", 200, "{}", 1002));
  CHECK(ob.due(1000)->empty());
  CHECK(**ob.next_attempt_ms() == 5000);
  CHECK(keys(*ob.due(5000)) == std::vector<std::string>{"a1"});
  REQUIRE(ob.mark_delivered("a1", 200, "{}", 5001));
  CHECK(keys(*ob.due(5001)) == std::vector<std::string>{"a2"});
  CHECK(*ob.depth() == 1);
}

TEST_CASE("due requests come oldest-due first and respect the limit") {
  auto store = memory_store();
  Outbox& ob = store->outbox();
  for (int i = 0; i < 5; ++i)
    REQUIRE(ob.enqueue(req("k" + std::to_string(i), "tx" + std::to_string(i)), 100 + i));
  REQUIRE(ob.mark_retry("k0", 300, "timeout"));
  CHECK(keys(*ob.due(1000, 3)) == std::vector<std::string>{"k1", "k2", "k3"});
  CHECK(keys(*ob.due(1000)) == std::vector<std::string>{"k1", "k2", "k3", "k4", "k0"});
  CHECK(keys(*ob.due(102)) == std::vector<std::string>{"k1", "k2"});
}

TEST_CASE("idempotency keys are unique in the outbox") {
  auto store = memory_store();
  REQUIRE(store->outbox().enqueue(req("k", "tx"), 1));
  auto dup = store->outbox().enqueue(req("k", "tx-other"), 2);
  REQUIRE_FALSE(dup);
  CHECK(dup.error().kind == StoreError::Kind::DuplicateKey);
  auto bad = store->outbox().enqueue(OutboxRequest{"", "POST", "/v1/x", "{}", "tx"}, 1);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == StoreError::Kind::BadInput);
}

TEST_CASE("outcomes are recorded and only pending requests change") {
  auto store = memory_store();
  Outbox& ob = store->outbox();
  REQUIRE(ob.enqueue(req("k", "tx"), 10));
  REQUIRE(ob.mark_retry("k", 20, "reset: connection reset"));
  REQUIRE(ob.mark_delivered("k", 200, R"({"status":"accepted"})", 30));
  auto item = **ob.find("k");
  CHECK(item.state == OutboxState::Delivered);
  CHECK(item.attempts == 2);
  CHECK(item.last_status == 200);
  CHECK(item.response_body == R"({"status":"accepted"})");
  CHECK(item.finished_at_ms == 30);
  // Delivered is final.
  auto again = ob.mark_retry("k", 40, "late");
  REQUIRE_FALSE(again);
  CHECK(again.error().kind == StoreError::Kind::NotFound);
  CHECK_FALSE(ob.mark_delivered("missing", 200, "{}", 1));
}

TEST_CASE("a failed request is listed, blocks its tx, and an operator can retry it") {
  auto store = memory_store();
  Outbox& ob = store->outbox();
  REQUIRE(ob.enqueue(req("k1", "tx"), 10));
  REQUIRE(ob.enqueue(req("k2", "tx"), 11));
  REQUIRE(ob.mark_failed("k1", 400, "http 400", R"({"error":{"code":"bad_request"}})", 12));
  auto failed = *ob.list_failed();
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].idempotency_key == "k1");
  CHECK(failed[0].last_status == 400);
  CHECK(ob.due(1000)->empty());  // k2 waits behind the failed k1
  CHECK(*ob.depth() == 1);

  REQUIRE(ob.retry_failed("k1", 500));
  CHECK(keys(*ob.due(1000)) == std::vector<std::string>{"k1"});
  CHECK(ob.list_failed()->empty());
  CHECK_FALSE(ob.retry_failed("k2", 500));  // not failed
}

TEST_CASE("depth and the age of the oldest pending request") {
  auto store = memory_store();
  Outbox& ob = store->outbox();
  CHECK(*ob.depth() == 0);
  CHECK(*ob.oldest_pending_age_ms(1000) == std::nullopt);
  REQUIRE(ob.enqueue(req("k1", "t1"), 100));
  REQUIRE(ob.enqueue(req("k2", "t2"), 400));
  CHECK(*ob.depth() == 2);
  CHECK(*ob.oldest_pending_age_ms(1000) == std::optional<std::int64_t>(900));
  REQUIRE(ob.mark_delivered("k1", 200, "{}", 500));
  CHECK(*ob.oldest_pending_age_ms(1000) == std::optional<std::int64_t>(600));
  CHECK(*ob.prune_delivered(501) == 1);
  CHECK(*ob.find("k1") == std::nullopt);
  CHECK(ob.list_for_tx("t2")->size() == 1);
}
