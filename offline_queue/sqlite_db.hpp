// A thin RAII layer over the SQLite C API for the store: a connection, prepared statements and a
// transaction guard. Errors are values; nothing here throws.
//
// Prepared statements are kept per connection and reused: prepare() hands out the cached one for
// the same SQL text when it is free (reset, bindings cleared), so a durable append does not
// re-parse its SQL every time; a statement asked for while its twin is in use is prepared anew.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "offline_queue/store_error.hpp"

namespace kiosk::oq {

class SqliteDb;
struct StatementCache;

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& o) noexcept
      : db_(o.db_), stmt_(o.stmt_), cache_(std::move(o.cache_)), sql_(std::move(o.sql_)) {
    o.stmt_ = nullptr;
  }
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t v);
  Statement& bind(int index, std::string_view v);
  Statement& bind(int index, std::optional<int> v);
  Statement& bind_null(int index);
  Statement& bind_blob(int index, std::string_view bytes);

  // SQLITE_ROW -> true, SQLITE_DONE -> false, anything else -> error.
  std::expected<bool, StoreError> step();
  // Runs to completion (for INSERT/UPDATE).
  std::expected<void, StoreError> run();

  std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::optional<std::int64_t> opt_int64(int col) const;
  std::string text(int col) const;
  std::string blob(int col) const;  // "" for NULL
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int changes() const;

 private:
  friend class SqliteDb;
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::shared_ptr<StatementCache> cache, std::string sql)
      : db_(db), stmt_(stmt), cache_(std::move(cache)), sql_(std::move(sql)) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::shared_ptr<StatementCache> cache_;  // where it goes back to on destruction
  std::string sql_;
};

class SqliteDb {
 public:
  static std::expected<SqliteDb, StoreError> open(const std::string& path);
  SqliteDb(SqliteDb&& o) noexcept : db_(o.db_), cache_(std::move(o.cache_)) { o.db_ = nullptr; }
  SqliteDb& operator=(SqliteDb&&) = delete;
  ~SqliteDb();

  std::expected<void, StoreError> exec(std::string_view sql);
  std::expected<Statement, StoreError> prepare(std::string_view sql);
  StoreError error(std::string_view context) const;
  sqlite3* raw() const { return db_; }

 private:
  explicit SqliteDb(sqlite3* db);
  sqlite3* db_ = nullptr;
  std::shared_ptr<StatementCache> cache_;
};

// BEGIN IMMEDIATE on construction (check ok()), ROLLBACK on destruction unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(SqliteDb& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  const std::optional<StoreError>& begin_error() const { return begin_error_; }
  std::expected<void, StoreError> commit();

 private:
  SqliteDb& db_;
  std::optional<StoreError> begin_error_;
  bool open_ = false;
};

}  // namespace kiosk::oq
