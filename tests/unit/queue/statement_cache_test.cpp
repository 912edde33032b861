// SqliteDb's statement cache (offline_queue/sqlite_db.hpp): a statement handed out again is reset
// with no bindings left, and the same SQL asked for while its twin is in use is a second, working
// statement.
#include <doctest/doctest.h>

#include "offline_queue/sqlite_db.hpp"

using namespace kiosk::oq;

namespace {

SqliteDb test_db() {
  auto db = SqliteDb::open(":memory:");
  REQUIRE(db);
  REQUIRE(db->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"));
  REQUIRE(db->exec("INSERT INTO t (v) VALUES ('a'), ('b'), ('c')"));
  return std::move(*db);
}

}  // namespace

TEST_CASE("a reused statement starts again from its first row, with no bindings left") {
  SqliteDb db = test_db();
  const char* sql = "SELECT v FROM t WHERE id >= ?1 ORDER BY id";
  {
    auto st = db.prepare(sql);
    REQUIRE(st);
    st->bind(1, std::int64_t{2});
    REQUIRE(*st->step());
    CHECK(st->text(0) == "b");  // left mid-way: goes back to the cache unfinished
  }
  auto again = db.prepare(sql);
  REQUIRE(again);
  // The old binding is cleared: NULL matches nothing.
  CHECK_FALSE(*again->step());
}

TEST_CASE("the same SQL while its twin is in use: two independent statements") {
  SqliteDb db = test_db();
  const char* sql = "SELECT v FROM t ORDER BY id";
  auto outer = db.prepare(sql);
  REQUIRE(outer);
  REQUIRE(*outer->step());
  CHECK(outer->text(0) == "a");
  {
    auto inner = db.prepare(sql);
    REQUIRE(inner);
    REQUIRE(*inner->step());
    CHECK(inner->text(0) == "a");
  }
  REQUIRE(*outer->step());
  CHECK(outer->text(0) == "b");  // the inner one did not move the outer one
}

TEST_CASE("a statement that failed is reusable; writes after it still commit") {
  SqliteDb db = test_db();
  REQUIRE(db.exec("CREATE UNIQUE INDEX t_v ON t (v)"));
  const char* sql = "INSERT INTO t (v) VALUES (?1)";
  {
    auto st = db.prepare(sql);
    REQUIRE(st);
    st->bind(1, std::string_view("a"));
    auto r = st->run();
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == StoreError::Kind::DuplicateKey);
  }
  {
    Transaction tx(db);
    REQUIRE_FALSE(tx.begin_error());
    auto st = db.prepare(sql);
    REQUIRE(st);
    st->bind(1, std::string_view("d"));
    REQUIRE(st->run());
    REQUIRE(tx.commit());
  }
  {
    Transaction rolled_back(db);  // destroyed without commit
    auto st = db.prepare(sql);
    st->bind(1, std::string_view("e"));
    REQUIRE(st->run());
  }
  auto count = db.prepare("SELECT COUNT(*) FROM t");
  REQUIRE(*count->step());
  CHECK(count->int64(0) == 4);  // a, b, c, d
}
