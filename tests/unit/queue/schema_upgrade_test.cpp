// An update loses nothing: a database made by every earlier schema version (1 to 4), holding queued
// outbox requests and an unfinished session, opens with this software: the schema migrates forward
// in one step, the hash chain still verifies and continues, the queue is due in order, the open
// session's rows are there for recovery. A database from newer software is refused, saying so.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>

#include "offline_queue/store.hpp"
#include "offline_queue/store_schema.hpp"
#include "test_support.hpp"

using namespace kiosk::oq;
using kiosk::test::TempDb;

namespace {

void raw_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string what = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE_MESSAGE(rc == SQLITE_OK, what);
}

// A version-`v` file, as that software created it (its schema steps only, its user_version).
void make_version(const std::string& path, int v) {
  const std::string_view steps[] = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4};
  std::string sql = "BEGIN;";
  for (int i = 0; i < v; ++i) sql += std::string(steps[i]);
  sql += "PRAGMA user_version = " + std::to_string(v) + "; COMMIT;";
  raw_sql(path, sql);
}

JournalEntry row(const std::string& tx, const std::string& type, const std::string& payload,
                 std::int64_t at) {
  return JournalEntry{tx, type, payload, at};
}

// Rows and requests in the version-1 layout that every version shares: a finished sale whose
// request is queued, a second one queued behind a retry, and a session still open (a note credited,
// no end), as a kiosk stopped for an update leaves them.
void fill(const std::string& source) {
  auto s = Store::open(source);
  REQUIRE(s);
  auto& store = **s;
  REQUIRE(store.append(row("tx-1", "cash_in.started", R"({"person":"p-1"})", 100)));
  REQUIRE(store.append(row("tx-1", "cash_in.note_credited", R"({"kzt":5000})", 110)));
  REQUIRE(store.append(row("tx-1", "cash_in.completed", R"({"kzt":5000})", 120),
                       OutboxRequest{"k-1", "POST", "/v1/cash-in", R"({"tx_id":"tx-1"})", ""}));
  REQUIRE(store.append(row("tx-2", "cash_in.completed", R"({"kzt":2000})", 130),
                       OutboxRequest{"k-2", "POST", "/v1/cash-in", R"({"tx_id":"tx-2"})", ""}));
  REQUIRE(store.outbox().mark_retry("k-2", 200, "connect: refused"));
  REQUIRE(store.append(row("tx-3", "cash_in.started", R"({"person":"p-2"})", 140)));
  REQUIRE(store.append(row("tx-3", "cash_in.note_credited", R"({"kzt":1000})", 150)));
}

}  // namespace

TEST_CASE("databases of schema versions 1 to 4 with a queue and an open session upgrade intact") {
  TempDb source;
  fill(source.path());
  for (int v = 1; v <= 4; ++v) {
    CAPTURE(v);
    TempDb old;
    make_version(old.path(), v);
    raw_sql(old.path(), "ATTACH '" + source.path() +
                            "' AS src; INSERT INTO journal SELECT * FROM src.journal; "
                            "INSERT INTO outbox SELECT * FROM src.outbox; DETACH src;");
    auto s = Store::open(old.path());
    REQUIRE_MESSAGE(s, (s ? "" : s.error().what));
    auto& store = **s;

    auto check = store.verify();
    CHECK(check.ok);
    CHECK(check.rows_checked == 6);
    auto due = store.outbox().due(1'000);
    REQUIRE(due);
    REQUIRE(due->size() == 2);
    CHECK((*due)[0].idempotency_key == "k-1");
    CHECK((*due)[1].idempotency_key == "k-2");
    CHECK((*due)[1].attempts == 1);
    auto open_session = store.rows_for_tx("tx-3");
    REQUIRE(open_session);
    REQUIRE(open_session->size() == 2);
    CHECK(open_session->back().type == "cash_in.note_credited");
    // The version-3 and -4 indexes serve the upgraded file.
    auto person = store.rows_with({"cash_in.started"}, Store::PayloadKey::Person, "p-2");
    REQUIRE(person);
    CHECK(person->size() == 1);
    // The chain continues after the upgrade, and the queue takes new requests.
    auto next = store.append(row("tx-3", "cash_in.completed", R"({"kzt":1000})", 160),
                             OutboxRequest{"k-3", "POST", "/v1/cash-in", "{}", ""});
    REQUIRE(next);
    CHECK(next->seq == 7);
    CHECK(store.verify().ok);
    CHECK(*store.outbox().depth() == 3);
  }
}

TEST_CASE("a database from newer software is refused, naming both versions") {
  TempDb tmp;
  { REQUIRE(Store::open(tmp.path())); }
  raw_sql(tmp.path(), "PRAGMA user_version = " + std::to_string(Store::kSchemaVersion + 1));
  auto s = Store::open(tmp.path());
  REQUIRE_FALSE(s);
  CHECK(s.error().kind == StoreError::Kind::Schema);
  CHECK(s.error().what.find("version " + std::to_string(Store::kSchemaVersion + 1) +
                            " is newer than this software (" +
                            std::to_string(Store::kSchemaVersion) + ")") != std::string::npos);
  // It says what to do, not only what is wrong.
  CHECK(s.error().what.find("restore the database copy taken before the upgrade") !=
        std::string::npos);
}
