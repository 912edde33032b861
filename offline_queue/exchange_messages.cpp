#include "offline_queue/exchange_messages.hpp"

namespace kiosk::oq {
namespace {

using json_read::dump;
}  // namespace

nlohmann::json note_counts_json(const std::vector<NoteCount>& notes) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& n : notes) list.push_back({{"kzt", n.kzt}, {"count", n.count}});
  return list;
}

std::expected<std::vector<NoteCount>, MessageError> parse_note_counts(const nlohmann::json& list) {
  if (!list.is_array()) return std::unexpected(MessageError{"'notes' must be an array"});
  std::vector<NoteCount> out;
  std::int64_t sum = 0;
  for (const auto& n : list) {
    NoteCount nc;
    KIOSK_TRY_ASSIGN(nc.kzt, json_read::int64(n, "kzt"));
    KIOSK_TRY_ASSIGN(nc.count, json_read::int64(n, "count"));
    if (nc.kzt <= 0 || nc.kzt > 1'000'000'000 || nc.count <= 0 || nc.count > 100'000)
      return std::unexpected(MessageError{"'notes' entries must be positive and sane"});
    sum += nc.kzt * nc.count;
    if (sum > 1'000'000'000'000'000)
      return std::unexpected(MessageError{"'notes' add up to an absurd amount"});
    out.push_back(nc);
  }
  return out;
}

std::int64_t notes_total(const std::vector<NoteCount>& notes) {
  std::int64_t sum = 0;
  for (const auto& n : notes) sum += n.kzt * n.count;
  return sum;
}

std::string cash_in_body(const CashInRequest& req) {
  nlohmann::json notes = note_counts_json(req.notes);
  nlohmann::json j = {
      {"tx_id", req.tx_id},
      {"asset", req.asset},
      {"network", req.network},
      {"address", req.address},
      {"fiat_kzt", req.fiat.value},
      {"fee_kzt", req.fee.value},
      {"notes", std::move(notes)},
      {"quote", {{"kzt_per_unit", req.quote_kzt_per_unit.to_string()}, {"as_of", req.quote_as_of}}},
      {"offline", req.offline},
      {"recovered", req.recovered},
      {"created_at", req.created_at}};
  if (req.kyc_ref) j["kyc_ref"] = *req.kyc_ref;
  if (req.customer_key) j["customer_key"] = *req.customer_key;
  return dump(j);
}

std::expected<CashInRequest, MessageError> parse_cash_in_request(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  CashInRequest r;
  KIOSK_TRY_ASSIGN(r.tx_id, json_read::string(root, "tx_id"));
  KIOSK_TRY_ASSIGN(r.asset, json_read::string(root, "asset"));
  KIOSK_TRY_ASSIGN(r.network, json_read::string(root, "network"));
  KIOSK_TRY_ASSIGN(r.address, json_read::string(root, "address"));
  KIOSK_TRY_ASSIGN(r.fiat.value, json_read::int64(root, "fiat_kzt"));
  KIOSK_TRY_ASSIGN(r.offline, json_read::boolean(root, "offline"));
  if (json_read::field(root, "fee_kzt") != nullptr)
    KIOSK_TRY_ASSIGN(r.fee.value, json_read::int64(root, "fee_kzt"));
  if (json_read::field(root, "recovered") != nullptr)
    KIOSK_TRY_ASSIGN(r.recovered, json_read::boolean(root, "recovered"));
  KIOSK_TRY_ASSIGN(r.created_at, json_read::string(root, "created_at"));
  if (json_read::field(root, "kyc_ref") != nullptr) {
    std::string ref;
    KIOSK_TRY_ASSIGN(ref, json_read::string(root, "kyc_ref"));
    r.kyc_ref = std::move(ref);
  }
  if (json_read::field(root, "customer_key") != nullptr) {
    std::string key;
    KIOSK_TRY_ASSIGN(key, json_read::string(root, "customer_key"));
    r.customer_key = std::move(key);
  }
  if (r.fiat.value <= 0) return std::unexpected(MessageError{"'fiat_kzt' must be positive"});
  if (r.fee.value < 0 || r.fee >= r.fiat)
    return std::unexpected(MessageError{"'fee_kzt' must be at least 0 and less than 'fiat_kzt'"});
  const nlohmann::json* notes = json_read::field(root, "notes");
  if (notes == nullptr || !notes->is_array() || notes->empty())
    return std::unexpected(MessageError{"'notes' must be a non-empty array"});
  KIOSK_TRY_ASSIGN(r.notes, parse_note_counts(*notes));
  if (notes_total(r.notes) != r.fiat.value)
    return std::unexpected(MessageError{"'fiat_kzt' differs from the sum of 'notes'"});
  const nlohmann::json* quote = json_read::field(root, "quote");
  if (quote == nullptr || !quote->is_object())
    return std::unexpected(MessageError{"'quote' must be an object"});
  std::string rate_text;
  KIOSK_TRY_ASSIGN(rate_text, json_read::string(*quote, "kzt_per_unit"));
  auto rate = flows::Rate::parse(rate_text);
  if (!rate) return std::unexpected(MessageError{"'quote.kzt_per_unit': " + rate.error().what});
  r.quote_kzt_per_unit = *rate;
  KIOSK_TRY_ASSIGN(r.quote_as_of, json_read::string(*quote, "as_of"));
  return r;
}

std::string cash_in_answer_body(const CashInAnswer& a) {
  return dump({{"status", a.status},
               {"crypto_atoms", flows::atoms_to_string(a.crypto_atoms)},
               {"chain_txid", a.chain_txid}});
}

std::expected<CashInAnswer, MessageError> parse_cash_in_answer(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  CashInAnswer a;
  KIOSK_TRY_ASSIGN(a.status, json_read::string(root, "status"));
  if (a.status != "accepted" && a.status != "sent")
    return std::unexpected(MessageError{"'status' must be accepted or sent"});
  std::string atoms;
  KIOSK_TRY_ASSIGN(atoms, json_read::string(root, "crypto_atoms"));
  auto parsed = flows::parse_atoms(atoms);
  if (!parsed) return std::unexpected(MessageError{"'crypto_atoms': " + parsed.error().what});
  a.crypto_atoms = *parsed;
  if (json_read::field(root, "chain_txid") != nullptr)
    KIOSK_TRY_ASSIGN(a.chain_txid, json_read::string(root, "chain_txid", /*allow_empty=*/true));
  return a;
}

std::string journal_batch_body(const std::vector<JournalRow>& rows) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : rows)
    list.push_back({{"seq", r.seq},
                    {"tx_id", r.tx_id},
                    {"type", r.type},
                    {"payload", r.payload},
                    {"at_ms", r.at_ms},
                    {"prev_hash", r.prev_hash},
                    {"hash", r.hash}});
  return dump({{"rows", std::move(list)}});
}

std::expected<std::vector<JournalRow>, MessageError> parse_journal_batch(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  const nlohmann::json* list = json_read::field(root, "rows");
  if (list == nullptr || !list->is_array())
    return std::unexpected(MessageError{"'rows' must be an array"});
  std::vector<JournalRow> rows;
  for (const auto& item : *list) {
    JournalRow r;
    KIOSK_TRY_ASSIGN(r.seq, json_read::int64(item, "seq"));
    KIOSK_TRY_ASSIGN(r.tx_id, json_read::string(item, "tx_id", true));
    KIOSK_TRY_ASSIGN(r.type, json_read::string(item, "type"));
    KIOSK_TRY_ASSIGN(r.payload, json_read::string(item, "payload"));
    KIOSK_TRY_ASSIGN(r.at_ms, json_read::int64(item, "at_ms"));
    KIOSK_TRY_ASSIGN(r.prev_hash, json_read::string(item, "prev_hash"));
    KIOSK_TRY_ASSIGN(r.hash, json_read::string(item, "hash"));
    rows.push_back(std::move(r));
  }
  return rows;
}

std::expected<std::int64_t, MessageError> parse_journal_ack(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  return json_read::int64(root, "acked_through");
}

std::string error_body(std::string_view code, std::string_view message) {
  return dump({{"error", {{"code", code}, {"message", message}}}});
}

std::expected<ApiError, MessageError> parse_error_body(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  const nlohmann::json* err = json_read::field(root, "error");
  if (err == nullptr || !err->is_object())
    return std::unexpected(MessageError{"'error' must be an object"});
  ApiError e;
  KIOSK_TRY_ASSIGN(e.code, json_read::string(*err, "code"));
  KIOSK_TRY_ASSIGN(e.message, json_read::string(*err, "message", true));
  return e;
}

}  // namespace kiosk::oq
