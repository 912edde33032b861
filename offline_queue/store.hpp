// The kiosk's durable store: one SQLite database (WAL, synchronous=FULL) holding the journal of
// money events, the outbox of exchange-bound requests and a small key-value table of app state.
// Schema and hash encoding: README.md. Not thread-safe: use a Store from one thread.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "offline_queue/journal_row.hpp"
#include "offline_queue/outbox.hpp"
#include "offline_queue/sqlite_db.hpp"
#include "offline_queue/store_error.hpp"

namespace kiosk::oq {

struct VerifyResult {
  bool ok = true;
  std::int64_t rows_checked = 0;
  std::optional<std::int64_t> first_bad_seq;  // the first row whose seq, link or hash is wrong
  std::string reason;                         // for a person; empty when ok
};

class Store {
 public:
  static constexpr int kSchemaVersion = 4;
  static constexpr int kBusyTimeoutMs = 5000;

  // Opens or creates the database at `path` (":memory:" for a throwaway store) and brings the
  // schema to kSchemaVersion. A database with a newer schema is refused (Kind::Schema).
  static std::expected<std::unique_ptr<Store>, StoreError> open(const std::string& path);

  // Appends one journal row and, if given, its outbox request, in ONE transaction: both or
  // neither. The payload is stored in canonical JSON (canonical_json.hpp). The request's tx_id
  // must be empty (it takes the entry's) or equal to the entry's.
  std::expected<JournalRow, StoreError> append(
      const JournalEntry& entry, const std::optional<OutboxRequest>& request = std::nullopt);

  std::expected<std::vector<JournalRow>, StoreError> rows_for_tx(std::string_view tx_id);
  // Rows of the given types written at or after `since_ms`, in journal order (by the
  // (type, at_ms) index: a look-up reads those rows only, not the whole journal).
  std::expected<std::vector<JournalRow>, StoreError> rows_of_types(
      const std::vector<std::string>& types, std::int64_t since_ms = 0);
  // The payload fields the journal is indexed by (schema v4).
  enum class PayloadKey { Person, OrderId };  // "person", "order_id"
  // Rows of the given types whose payload has `value` (text) at `key`, in journal order, read
  // by the field's index: a look-up costs the matching rows, not the journal's size.
  std::expected<std::vector<JournalRow>, StoreError> rows_with(
      const std::vector<std::string>& types, PayloadKey key, std::string_view value);
  // Rows with from_seq <= seq <= to_seq, in order (for export and for journal batches).
  std::expected<std::vector<JournalRow>, StoreError> rows_range(std::int64_t from_seq,
                                                                std::int64_t to_seq);
  std::expected<std::optional<JournalRow>, StoreError> last_row();

  // Walks the whole journal: seq contiguous from 1, each prev_hash equal to the previous row's
  // hash, each hash equal to journal_row_hash(row). Reports the first row that breaks.
  VerifyResult verify();

  std::expected<void, StoreError> put_state(std::string_view key, std::string_view value);
  std::expected<std::optional<std::string>, StoreError> get_state(std::string_view key);

  Outbox& outbox() { return outbox_; }
  // The connection, for the other tables of the same database (kyc_vault.hpp,
  // blocked_list_sync.hpp). Same thread rules as the Store.
  SqliteDb& db() { return db_; }

 private:
  explicit Store(SqliteDb db) : db_(std::move(db)), outbox_(db_) {}
  std::expected<void, StoreError> migrate();
  std::expected<std::vector<JournalRow>, StoreError> query_rows(
      std::string_view tail, const std::function<void(Statement&)>& bind);

  SqliteDb db_;
  Outbox outbox_;
};

}  // namespace kiosk::oq
