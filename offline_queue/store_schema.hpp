// The store's schema, version by version (documented in README.md).
#pragma once

#include <string_view>

namespace kiosk::oq {

// Version 1: journal, outbox, app_state. Applied in one transaction, then user_version = 1.
inline constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE journal (
  seq        INTEGER PRIMARY KEY,
  tx_id      TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  payload    TEXT    NOT NULL,
  at_ms      INTEGER NOT NULL,
  prev_hash  TEXT    NOT NULL,
  hash       TEXT    NOT NULL
);
CREATE INDEX journal_by_tx ON journal (tx_id, seq);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
  BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
  BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;

CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  idempotency_key  TEXT    NOT NULL UNIQUE,
  tx_id            TEXT    NOT NULL,
  method           TEXT    NOT NULL,
  path             TEXT    NOT NULL,
  body             TEXT    NOT NULL,
  created_at_ms    INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms  INTEGER NOT NULL,
  state            TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  last_status      INTEGER,
  last_error       TEXT,
  response_body    TEXT,
  journal_seq      INTEGER REFERENCES journal (seq),
  finished_at_ms   INTEGER
);
CREATE INDEX outbox_by_tx ON outbox (tx_id, id);
CREATE INDEX outbox_by_state ON outbox (state, next_attempt_ms);

CREATE TABLE app_state (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
)sql";

// Version 2 (migration from 1, one transaction): personal data at rest, always sealed
// (AES-256-GCM, sealed_box.hpp). `kyc_vault` holds each KYC submission as the sealed body of its
// POST /v1/kyc until the exchange acknowledges it or the retention period ends; then the box is
// deleted and the row stays as a tombstone. `blocked_list` holds the exchange's blocked list
// (IINs, names and birth dates: personal data of the people listed), sealed, one row.
inline constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE kyc_vault (
  kyc_id           TEXT    PRIMARY KEY,
  tx_id            TEXT    NOT NULL,
  sealed_body      BLOB,
  body_sha256      TEXT    NOT NULL,
  created_at_ms    INTEGER NOT NULL,
  state            TEXT    NOT NULL CHECK (state IN ('pending', 'acked', 'failed', 'purged')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms  INTEGER NOT NULL,
  last_status      INTEGER,
  last_error       TEXT,
  status           TEXT,
  review_reason    TEXT,
  acked_at_ms      INTEGER,
  purged_at_ms     INTEGER
);
CREATE INDEX kyc_vault_by_state ON kyc_vault (state, next_attempt_ms);

CREATE TABLE blocked_list (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  INTEGER NOT NULL,
  sealed   BLOB    NOT NULL
);
)sql";

// Version 3 (migration from 2): the journal by record type and time, so look-ups of one kind of
// row (a person's purchases this month, the dispense intents, the cassette refills) read those
// rows only instead of the whole journal.
inline constexpr std::string_view kSchemaV3 = R"sql(
CREATE INDEX journal_by_type ON journal (type, at_ms);
)sql";

// Version 4 (migration from 3): the journal by the two payload fields the kiosk looks rows up by
// while a customer waits: a person's sessions ("person", the pseudonym) and an order's rows
// ("order_id"). Partial indexes: only rows that have the field are in them. A query must use the
// same expression (`json_extract(payload, '$.person')`) to be served by them.
inline constexpr std::string_view kSchemaV4 = R"sql(
CREATE INDEX journal_by_person ON journal (json_extract(payload, '$.person'), type)
  WHERE json_extract(payload, '$.person') IS NOT NULL;
CREATE INDEX journal_by_order ON journal (json_extract(payload, '$.order_id'), type)
  WHERE json_extract(payload, '$.order_id') IS NOT NULL;
)sql";

}  // namespace kiosk::oq
