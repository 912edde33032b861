#include "offline_queue/outbox.hpp"

#include "offline_queue/sqlite_db.hpp"

namespace kiosk::oq {
namespace {

constexpr std::string_view kOutboxColumns =
    "id, idempotency_key, tx_id, method, path, body, created_at_ms, attempts, next_attempt_ms, "
    "state, last_status, last_error, response_body, journal_seq, finished_at_ms";

OutboxState state_from(std::string_view s) {
  if (s == "delivered") return OutboxState::Delivered;
  if (s == "failed") return OutboxState::Failed;
  return OutboxState::Pending;
}

OutboxItem read_item(const Statement& st) {
  OutboxItem it;
  it.id = st.int64(0);
  it.idempotency_key = st.text(1);
  it.tx_id = st.text(2);
  it.method = st.text(3);
  it.path = st.text(4);
  it.body = st.text(5);
  it.created_at_ms = st.int64(6);
  it.attempts = static_cast<int>(st.int64(7));
  it.next_attempt_ms = st.int64(8);
  it.state = state_from(st.text(9));
  if (auto s = st.opt_int64(10)) it.last_status = static_cast<int>(*s);
  it.last_error = st.text(11);
  it.response_body = st.text(12);
  it.journal_seq = st.opt_int64(13);
  it.finished_at_ms = st.opt_int64(14);
  return it;
}

// Runs `st` and collects its rows.
std::expected<std::vector<OutboxItem>, StoreError> collect(Statement& st) {
  std::vector<OutboxItem> out;
  for (;;) {
    auto row = st.step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.push_back(read_item(st));
  }
}

std::string select_sql(std::string_view tail) {
  return "SELECT " + std::string(kOutboxColumns) + " FROM outbox o " + std::string(tail);
}

// Heads of each tx's queue: pending, and no unfinished request of the same tx before them.
constexpr std::string_view kHeadCondition =
    "o.state = 'pending' AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.tx_id = o.tx_id "
    "AND p.id < o.id AND p.state != 'delivered')";

// Applies an UPDATE to a pending item; NotFound when no pending item has that key.
template <typename Bind>
std::expected<void, StoreError> update_pending(SqliteDb& db, std::string_view set_clause,
                                               std::string_view key, Bind&& bind) {
  auto st = db.prepare("UPDATE outbox SET attempts = attempts + 1, " + std::string(set_clause) +
                       " WHERE idempotency_key = ?1 AND state = 'pending'");
  if (!st) return std::unexpected(st.error());
  st->bind(1, key);
  bind(*st);
  if (auto r = st->run(); !r) return r;
  if (st->changes() != 1)
    return std::unexpected(StoreError{StoreError::Kind::NotFound, "no pending outbox request"});
  return {};
}

}  // namespace

std::string_view to_string(OutboxState s) {
  switch (s) {
    case OutboxState::Pending:
      return "pending";
    case OutboxState::Delivered:
      return "delivered";
    case OutboxState::Failed:
      return "failed";
  }
  return "pending";
}

std::expected<OutboxItem, StoreError> Outbox::insert(const OutboxRequest& req, std::int64_t now_ms,
                                                     std::optional<std::int64_t> journal_seq) {
  if (req.idempotency_key.empty() || req.method.empty() || req.path.empty() ||
      req.path.front() != '/')
    return std::unexpected(
        StoreError{StoreError::Kind::BadInput, "outbox request needs a key, method and /path"});
  auto st = db_.prepare(
      "INSERT INTO outbox (idempotency_key, tx_id, method, path, body, created_at_ms, attempts, "
      "next_attempt_ms, state, journal_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?6, 'pending', ?7)");
  if (!st) return std::unexpected(st.error());
  st->bind(1, req.idempotency_key).bind(2, req.tx_id).bind(3, req.method).bind(4, req.path);
  st->bind(5, req.body).bind(6, now_ms);
  if (journal_seq)
    st->bind(7, *journal_seq);
  else
    st->bind_null(7);
  if (auto r = st->run(); !r) {
    if (r.error().kind == StoreError::Kind::DuplicateKey)
      return std::unexpected(
          StoreError{StoreError::Kind::DuplicateKey, "idempotency key already in the outbox"});
    return std::unexpected(r.error());
  }
  OutboxItem it;
  it.id = sqlite3_last_insert_rowid(db_.raw());
  it.idempotency_key = req.idempotency_key;
  it.tx_id = req.tx_id;
  it.method = req.method;
  it.path = req.path;
  it.body = req.body;
  it.created_at_ms = now_ms;
  it.next_attempt_ms = now_ms;
  it.journal_seq = journal_seq;
  return it;
}

std::expected<OutboxItem, StoreError> Outbox::enqueue(const OutboxRequest& req,
                                                      std::int64_t now_ms) {
  return insert(req, now_ms, std::nullopt);
}

std::expected<std::vector<OutboxItem>, StoreError> Outbox::due(std::int64_t now_ms,
                                                               std::size_t limit) {
  auto st = db_.prepare(select_sql("WHERE " + std::string(kHeadCondition) +
                                   " AND o.next_attempt_ms <= ?1 "
                                   "ORDER BY o.next_attempt_ms, o.id LIMIT ?2"));
  if (!st) return std::unexpected(st.error());
  st->bind(1, now_ms).bind(2, static_cast<std::int64_t>(limit));
  return collect(*st);
}

std::expected<std::optional<std::int64_t>, StoreError> Outbox::next_attempt_ms() {
  auto st = db_.prepare("SELECT MIN(o.next_attempt_ms) FROM outbox o WHERE " +
                        std::string(kHeadCondition));
  if (!st) return std::unexpected(st.error());
  auto row = st->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<std::int64_t>{};
  return st->opt_int64(0);
}

std::expected<void, StoreError> Outbox::mark_delivered(std::string_view key, int status,
                                                       std::string_view response_body,
                                                       std::int64_t now_ms) {
  return update_pending(
      db_,
      "state = 'delivered', last_status = ?2, response_body = ?3, "
      "finished_at_ms = ?4, last_error = NULL",
      key, [&](Statement& st) {
        st.bind(2, static_cast<std::int64_t>(status)).bind(3, response_body).bind(4, now_ms);
      });
}

std::expected<void, StoreError> Outbox::mark_retry(std::string_view key, std::int64_t next_at_ms,
                                                   std::string_view error,
                                                   std::optional<int> status) {
  return update_pending(
      db_, "next_attempt_ms = ?2, last_error = ?3, last_status = ?4", key,
      [&](Statement& st) { st.bind(2, next_at_ms).bind(3, error).bind(4, status); });
}

std::expected<void, StoreError> Outbox::mark_failed(std::string_view key, std::optional<int> status,
                                                    std::string_view error,
                                                    std::string_view response_body,
                                                    std::int64_t now_ms) {
  return update_pending(db_,
                        "state = 'failed', last_status = ?2, last_error = ?3, response_body = ?4, "
                        "finished_at_ms = ?5",
                        key, [&](Statement& st) {
                          st.bind(2, status).bind(3, error).bind(4, response_body).bind(5, now_ms);
                        });
}

std::expected<void, StoreError> Outbox::retry_failed(std::string_view key, std::int64_t now_ms) {
  auto st = db_.prepare(
      "UPDATE outbox SET state = 'pending', next_attempt_ms = ?2, finished_at_ms = NULL "
      "WHERE idempotency_key = ?1 AND state = 'failed'");
  if (!st) return std::unexpected(st.error());
  st->bind(1, key).bind(2, now_ms);
  if (auto r = st->run(); !r) return r;
  if (st->changes() != 1)
    return std::unexpected(StoreError{StoreError::Kind::NotFound, "no failed outbox request"});
  return {};
}

std::expected<std::optional<OutboxItem>, StoreError> Outbox::find(std::string_view key) {
  auto st = db_.prepare(select_sql("WHERE o.idempotency_key = ?1"));
  if (!st) return std::unexpected(st.error());
  st->bind(1, key);
  auto rows = collect(*st);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<OutboxItem>{};
  return std::optional<OutboxItem>{std::move(rows->front())};
}

std::expected<std::vector<OutboxItem>, StoreError> Outbox::list_failed() {
  auto st = db_.prepare(select_sql("WHERE o.state = 'failed' ORDER BY o.id"));
  if (!st) return std::unexpected(st.error());
  return collect(*st);
}

std::expected<std::vector<OutboxItem>, StoreError> Outbox::list_for_tx(std::string_view tx_id) {
  auto st = db_.prepare(select_sql("WHERE o.tx_id = ?1 ORDER BY o.id"));
  if (!st) return std::unexpected(st.error());
  st->bind(1, tx_id);
  return collect(*st);
}

std::expected<std::int64_t, StoreError> Outbox::depth() {
  auto st = db_.prepare("SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
  if (!st) return std::unexpected(st.error());
  auto row = st->step();
  if (!row) return std::unexpected(row.error());
  return st->int64(0);
}

std::expected<std::int64_t, StoreError> Outbox::unacknowledged_fiat_kzt(std::string_view path) {
  auto st = db_.prepare(
      "SELECT COALESCE(SUM(json_extract(body, '$.fiat_kzt')), 0) FROM outbox "
      "WHERE state IN ('pending', 'failed') AND path = ?1");
  if (!st) return std::unexpected(st.error());
  st->bind(1, path);
  auto row = st->step();
  if (!row) return std::unexpected(row.error());
  return st->int64(0);
}

std::expected<std::optional<std::int64_t>, StoreError> Outbox::oldest_pending_age_ms(
    std::int64_t now_ms) {
  auto st = db_.prepare("SELECT MIN(created_at_ms) FROM outbox WHERE state = 'pending'");
  if (!st) return std::unexpected(st.error());
  auto row = st->step();
  if (!row) return std::unexpected(row.error());
  auto oldest = st->opt_int64(0);
  if (!oldest) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{now_ms - *oldest};
}

std::expected<std::int64_t, StoreError> Outbox::prune_delivered(std::int64_t before_ms) {
  auto st = db_.prepare("DELETE FROM outbox WHERE state = 'delivered' AND finished_at_ms < ?1");
  if (!st) return std::unexpected(st.error());
  st->bind(1, before_ms);
  if (auto r = st->run(); !r) return std::unexpected(r.error());
  return static_cast<std::int64_t>(st->changes());
}

}  // namespace kiosk::oq
