#include "offline_queue/sqlite_db.hpp"

#include <mutex>
#include <unordered_map>

namespace kiosk::oq {

// The connection's idle prepared statements by SQL text. `open` turns false when the connection
// closes: a statement coming back after that is finalized. The connection is serialized
// (SQLITE_OPEN_FULLMUTEX), so the cache has its own lock too.
struct StatementCache {
  static constexpr std::size_t kMaxStatements = 64;  // distinct SQL texts kept
  std::mutex mutex;
  std::unordered_map<std::string, sqlite3_stmt*> idle;
  bool open = true;
};

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (cache_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    std::lock_guard lock(cache_->mutex);
    if (cache_->open && cache_->idle.size() < StatementCache::kMaxStatements &&
        cache_->idle.emplace(std::move(sql_), stmt_).second)
      return;
  }
  sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::int64_t v) {
  sqlite3_bind_int64(stmt_, index, v);
  return *this;
}

Statement& Statement::bind(int index, std::string_view v) {
  sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::optional<int> v) {
  if (v) return bind(index, static_cast<std::int64_t>(*v));
  return bind_null(index);
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

std::expected<bool, StoreError> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  StoreError::Kind kind = StoreError::Kind::Io;
  if ((rc & 0xff) == SQLITE_CONSTRAINT) kind = StoreError::Kind::DuplicateKey;
  return std::unexpected(StoreError{kind, std::string("sqlite: ") + sqlite3_errmsg(db_)});
}

std::expected<void, StoreError> Statement::run() {
  for (;;) {
    auto more = step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return {};
  }
}

std::optional<std::int64_t> Statement::opt_int64(int col) const {
  if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(stmt_, col);
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

std::string Statement::blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), n);
}

std::string Statement::text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), n);
}

int Statement::changes() const { return sqlite3_changes(db_); }

std::expected<SqliteDb, StoreError> SqliteDb::open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string what = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return std::unexpected(StoreError{StoreError::Kind::Open, "open " + path + ": " + what});
  }
  return SqliteDb(db);
}

SqliteDb::SqliteDb(sqlite3* db) : db_(db), cache_(std::make_shared<StatementCache>()) {}

SqliteDb::~SqliteDb() {
  if (cache_) {
    std::lock_guard lock(cache_->mutex);
    cache_->open = false;
    for (auto& [sql, stmt] : cache_->idle) sqlite3_finalize(stmt);
    cache_->idle.clear();
  }
  if (db_ != nullptr) sqlite3_close(db_);
}

std::expected<void, StoreError> SqliteDb::exec(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string what = err != nullptr ? err : "unknown";
    sqlite3_free(err);
    return std::unexpected(StoreError{StoreError::Kind::Io, "sqlite: " + what});
  }
  return {};
}

std::expected<Statement, StoreError> SqliteDb::prepare(std::string_view sql) {
  std::string text(sql);
  {
    std::lock_guard lock(cache_->mutex);
    if (auto it = cache_->idle.find(text); it != cache_->idle.end()) {
      sqlite3_stmt* stmt = it->second;
      cache_->idle.erase(it);
      return Statement(db_, stmt, cache_, std::move(text));
    }
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK)
    return std::unexpected(error("prepare"));
  return Statement(db_, stmt, cache_, std::move(text));
}

StoreError SqliteDb::error(std::string_view context) const {
  return StoreError{StoreError::Kind::Io,
                    std::string(context) + ": sqlite: " + sqlite3_errmsg(db_)};
}

namespace {

// One statement without results, through the statement cache.
std::expected<void, StoreError> run_cached(SqliteDb& db, std::string_view sql) {
  auto st = db.prepare(sql);
  if (!st) return std::unexpected(st.error());
  return st->run();
}

}  // namespace

Transaction::Transaction(SqliteDb& db) : db_(db) {
  auto r = run_cached(db_, "BEGIN IMMEDIATE");
  if (!r)
    begin_error_ = r.error();
  else
    open_ = true;
}

Transaction::~Transaction() {
  if (open_) (void)run_cached(db_, "ROLLBACK");
}

std::expected<void, StoreError> Transaction::commit() {
  if (!open_) return std::unexpected(StoreError{StoreError::Kind::Io, "no open transaction"});
  auto r = run_cached(db_, "COMMIT");
  if (r) open_ = false;
  return r;
}

}  // namespace kiosk::oq
