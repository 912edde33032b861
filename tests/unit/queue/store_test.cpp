// The journal: append, hash chain, tamper detection, atomicity with the outbox, reopening.
#include "offline_queue/store.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include "offline_queue/store_schema.hpp"
#include "test_support.hpp"

using namespace kiosk::oq;
using kiosk::test::TempDb;

namespace {

// Raw SQL on the database file, bypassing the Store (an attacker with file access).
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

JournalEntry note(const std::string& tx, int kzt, std::int64_t at) {
  return JournalEntry{tx, "cash_in.note_credited", "{\"kzt\":" + std::to_string(kzt) + "}", at};
}

std::unique_ptr<Store> open_store(const std::string& path) {
  auto s = Store::open(path);
  REQUIRE_MESSAGE(s.has_value(), (s ? "" : s.error().what));
  return std::move(*s);
}

}  // namespace

TEST_CASE("journal rows chain from the genesis hash and verify") {
  TempDb tmp;
  auto store = open_store(tmp.path());
  auto r1 = store->append(note("tx-1", 5000, 1000));
  REQUIRE(r1);
  CHECK(r1->seq == 1);
  CHECK(r1->prev_hash == kGenesisHash);
  CHECK(r1->hash == journal_row_hash(*r1));
  CHECK(r1->hash.size() == 64);
  auto r2 = store->append(note("tx-1", 2000, 1001));
  auto r3 = store->append(note("tx-2", 1000, 1002));
  REQUIRE(r2);
  REQUIRE(r3);
  CHECK(r2->seq == 2);
  CHECK(r2->prev_hash == r1->hash);
  CHECK(r3->prev_hash == r2->hash);

  auto v = store->verify();
  CHECK(v.ok);
  CHECK(v.rows_checked == 3);
  CHECK_FALSE(v.first_bad_seq);

  auto tx1 = store->rows_for_tx("tx-1");
  REQUIRE(tx1);
  REQUIRE(tx1->size() == 2);
  CHECK((*tx1)[0] == *r1);
  CHECK((*tx1)[1] == *r2);
  auto range = store->rows_range(2, 3);
  REQUIRE(range);
  REQUIRE(range->size() == 2);
  CHECK((*range)[1] == *r3);
  auto last = store->last_row();
  REQUIRE(last);
  REQUIRE(*last);
  CHECK(**last == *r3);
}

TEST_CASE("the hash covers a documented canonical encoding") {
  JournalRow row{7,
                 "tx-9",
                 "cash_in.note_credited",
                 "{\"kzt\":5000}",
                 1714557600000,
                 std::string(kGenesisHash),
                 ""};
  CHECK(
      journal_canonical_encoding(row) ==
      "kiosk-journal-v1\n7\n1714557600000\n4:tx-9\n21:cash_in.note_credited\n12:{\"kzt\":5000}\n" +
          std::string(kGenesisHash));
  // Moving bytes between fields changes the hash (length prefixes).
  JournalRow shifted = row;
  shifted.tx_id = "tx-";
  shifted.type = "9cash_in.note_credited";
  CHECK(journal_row_hash(shifted) != journal_row_hash(row));
}

TEST_CASE("payloads are stored canonical; bad payloads are refused") {
  auto store = open_store(":memory:");
  auto r =
      store->append(JournalEntry{"t", "x.y", R"({ "b": 1, "a": {"d": "é", "c": [2, 1]} })", 5});
  REQUIRE(r);
  CHECK(r->payload == R"({"a":{"c":[2,1],"d":"é"},"b":1})");
  for (const char* bad : {"{", "", R"({"kzt": 1.5})", "{\"a\":\"\xff\"}"}) {
    auto e = store->append(JournalEntry{"t", "x.y", bad, 5});
    REQUIRE_FALSE(e);
    CHECK(e.error().kind == StoreError::Kind::BadInput);
  }
  auto no_type = store->append(JournalEntry{"t", "", "{}", 5});
  REQUIRE_FALSE(no_type);
  CHECK((*store->last_row())->seq == 1);
}

TEST_CASE("the journal refuses UPDATE and DELETE through its triggers") {
  TempDb tmp;
  auto store = open_store(tmp.path());
  REQUIRE(store->append(note("tx-1", 5000, 1)));
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(tmp.path().c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "UPDATE journal SET payload = '{}'", nullptr, nullptr, nullptr) !=
        SQLITE_OK);
  CHECK(sqlite3_exec(db, "DELETE FROM journal", nullptr, nullptr, nullptr) != SQLITE_OK);
  sqlite3_close(db);
  CHECK(store->verify().ok);
}

TEST_CASE("tampering with a row is detected at that row's seq") {
  TempDb tmp;
  {
    auto store = open_store(tmp.path());
    for (int i = 1; i <= 5; ++i)
      REQUIRE(store->append(note("tx-" + std::to_string(i), 1000 * i, i)));
  }
  SUBCASE("payload changed") {
    raw_sql(tmp.path(),
            "DROP TRIGGER journal_no_update; UPDATE journal SET payload = '{\"kzt\":20000}' "
            "WHERE seq = 3");
    auto v = open_store(tmp.path())->verify();
    CHECK_FALSE(v.ok);
    REQUIRE(v.first_bad_seq);
    CHECK(*v.first_bad_seq == 3);
    CHECK(v.rows_checked == 2);
  }
  SUBCASE("payload changed and its hash recomputed: the next row's link breaks") {
    auto store = open_store(tmp.path());
    JournalRow forged = (*store->rows_range(3, 3))[0];
    forged.payload = "{\"kzt\":20000}";
    forged.hash = journal_row_hash(forged);
    raw_sql(tmp.path(), "DROP TRIGGER journal_no_update; UPDATE journal SET payload = '" +
                            forged.payload + "', hash = '" + forged.hash + "' WHERE seq = 3");
    auto v = store->verify();
    REQUIRE(v.first_bad_seq);
    CHECK(*v.first_bad_seq == 4);
  }
  SUBCASE("a row deleted") {
    raw_sql(tmp.path(), "DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq = 2");
    auto v = open_store(tmp.path())->verify();
    REQUIRE(v.first_bad_seq);
    CHECK(*v.first_bad_seq == 3);
  }
  SUBCASE("at_ms changed") {
    raw_sql(tmp.path(),
            "DROP TRIGGER journal_no_update; UPDATE journal SET at_ms = 99 WHERE seq = 5");
    auto v = open_store(tmp.path())->verify();
    REQUIRE(v.first_bad_seq);
    CHECK(*v.first_bad_seq == 5);
  }
}

TEST_CASE("a journal row and its outbox request are written together or not at all") {
  TempDb tmp;
  auto store = open_store(tmp.path());
  OutboxRequest req{"key-1", "POST", "/v1/cash-in", R"({"tx_id":"tx-1"})", ""};
  auto r = store->append(note("tx-1", 5000, 10), req);
  REQUIRE(r);
  auto item = store->outbox().find("key-1");
  REQUIRE(item);
  REQUIRE(*item);
  CHECK((*item)->tx_id == "tx-1");
  CHECK((*item)->journal_seq == r->seq);
  CHECK((*item)->created_at_ms == 10);
  CHECK((*item)->state == OutboxState::Pending);

  SUBCASE("the outbox insert fails (duplicate key): the journal row is rolled back") {
    auto dup = store->append(note("tx-1", 1000, 11), req);
    REQUIRE_FALSE(dup);
    CHECK(dup.error().kind == StoreError::Kind::DuplicateKey);
  }
  SUBCASE("the outbox insert fails (disk error, injected by a trigger): rolled back") {
    raw_sql(tmp.path(),
            "CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox "
            "BEGIN SELECT RAISE(ABORT, 'injected I/O failure'); END;");
    auto failed = store->append(note("tx-2", 1000, 11),
                                OutboxRequest{"key-2", "POST", "/v1/cash-in", "{}", ""});
    REQUIRE_FALSE(failed);
    CHECK(*store->outbox().find("key-2") == std::nullopt);
  }
  SUBCASE("a request for another tx is refused before anything is written") {
    auto bad = store->append(note("tx-2", 1000, 11),
                             OutboxRequest{"key-2", "POST", "/v1/cash-in", "{}", "tx-other"});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == StoreError::Kind::BadInput);
  }
  auto last = store->last_row();
  REQUIRE(last);
  CHECK((*last)->seq == 1);
  CHECK(*store->outbox().depth() == 1);
  CHECK(store->verify().ok);
  // And the chain continues from the last committed row.
  auto next = store->append(note("tx-3", 1000, 12));
  REQUIRE(next);
  CHECK(next->seq == 2);
  CHECK(next->prev_hash == r->hash);
}

TEST_CASE("journal, outbox and state survive reopening the database") {
  TempDb tmp;
  std::string hash;
  {
    auto store = open_store(tmp.path());
    auto r = store->append(note("tx-1", 5000, 10),
                           OutboxRequest{"key-1", "POST", "/v1/cash-in", "{}", ""});
    REQUIRE(r);
    hash = r->hash;
    REQUIRE(store->put_state("rates.last", R"({"as_of":"x"})"));
    REQUIRE(store->put_state("rates.last", R"({"as_of":"y"})"));
    REQUIRE(store->outbox().mark_retry("key-1", 500, "connect: refused"));
  }
  auto store = open_store(tmp.path());
  CHECK((*store->last_row())->hash == hash);
  CHECK(store->verify().ok);
  CHECK(*store->get_state("rates.last") == std::optional<std::string>(R"({"as_of":"y"})"));
  CHECK(*store->get_state("missing") == std::nullopt);
  auto item = *store->outbox().find("key-1");
  REQUIRE(item);
  CHECK(item->attempts == 1);
  CHECK(item->next_attempt_ms == 500);
  CHECK(item->last_error == "connect: refused");
}

TEST_CASE("a database from newer software is refused") {
  TempDb tmp;
  { open_store(tmp.path()); }
  raw_sql(tmp.path(), "PRAGMA user_version = 99");
  auto s = Store::open(tmp.path());
  REQUIRE_FALSE(s);
  CHECK(s.error().kind == StoreError::Kind::Schema);
}

TEST_CASE("the database runs in WAL mode with synchronous=FULL") {
  TempDb tmp;
  auto store = open_store(tmp.path());
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(tmp.path().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_CASE("rows of some types since a time, in journal order; a version-2 file gains the index") {
  TempDb tmp;
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(tmp.path().c_str(), &db) == SQLITE_OK);
    std::string sql = std::string(kSchemaV1) + std::string(kSchemaV2) + "PRAGMA user_version = 2;";
    REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = open_store(tmp.path());
  REQUIRE(store->append(JournalEntry{"a", "cash_in.purchase_queued", "{}", 1000}));
  REQUIRE(store->append(note("a", 5000, 1100)));
  REQUIRE(store->append(JournalEntry{"b", "cash_out.order_created", "{}", 2000}));
  REQUIRE(store->append(JournalEntry{"c", "cash_in.purchase_queued", "{}", 3000}));
  auto rows = store->rows_of_types({"cash_in.purchase_queued", "cash_out.order_created"}, 1500);
  REQUIRE(rows);
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].tx_id == "b");
  CHECK((*rows)[1].tx_id == "c");
  CHECK(store->rows_of_types({"cash_in.purchase_queued"})->size() == 2);
  CHECK(store->rows_of_types({})->empty());
  CHECK(store->rows_of_types({"nothing.like.this"})->empty());
  // By a payload field: the type index narrows, json_extract matches (text only).
  REQUIRE(
      store->append(JournalEntry{"d", "cash_out.dispense_intent", R"({"order_id":"o-1"})", 4000}));
  REQUIRE(
      store->append(JournalEntry{"e", "cash_out.dispense_intent", R"({"order_id":"o-2"})", 4100}));
  REQUIRE(
      store->append(JournalEntry{"f", "cash_out.order_created", R"({"order_id":"o-1"})", 4200}));
  auto one = store->rows_with({"cash_out.dispense_intent"}, Store::PayloadKey::OrderId, "o-1");
  REQUIRE(one);
  REQUIRE(one->size() == 1);
  CHECK((*one)[0].tx_id == "d");
  CHECK(store->rows_with({"cash_out.dispense_intent"}, Store::PayloadKey::OrderId, "o-3")->empty());
  CHECK(store->rows_with({"cash_out.dispense_intent"}, Store::PayloadKey::OrderId, "o-1' OR 1=1 --")
            ->empty());
  store.reset();
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(tmp.path().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT count(*) FROM sqlite_master WHERE name IN "
                             "('journal_by_type', 'journal_by_person', 'journal_by_order')",
                             -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == 3);
  sqlite3_finalize(st);
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == Store::kSchemaVersion);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

namespace {
// How SQLite would run the look-up `sql` (EXPLAIN QUERY PLAN's detail lines, joined).
std::string query_plan(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &st, nullptr) ==
          SQLITE_OK);
  std::string plan;
  while (sqlite3_step(st) == SQLITE_ROW)
    plan += reinterpret_cast<const char*>(sqlite3_column_text(st, 3)) + std::string("\n");
  sqlite3_finalize(st);
  sqlite3_close(db);
  return plan;
}
}  // namespace

TEST_CASE("a person's sessions and an order's rows are found by their indexes") {
  TempDb tmp;
  auto store = open_store(tmp.path());
  for (int i = 0; i < 50; ++i) {
    std::string tx = "t" + std::to_string(i), person = "p-" + std::to_string(i % 5);
    REQUIRE(store->append(
        JournalEntry{tx, "cash_in.session_opened", R"({"person":")" + person + R"("})", 1000 + i}));
    REQUIRE(store->append(JournalEntry{tx, "cash_in.note_credited", R"({"kzt":1000})", 1000 + i}));
  }
  REQUIRE(store->append(
      JournalEntry{"s", "cash_out.session_opened", R"({"person":"p-3","asset":"x"})", 2000}));
  REQUIRE(store->append(JournalEntry{"s", "cash_out.note", R"({"person":"p-3"})", 2001}));
  auto sessions = store->rows_with({"cash_in.session_opened", "cash_out.session_opened"},
                                   Store::PayloadKey::Person, "p-3");
  REQUIRE(sessions);
  REQUIRE(sessions->size() == 11);  // 10 cash-in + 1 cash-out; the other type is not asked for
  CHECK(sessions->front().tx_id == "t3");
  CHECK(sessions->back().tx_id == "s");
  CHECK(store->rows_with({"cash_in.session_opened"}, Store::PayloadKey::Person, "p-9")->empty());
  CHECK(store->rows_with({"cash_in.session_opened"}, Store::PayloadKey::OrderId, "p-3")->empty());
  store.reset();
  // The same statements the store runs, as SQLite plans them: by the v4 indexes, no scan.
  CHECK(query_plan(tmp.path(),
                   "SELECT seq FROM journal WHERE json_extract(payload, '$.person') = ?1 AND "
                   "type IN (?2, ?3) ORDER BY seq")
            .find("journal_by_person") != std::string::npos);
  CHECK(query_plan(tmp.path(),
                   "SELECT seq FROM journal WHERE json_extract(payload, '$.order_id') = ?1 AND "
                   "type IN (?2) ORDER BY seq")
            .find("journal_by_order") != std::string::npos);
}
