// Typed bodies of the queued writes the kiosk sends and the answers it reads
// (exchange-api.md, "Writes"). The simulator parses requests with the same functions, so both
// sides agree on the wire form.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flows/money.hpp"
#include "offline_queue/journal_row.hpp"
#include "offline_queue/json_read.hpp"

namespace kiosk::oq {

// ---- POST /v1/cash-in ------------------------------------------------------------------------

struct NoteCount {
  std::int64_t kzt = 0;  // denomination
  std::int64_t count = 0;
  bool operator==(const NoteCount&) const = default;
};

// "notes": [{"kzt": 5000, "count": 2}]; every entry positive and sane (the sum stays far from
// overflow). An empty list is accepted here: callers that need notes check.
nlohmann::json note_counts_json(const std::vector<NoteCount>& notes);
std::expected<std::vector<NoteCount>, MessageError> parse_note_counts(const nlohmann::json& list);
std::int64_t notes_total(const std::vector<NoteCount>& notes);

struct CashInRequest {
  std::string tx_id;
  std::string asset;    // "BTC"
  std::string network;  // "bitcoin"
  std::string address;
  flows::Kzt fiat{};             // "fiat_kzt"; equals the sum of notes
  flows::Kzt fee{};              // "fee_kzt"; the kiosk's fee, kept from the cash (0 <= fee < fiat)
  std::vector<NoteCount> notes;  // "notes": [{"kzt": 5000, "count": 2}]
  flows::Rate quote_kzt_per_unit = flows::Rate::from_parts(1, 0);  // "quote.kzt_per_unit"
  std::string quote_as_of;                                         // "quote.as_of"
  std::optional<std::string> kyc_ref;
  // "customer_key": the person, so the exchange can total usage per person across kiosks. The
  // kiosk sends its pseudonym ("p-" + HMAC of the identity key under the operator's shared key,
  // kiosk/shell/person_usage.hpp), never the IIN: the outbox holds requests in plaintext.
  std::optional<std::string> customer_key;
  bool offline = false;
  bool recovered = false;  // "recovered": rebuilt from the journal after a kiosk restart
  std::string created_at;  // ISO 8601 UTC, "2024-05-01T10:00:00Z"
  bool operator==(const CashInRequest&) const = default;
};

std::string cash_in_body(const CashInRequest& req);
// Strict: every field present and typed, fiat_kzt > 0 and equal to the sum of the notes.
std::expected<CashInRequest, MessageError> parse_cash_in_request(std::string_view json);

struct CashInAnswer {
  std::string status;  // "accepted" or "sent"
  flows::Atoms crypto_atoms = 0;
  std::string chain_txid;  // may be empty while only accepted
  bool operator==(const CashInAnswer&) const = default;
};

std::string cash_in_answer_body(const CashInAnswer& answer);
std::expected<CashInAnswer, MessageError> parse_cash_in_answer(std::string_view json);

// ---- POST /v1/journal ------------------------------------------------------------------------
//   {"rows": [{"seq": 1, "tx_id": "...", "type": "...", "payload": "<canonical JSON as a string>",
//              "at_ms": 1714557600000, "prev_hash": "...", "hash": "..."}]}
// The payload travels as a string so the receiver hashes exactly the bytes the kiosk hashed.

std::string journal_batch_body(const std::vector<JournalRow>& rows);
std::expected<std::vector<JournalRow>, MessageError> parse_journal_batch(std::string_view json);
// {"acked_through": SEQ}
std::expected<std::int64_t, MessageError> parse_journal_ack(std::string_view json);

// ---- Errors ----------------------------------------------------------------------------------
//   {"error": {"code": "limit_exceeded", "message": "..."}}

struct ApiError {
  std::string code;
  std::string message;
};

std::string error_body(std::string_view code, std::string_view message);
std::expected<ApiError, MessageError> parse_error_body(std::string_view json);

}  // namespace kiosk::oq
