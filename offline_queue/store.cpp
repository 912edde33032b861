#include "offline_queue/store.hpp"

#include "offline_queue/canonical_json.hpp"
#include "offline_queue/store_schema.hpp"

namespace kiosk::oq {
namespace {

constexpr std::string_view kRowColumns = "seq, tx_id, type, payload, at_ms, prev_hash, hash";

JournalRow read_row(const Statement& st) {
  return JournalRow{st.int64(0), st.text(1), st.text(2), st.text(3),
                    st.int64(4), st.text(5), st.text(6)};
}

}  // namespace

std::expected<std::unique_ptr<Store>, StoreError> Store::open(const std::string& path) {
  auto db = SqliteDb::open(path);
  if (!db) return std::unexpected(db.error());
  sqlite3_busy_timeout(db->raw(), kBusyTimeoutMs);
  // WAL: readers never block the writer; FULL: a committed transaction survives power loss.
  for (std::string_view pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    if (auto r = db->exec(pragma); !r)
      return std::unexpected(StoreError{StoreError::Kind::Open, r.error().what});
  }
  std::unique_ptr<Store> store(new Store(std::move(*db)));
  if (auto r = store->migrate(); !r) return std::unexpected(r.error());
  return store;
}

std::expected<void, StoreError> Store::migrate() {
  auto st = db_.prepare("PRAGMA user_version");
  if (!st) return std::unexpected(st.error());
  if (auto row = st->step(); !row) return std::unexpected(row.error());
  std::int64_t version = st->int64(0);
  if (version == kSchemaVersion) return {};
  if (version > kSchemaVersion)
    return std::unexpected(StoreError{StoreError::Kind::Schema,
                                      "database schema version " + std::to_string(version) +
                                          " is newer than this software (" +
                                          std::to_string(kSchemaVersion) +
                                          "): a newer kiosk release wrote it; install that "
                                          "release again, or restore the database copy taken "
                                          "before the upgrade (runbook: Update and roll back)"});
  Transaction tx(db_);
  if (tx.begin_error()) return std::unexpected(*tx.begin_error());
  if (version < 1)
    if (auto r = db_.exec(kSchemaV1); !r)
      return std::unexpected(StoreError{StoreError::Kind::Schema, r.error().what});
  if (version < 2)
    if (auto r = db_.exec(kSchemaV2); !r)
      return std::unexpected(StoreError{StoreError::Kind::Schema, r.error().what});
  if (version < 3)
    if (auto r = db_.exec(kSchemaV3); !r)
      return std::unexpected(StoreError{StoreError::Kind::Schema, r.error().what});
  if (version < 4)
    if (auto r = db_.exec(kSchemaV4); !r)
      return std::unexpected(StoreError{StoreError::Kind::Schema, r.error().what});
  if (auto r = db_.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion)); !r) return r;
  return tx.commit();
}

std::expected<JournalRow, StoreError> Store::append(const JournalEntry& entry,
                                                    const std::optional<OutboxRequest>& request) {
  if (entry.type.empty())
    return std::unexpected(StoreError{StoreError::Kind::BadInput, "journal entry needs a type"});
  auto payload = canonical_json(entry.payload);
  if (!payload) return std::unexpected(StoreError{StoreError::Kind::BadInput, payload.error()});
  if (request && !request->tx_id.empty() && request->tx_id != entry.tx_id)
    return std::unexpected(
        StoreError{StoreError::Kind::BadInput, "outbox request tx_id differs from the entry's"});

  Transaction tx(db_);
  if (tx.begin_error()) return std::unexpected(*tx.begin_error());
  auto last = last_row();
  if (!last) return std::unexpected(last.error());

  JournalRow row;
  row.seq = *last ? (*last)->seq + 1 : 1;
  row.prev_hash = *last ? (*last)->hash : std::string(kGenesisHash);
  row.tx_id = entry.tx_id;
  row.type = entry.type;
  row.payload = std::move(*payload);
  row.at_ms = entry.at_ms;
  row.hash = journal_row_hash(row);

  auto ins = db_.prepare("INSERT INTO journal (" + std::string(kRowColumns) +
                         ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!ins) return std::unexpected(ins.error());
  ins->bind(1, row.seq).bind(2, row.tx_id).bind(3, row.type).bind(4, row.payload);
  ins->bind(5, row.at_ms).bind(6, row.prev_hash).bind(7, row.hash);
  if (auto r = ins->run(); !r) return std::unexpected(r.error());

  if (request) {
    OutboxRequest req = *request;
    req.tx_id = entry.tx_id;
    if (auto r = outbox_.insert(req, entry.at_ms, row.seq); !r) return std::unexpected(r.error());
  }
  if (auto r = tx.commit(); !r) return std::unexpected(r.error());
  return row;
}

std::expected<std::vector<JournalRow>, StoreError> Store::query_rows(
    std::string_view tail, const std::function<void(Statement&)>& bind) {
  auto st =
      db_.prepare("SELECT " + std::string(kRowColumns) + " FROM journal " + std::string(tail));
  if (!st) return std::unexpected(st.error());
  bind(*st);
  std::vector<JournalRow> rows;
  for (;;) {
    auto more = st->step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return rows;
    rows.push_back(read_row(*st));
  }
}

std::expected<std::vector<JournalRow>, StoreError> Store::rows_of_types(
    const std::vector<std::string>& types, std::int64_t since_ms) {
  if (types.empty()) return std::vector<JournalRow>{};
  std::string in;
  for (std::size_t i = 0; i < types.size(); ++i) in += (i ? ",?" : "?") + std::to_string(i + 2);
  return query_rows("WHERE at_ms >= ?1 AND type IN (" + in + ") ORDER BY seq", [&](Statement& st) {
    st.bind(1, since_ms);
    for (std::size_t i = 0; i < types.size(); ++i) st.bind(static_cast<int>(i) + 2, types[i]);
  });
}

std::expected<std::vector<JournalRow>, StoreError> Store::rows_with(
    const std::vector<std::string>& types, PayloadKey key, std::string_view value) {
  if (types.empty()) return std::vector<JournalRow>{};
  // The expression is spelled as in the schema's index (a literal path), so SQLite serves the
  // look-up from it; the value and the types are bound.
  std::string field = key == PayloadKey::Person ? "json_extract(payload, '$.person')"
                                                : "json_extract(payload, '$.order_id')";
  std::string in;
  for (std::size_t i = 0; i < types.size(); ++i) in += (i ? ",?" : "?") + std::to_string(i + 2);
  return query_rows("WHERE " + field + " = ?1 AND type IN (" + in + ") ORDER BY seq",
                    [&](Statement& st) {
                      st.bind(1, value);
                      for (std::size_t i = 0; i < types.size(); ++i)
                        st.bind(static_cast<int>(i) + 2, types[i]);
                    });
}

std::expected<std::vector<JournalRow>, StoreError> Store::rows_for_tx(std::string_view tx_id) {
  return query_rows("WHERE tx_id = ?1 ORDER BY seq", [&](Statement& st) { st.bind(1, tx_id); });
}

std::expected<std::vector<JournalRow>, StoreError> Store::rows_range(std::int64_t from_seq,
                                                                     std::int64_t to_seq) {
  return query_rows("WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq",
                    [&](Statement& st) { st.bind(1, from_seq).bind(2, to_seq); });
}

std::expected<std::optional<JournalRow>, StoreError> Store::last_row() {
  auto rows = query_rows("ORDER BY seq DESC LIMIT 1", [](Statement&) {});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<JournalRow>{};
  return std::optional<JournalRow>{std::move(rows->front())};
}

VerifyResult Store::verify() {
  VerifyResult res;
  auto st = db_.prepare("SELECT " + std::string(kRowColumns) + " FROM journal ORDER BY seq");
  if (!st) return VerifyResult{false, 0, std::nullopt, st.error().what};
  std::int64_t expect_seq = 1;
  std::string prev_hash(kGenesisHash);
  for (;;) {
    auto more = st->step();
    if (!more) return VerifyResult{false, res.rows_checked, std::nullopt, more.error().what};
    if (!*more) return res;
    JournalRow row = read_row(*st);
    auto broken = [&](std::string why) {
      return VerifyResult{false, res.rows_checked, row.seq, std::move(why)};
    };
    if (row.seq != expect_seq)
      return broken("expected seq " + std::to_string(expect_seq) + " (rows missing)");
    if (row.prev_hash != prev_hash) return broken("prev_hash does not match the previous row");
    if (row.hash != journal_row_hash(row)) return broken("hash does not match the row's content");
    prev_hash = row.hash;
    ++expect_seq;
    ++res.rows_checked;
  }
}

std::expected<void, StoreError> Store::put_state(std::string_view key, std::string_view value) {
  auto st = db_.prepare(
      "INSERT INTO app_state (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!st) return std::unexpected(st.error());
  st->bind(1, key).bind(2, value);
  return st->run();
}

std::expected<std::optional<std::string>, StoreError> Store::get_state(std::string_view key) {
  auto st = db_.prepare("SELECT value FROM app_state WHERE key = ?1");
  if (!st) return std::unexpected(st.error());
  st->bind(1, key);
  auto row = st->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>{st->text(0)};
}

}  // namespace kiosk::oq
