// The KYC vault (offline_queue/kyc_vault.hpp): personal data sealed at rest, delivered like the
// outbox (durable, idempotent, retried) against the simulator's core in virtual time, deleted on
// acknowledgement or after the retention period.
#include "offline_queue/kyc_vault.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "../queue/test_support.hpp"
#include "kyc_support.hpp"
#include "offline_queue/base64.hpp"
#include "offline_queue/digest.hpp"
#include "offline_queue/store_schema.hpp"
#include "sim/exchange/exchange_service.hpp"
#include "sim/exchange/sim_control.hpp"

using namespace kiosk;
using namespace std::chrono_literals;
using test::kKycStartMs;

namespace {

oq::SealKey key(char fill = '\x07') { return *oq::SealKey::from_bytes(std::string(32, fill)); }

oq::OutboxPumpConfig fast() {
  oq::OutboxPumpConfig c;
  c.backoff = {100ms, 5000ms};
  c.breaker = {50, 10000ms};
  c.idle_poll = 1000ms;
  return c;
}

std::unique_ptr<oq::Store> open_store(const std::string& path) {
  auto s = oq::Store::open(path);
  REQUIRE_MESSAGE(s, (s ? "" : s.error().what));
  return std::move(*s);
}

// Every byte of the database: the main file and the WAL.
std::string database_bytes(const std::string& path) {
  std::string all;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(path + suffix, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    all += ss.str();
  }
  return all;
}

// The personal data of a submission, as it would appear if stored in plaintext or base64.
std::vector<std::string> plaintext_markers(const oq::KycSubmission& s) {
  return {s.identity.name,
          s.identity.key.substr(4),  // the IIN digits
          "DOCUMENT-IMAGE-MARKER",
          "SELFIE-IMAGE-MARKER",
          oq::base64_encode(s.document_jpeg).substr(0, 40),
          std::string("\xFF\xD8\xFF\xE0", 4)};
}

// Sends the next due submission to the simulator's core and records the answer.
oq::KycVault::Settled deliver(oq::KycVault& vault, sim::ExchangeService& ex, std::int64_t now) {
  auto step = vault.next(now);
  REQUIRE(std::holds_alternative<oq::KycVault::Send>(step));
  auto send = std::get<oq::KycVault::Send>(step);
  return vault.settle(
      send.kyc_id, test::as_result(ex.handle(test::signed_request(send.request, now), now)), now);
}

}  // namespace

TEST_CASE("a submission is stored sealed: no name, IIN or image bytes anywhere in the file") {
  test::TempDb tmp;
  auto store = open_store(tmp.path());
  oq::KycVault vault(*store, key(), fast());
  auto s = test::resident_submission();
  auto id = vault.submit(s, kKycStartMs);
  REQUIRE_MESSAGE(id, (id ? "" : id.error().what));
  CHECK(*id == "kyc-tx-1");
  CHECK(*store->outbox().depth() == 0);  // not in the outbox's plaintext body column
  auto bytes = database_bytes(tmp.path());
  REQUIRE(bytes.size() > 4096);
  for (const auto& m : plaintext_markers(s))
    CHECK_MESSAGE(bytes.find(m) == std::string::npos, "found in the database: " << m.substr(0, 12));
  // It opens with the right key.
  auto back = vault.open(*id);
  REQUIRE(back);
  s.kyc_id = *id;
  CHECK(*back == s);
  auto rec = *vault.status(*id);
  REQUIRE(rec);
  CHECK(rec->state == oq::KycState::Pending);
  CHECK(rec->sealed_data_held);
  CHECK(rec->body_sha256 == oq::sha256_hex(oq::kyc_body(s)));
}

TEST_CASE("the wrong key opens nothing and sends nothing; the right key still delivers") {
  test::TempDb tmp;
  auto store = open_store(tmp.path());
  {
    oq::KycVault vault(*store, key(), fast());
    REQUIRE(vault.submit(test::resident_submission(), kKycStartMs));
  }
  oq::KycVault wrong(*store, key('\x08'), fast());
  auto opened = wrong.open("kyc-tx-1");
  REQUIRE_FALSE(opened);
  CHECK(opened.error().what.find("does not open") != std::string::npos);
  CHECK(std::holds_alternative<oq::KycVault::Wait>(wrong.next(kKycStartMs)));
  auto rec = **wrong.status("kyc-tx-1");
  CHECK(rec.state == oq::KycState::Pending);
  CHECK(rec.sealed_data_held);
  CHECK(rec.last_error.find("does not open") != std::string::npos);

  oq::KycVault right(*store, key(), fast());
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  auto later = rec.next_attempt_ms;
  CHECK(deliver(right, ex, later).verdict == oq::Verdict::Delivered);
}

TEST_CASE("submitting again is idempotent; the same id with other content is refused") {
  auto store = open_store(":memory:");
  oq::KycVault vault(*store, key(), fast());
  auto s = test::resident_submission();
  CHECK(*vault.submit(s, kKycStartMs) == "kyc-tx-1");
  CHECK(*vault.submit(s, kKycStartMs + 5000) == "kyc-tx-1");
  CHECK(*vault.depth() == 1);
  auto other = s;
  other.identity.name = "SOMEONE ELSE";
  auto r = vault.submit(other, kKycStartMs);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == oq::StoreError::Kind::DuplicateKey);
  other.kyc_id = "kyc-tx-1-b";
  CHECK(*vault.submit(other, kKycStartMs) == "kyc-tx-1-b");
  CHECK(*vault.depth() == 2);

  auto bad = s;
  bad.tx_id = "";
  CHECK(vault.submit(bad, kKycStartMs).error().kind == oq::StoreError::Kind::BadInput);
  bad = s;
  bad.identity.birth_date = "1 Jan 1990";
  CHECK(vault.submit(bad, kKycStartMs).error().kind == oq::StoreError::Kind::BadInput);
  bad = s;
  bad.kyc_id = "kyc id with spaces";
  CHECK(vault.submit(bad, kKycStartMs).error().kind == oq::StoreError::Kind::BadInput);
  bad = s;
  bad.tier = flows::compliance::Tier::Anonymous;
  CHECK(vault.submit(bad, kKycStartMs).error().kind == oq::StoreError::Kind::BadInput);
}

TEST_CASE("an acknowledged submission loses its images and keeps a tombstone") {
  test::TempDb tmp;
  auto store = open_store(tmp.path());
  oq::KycVault vault(*store, key(), fast());
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  auto s = test::resident_submission();
  REQUIRE(vault.submit(s, kKycStartMs));

  auto step = vault.next(kKycStartMs);
  REQUIRE(std::holds_alternative<oq::KycVault::Send>(step));
  auto send = std::get<oq::KycVault::Send>(step);
  CHECK(send.request.method == "POST");
  CHECK(send.request.target == "/v1/kyc");
  CHECK(send.request.idempotency_key == std::optional<std::string>("kyc-tx-1"));
  // One in flight at a time.
  CHECK(std::holds_alternative<oq::KycVault::Wait>(vault.next(kKycStartMs)));
  auto answer = ex.handle(test::signed_request(send.request, kKycStartMs), kKycStartMs);
  auto settled = vault.settle(send.kyc_id, test::as_result(answer), kKycStartMs + 10);
  CHECK(settled.recorded);
  CHECK(settled.verdict == oq::Verdict::Delivered);
  REQUIRE(settled.answer);
  CHECK(settled.answer->status == oq::KycStatus::Accepted);

  auto rec = **vault.status("kyc-tx-1");
  CHECK(rec.state == oq::KycState::Acked);
  CHECK_FALSE(rec.sealed_data_held);
  CHECK(rec.acked_at_ms == std::optional<std::int64_t>(kKycStartMs + 10));
  CHECK(rec.body_sha256 == oq::sha256_hex(send.request.body));
  REQUIRE(rec.answer);
  CHECK(rec.answer->status == oq::KycStatus::Accepted);
  CHECK_FALSE(vault.open("kyc-tx-1"));
  CHECK(*vault.depth() == 0);
  CHECK(std::holds_alternative<oq::KycVault::Wait>(vault.next(kKycStartMs + 20)));

  // The simulator got it once, with both images.
  REQUIRE(ex.kyc_desk().submissions().size() == 1);
  const auto& got = ex.kyc_desk().submissions().front();
  CHECK(got.key == "iin:900101300017");
  CHECK(got.tier == "document_selfie");
  CHECK(got.document_bytes == s.document_jpeg.size());
  CHECK(got.selfie_bytes == s.selfie_jpeg->size());
}

TEST_CASE("a lost answer is resent byte for byte and the exchange replays its first answer") {
  auto store = open_store(":memory:");
  oq::KycVault vault(*store, key(), fast());
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  sim::SimFaults faults;
  sim::handle_control(
      test::control("POST", "/sim/kyc", R"({"outcome":"review","reason":"name_match"})"), faults,
      ex, kKycStartMs);
  REQUIRE(vault.submit(test::foreign_submission(), kKycStartMs));

  auto first = std::get<oq::KycVault::Send>(vault.next(kKycStartMs));
  ex.handle(test::signed_request(first.request, kKycStartMs), kKycStartMs);  // applied...
  auto lost = vault.settle(
      first.kyc_id, std::unexpected(oq::ExchangeError{oq::ExchangeError::Kind::Reset, "gone"}),
      kKycStartMs);  // ...but the answer is lost
  CHECK(lost.verdict == oq::Verdict::Retry);
  CHECK(lost.retry_at_ms > kKycStartMs);
  CHECK(std::holds_alternative<oq::KycVault::Wait>(vault.next(kKycStartMs + 1)));

  auto again = std::get<oq::KycVault::Send>(vault.next(lost.retry_at_ms));
  CHECK(again.request.body == first.request.body);
  auto answer = ex.handle(test::signed_request(again.request, lost.retry_at_ms), lost.retry_at_ms);
  CHECK(ex.requests().back().replay);
  auto settled = vault.settle(again.kyc_id, test::as_result(answer), lost.retry_at_ms);
  CHECK(settled.verdict == oq::Verdict::Delivered);
  auto rec = **vault.status("kyc-tx-2");
  REQUIRE(rec.answer);
  CHECK(rec.answer->status == oq::KycStatus::Review);
  CHECK(rec.answer->review_reason == std::optional<std::string>("name_match"));
  CHECK(rec.attempts == 2);
  CHECK(ex.kyc_desk().submissions().size() == 1);  // applied once
}

TEST_CASE("garbage and hostile answers are retried and lose nothing") {
  auto store = open_store(":memory:");
  oq::KycVault vault(*store, key(), fast());
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  auto s = test::resident_submission();
  REQUIRE(vault.submit(s, kKycStartMs));
  std::int64_t now = kKycStartMs;
  const std::vector<oq::ExchangeResult> garbage = {
      oq::HttpResponse{200, "<html>hello</html>"},
      oq::HttpResponse{200, R"({"hello":"world"})"},
      oq::HttpResponse{200, R"({"kyc_id":"kyc-someone-else","status":"accepted"})"},
      oq::HttpResponse{200, R"({"kyc_id":"kyc-tx-1","status":"approved"})"},
      oq::HttpResponse{503, R"({"error":{"code":"unavailable","message":""}})"},
      oq::HttpResponse{429, ""},
      std::unexpected(oq::ExchangeError{oq::ExchangeError::Kind::TooLarge, "body limit"}),
      std::unexpected(oq::ExchangeError{oq::ExchangeError::Kind::Protocol, "bad version"})};
  for (const auto& g : garbage) {
    auto step = vault.next(now);
    REQUIRE(std::holds_alternative<oq::KycVault::Send>(step));
    auto settled = vault.settle("kyc-tx-1", g, now);
    CHECK(settled.verdict == oq::Verdict::Retry);
    CHECK(settled.recorded);
    CHECK_FALSE(settled.description.empty());
    CHECK(settled.description.find("ZHUMABAYEVA") == std::string::npos);
    auto rec = **vault.status("kyc-tx-1");
    CHECK(rec.state == oq::KycState::Pending);
    CHECK(rec.sealed_data_held);
    now = settled.retry_at_ms;
  }
  s.kyc_id = "kyc-tx-1";
  CHECK(vault.open("kyc-tx-1") == s);  // nothing lost
  CHECK((**vault.status("kyc-tx-1")).last_error == "protocol: bad version");
  CHECK((**vault.status("kyc-tx-1")).attempts == static_cast<int>(garbage.size()));
  CHECK(deliver(vault, ex, now).verdict == oq::Verdict::Delivered);
}

TEST_CASE("a refusal (4xx) is kept for the operator and can be retried") {
  auto store = open_store(":memory:");
  oq::KycVault vault(*store, key(), fast());
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  REQUIRE(vault.submit(test::resident_submission(), kKycStartMs));
  std::get<oq::KycVault::Send>(vault.next(kKycStartMs));
  auto settled = vault.settle(
      "kyc-tx-1", oq::HttpResponse{400, R"({"error":{"code":"bad_request","message":"x"}})"},
      kKycStartMs);
  CHECK(settled.verdict == oq::Verdict::Failed);
  auto rec = **vault.status("kyc-tx-1");
  CHECK(rec.state == oq::KycState::Failed);
  CHECK(rec.sealed_data_held);
  CHECK(rec.last_error == "http 400 bad_request");
  CHECK(std::holds_alternative<oq::KycVault::Wait>(vault.next(kKycStartMs + 100000)));
  REQUIRE(vault.retry_failed("kyc-tx-1", kKycStartMs + 1));
  CHECK(deliver(vault, ex, kKycStartMs + 1).verdict == oq::Verdict::Delivered);
  CHECK(vault.retry_failed("kyc-tx-1", kKycStartMs + 2).error().kind ==
        oq::StoreError::Kind::NotFound);
}

TEST_CASE("purge deletes sealed data past the retention, acknowledged or not") {
  test::TempDb tmp;
  auto store = open_store(tmp.path());
  oq::KycVault vault(*store, key(), fast());
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  constexpr std::int64_t kDay = 86'400'000;
  auto old_pending = test::resident_submission("tx-old");
  REQUIRE(vault.submit(old_pending, kKycStartMs));
  REQUIRE(vault.submit(test::foreign_submission("tx-acked"), kKycStartMs + 1));
  REQUIRE(vault.submit(test::resident_submission("tx-new"), kKycStartMs + 20 * kDay));
  // Deliver only tx-acked: refuse tx-old with a 503 first so it waits.
  auto first = std::get<oq::KycVault::Send>(vault.next(kKycStartMs + 2));
  REQUIRE(first.kyc_id == "kyc-tx-old");
  vault.settle(first.kyc_id, oq::HttpResponse{503, "{}"}, kKycStartMs + 2);
  CHECK(deliver(vault, ex, kKycStartMs + 3).verdict == oq::Verdict::Delivered);
  CHECK((**vault.status("kyc-tx-acked")).state == oq::KycState::Acked);

  auto purged = vault.purge(kKycStartMs + 31 * kDay, std::chrono::hours(24 * 30));
  REQUIRE(purged);
  CHECK(*purged == 1);  // tx-old; tx-acked had none left, tx-new is younger
  auto old_rec = **vault.status("kyc-tx-old");
  CHECK(old_rec.state == oq::KycState::Purged);
  CHECK_FALSE(old_rec.sealed_data_held);
  CHECK(old_rec.purged_at_ms == std::optional<std::int64_t>(kKycStartMs + 31 * kDay));
  CHECK_FALSE(vault.open("kyc-tx-old"));
  CHECK((**vault.status("kyc-tx-acked")).state == oq::KycState::Acked);
  CHECK((**vault.status("kyc-tx-new")).sealed_data_held);
  CHECK(*vault.depth() == 1);  // tx-new only: a purged one is never sent
  auto step = vault.next(kKycStartMs + 31 * kDay);
  REQUIRE(std::holds_alternative<oq::KycVault::Send>(step));
  CHECK(std::get<oq::KycVault::Send>(step).kyc_id == "kyc-tx-new");
  // Settling an answer for a submission purged meanwhile is reported, not applied.
  vault.abandon();
  REQUIRE(vault.purge(kKycStartMs + 60 * kDay, std::chrono::hours(24)));
  auto late = vault.settle(
      "kyc-tx-new",
      test::as_result(ex.handle(
          test::signed_request(std::get<oq::KycVault::Send>(step).request, kKycStartMs + 31 * kDay),
          kKycStartMs + 31 * kDay)),
      kKycStartMs + 60 * kDay);
  CHECK_FALSE(late.recorded);
  CHECK((**vault.status("kyc-tx-new")).state == oq::KycState::Purged);
}

TEST_CASE("pending submissions survive a restart and are delivered after it") {
  test::TempDb tmp;
  {
    auto store = open_store(tmp.path());
    oq::KycVault vault(*store, key(), fast());
    REQUIRE(vault.submit(test::resident_submission("tx-a"), kKycStartMs));
    REQUIRE(vault.submit(test::foreign_submission("tx-b"), kKycStartMs));
    std::get<oq::KycVault::Send>(vault.next(kKycStartMs));  // in flight when the power goes
  }
  auto store = open_store(tmp.path());
  oq::KycVault vault(*store, key(), fast());
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  CHECK(*vault.depth() == 2);
  CHECK(deliver(vault, ex, kKycStartMs + 1).verdict == oq::Verdict::Delivered);
  CHECK(deliver(vault, ex, kKycStartMs + 2).verdict == oq::Verdict::Delivered);
  CHECK(*vault.depth() == 0);
  CHECK(ex.kyc_desk().submissions().size() == 2);
}

TEST_CASE("a version-1 database is migrated to version 2 keeping what it held") {
  test::TempDb tmp;
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(tmp.path().c_str(), &db) == SQLITE_OK);
    std::string sql = std::string(oq::kSchemaV1) +
                      "INSERT INTO app_state (key, value) VALUES ('rates.last', 'x');"
                      "PRAGMA user_version = 1;";
    REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = open_store(tmp.path());
  CHECK(*store->get_state("rates.last") == std::optional<std::string>("x"));
  oq::KycVault vault(*store, key(), fast());
  CHECK(vault.submit(test::resident_submission(), kKycStartMs));
  REQUIRE(store->append(oq::JournalEntry{"tx-1", "kyc.submitted", "{}", kKycStartMs}));
  store.reset();
  auto again = open_store(tmp.path());  // version 2 opens as is
  oq::KycVault reopened(*again, key(), fast());
  CHECK(*reopened.depth() == 1);
  CHECK(again->verify().ok);
}
