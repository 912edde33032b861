#include "offline_queue/cash_out_messages.hpp"

#include <array>
#include <limits>

namespace kiosk::oq {
namespace {

using json_read::dump;

std::expected<flows::Atoms, MessageError> atoms_field(const nlohmann::json& root,
                                                      std::string_view key) {
  std::string text;
  KIOSK_TRY_ASSIGN(text, json_read::string(root, key));
  auto atoms = flows::parse_atoms(text);
  if (!atoms)
    return std::unexpected(MessageError{"'" + std::string(key) + "': " + atoms.error().what});
  return *atoms;
}

std::expected<int, MessageError> small_count(const nlohmann::json& root, std::string_view key) {
  std::int64_t v = 0;
  KIOSK_TRY_ASSIGN(v, json_read::int64(root, key));
  if (v < 0 || v > 1'000'000)
    return std::unexpected(MessageError{"'" + std::string(key) + "' is out of range"});
  return static_cast<int>(v);
}

std::expected<flows::Kzt, MessageError> positive_kzt(const nlohmann::json& root,
                                                     std::string_view key) {
  std::int64_t v = 0;
  KIOSK_TRY_ASSIGN(v, json_read::int64(root, key));
  if (v <= 0 || v > 1'000'000'000'000)
    return std::unexpected(MessageError{"'" + std::string(key) + "' must be positive"});
  return flows::Kzt{v};
}

constexpr std::array<std::pair<OrderStatus, const char*>, 6> kStatusNames{{
    {OrderStatus::Waiting, "waiting"},
    {OrderStatus::Seen, "seen"},
    {OrderStatus::Confirmed, "confirmed"},
    {OrderStatus::Expired, "expired"},
    {OrderStatus::Dispensing, "dispensing"},
    {OrderStatus::Dispensed, "dispensed"},
}};

constexpr std::array<std::pair<DispenseResultKind, const char*>, 3> kResultNames{{
    {DispenseResultKind::Complete, "complete"},
    {DispenseResultKind::Partial, "partial"},
    {DispenseResultKind::Unknown, "unknown"},
}};

}  // namespace

const char* to_string(OrderStatus s) {
  for (const auto& [k, name] : kStatusNames)
    if (k == s) return name;
  return "?";
}

std::optional<OrderStatus> parse_order_status(std::string_view s) {
  for (const auto& [k, name] : kStatusNames)
    if (s == name) return k;
  return std::nullopt;
}

const char* to_string(DispenseResultKind k) {
  for (const auto& [kind, name] : kResultNames)
    if (kind == k) return name;
  return "?";
}

std::string cash_out_order_body(const CashOutOrderRequest& req) {
  nlohmann::json j = {{"tx_id", req.tx_id},
                      {"asset", req.asset},
                      {"network", req.network},
                      {"fiat_kzt", req.fiat.value}};
  if (req.kyc_ref) j["kyc_ref"] = *req.kyc_ref;
  if (req.customer_key) j["customer_key"] = *req.customer_key;
  return dump(j);
}

std::expected<CashOutOrderRequest, MessageError> parse_cash_out_order_request(
    std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  CashOutOrderRequest r;
  KIOSK_TRY_ASSIGN(r.tx_id, json_read::string(root, "tx_id"));
  KIOSK_TRY_ASSIGN(r.asset, json_read::string(root, "asset"));
  KIOSK_TRY_ASSIGN(r.network, json_read::string(root, "network"));
  KIOSK_TRY_ASSIGN(r.fiat, positive_kzt(root, "fiat_kzt"));
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
  return r;
}

std::string cash_out_order_answer_body(const CashOutOrder& o) {
  return dump({{"order_id", o.order_id},
               {"deposit_address", o.deposit_address},
               {"payment_uri", o.payment_uri},
               {"crypto_atoms", flows::atoms_to_string(o.crypto_atoms)},
               {"expires_at", o.expires_at},
               {"expires_at_ms", o.expires_at_ms},
               {"required_confirmations", o.required_confirmations},
               {"redeem_code", o.redeem_code}});
}

std::expected<CashOutOrder, MessageError> parse_cash_out_order_answer(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  CashOutOrder o;
  KIOSK_TRY_ASSIGN(o.order_id, json_read::string(root, "order_id"));
  KIOSK_TRY_ASSIGN(o.deposit_address, json_read::string(root, "deposit_address"));
  KIOSK_TRY_ASSIGN(o.payment_uri, json_read::string(root, "payment_uri"));
  KIOSK_TRY_ASSIGN(o.crypto_atoms, atoms_field(root, "crypto_atoms"));
  KIOSK_TRY_ASSIGN(o.expires_at, json_read::string(root, "expires_at"));
  KIOSK_TRY_ASSIGN(o.expires_at_ms, json_read::int64(root, "expires_at_ms"));
  KIOSK_TRY_ASSIGN(o.required_confirmations, small_count(root, "required_confirmations"));
  KIOSK_TRY_ASSIGN(o.redeem_code, json_read::string(root, "redeem_code"));
  if (o.crypto_atoms == 0) return std::unexpected(MessageError{"'crypto_atoms' must be positive"});
  return o;
}

std::string order_view_body(const OrderView& v) {
  nlohmann::json j = {{"order_id", v.order_id},
                      {"status", to_string(v.status)},
                      {"asset", v.asset},
                      {"network", v.network},
                      {"fiat_kzt", v.fiat.value},
                      {"crypto_atoms", flows::atoms_to_string(v.crypto_atoms)},
                      {"received_atoms", flows::atoms_to_string(v.received_atoms)},
                      {"confirmations", v.confirmations},
                      {"required_confirmations", v.required_confirmations},
                      {"redeem_code", v.redeem_code}};
  if (!v.customer_key.empty()) j["customer_key"] = v.customer_key;
  return dump(j);
}

std::expected<OrderView, MessageError> parse_order_view(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  OrderView v;
  std::string status;
  KIOSK_TRY_ASSIGN(v.order_id, json_read::string(root, "order_id"));
  KIOSK_TRY_ASSIGN(status, json_read::string(root, "status"));
  auto parsed = parse_order_status(status);
  if (!parsed) return std::unexpected(MessageError{"'status' is not a known order status"});
  v.status = *parsed;
  KIOSK_TRY_ASSIGN(v.asset, json_read::string(root, "asset"));
  KIOSK_TRY_ASSIGN(v.network, json_read::string(root, "network"));
  KIOSK_TRY_ASSIGN(v.fiat, positive_kzt(root, "fiat_kzt"));
  KIOSK_TRY_ASSIGN(v.crypto_atoms, atoms_field(root, "crypto_atoms"));
  KIOSK_TRY_ASSIGN(v.received_atoms, atoms_field(root, "received_atoms"));
  KIOSK_TRY_ASSIGN(v.confirmations, small_count(root, "confirmations"));
  KIOSK_TRY_ASSIGN(v.required_confirmations, small_count(root, "required_confirmations"));
  KIOSK_TRY_ASSIGN(v.redeem_code, json_read::string(root, "redeem_code"));
  if (json_read::field(root, "customer_key") != nullptr)
    KIOSK_TRY_ASSIGN(v.customer_key, json_read::string(root, "customer_key"));
  return v;
}

bool deposit_settled(const OrderView& v) {
  return (v.status == OrderStatus::Confirmed || v.status == OrderStatus::Dispensing) &&
         v.confirmations >= v.required_confirmations && v.received_atoms >= v.crypto_atoms &&
         v.crypto_atoms > 0;
}

std::string claim_body(std::string_view tx_id) { return dump({{"tx_id", tx_id}}); }

std::expected<std::string, MessageError> parse_claim_body(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  return json_read::string(root, "tx_id");
}

std::string dispensed_body(const DispensedReport& r) {
  return dump({{"tx_id", r.tx_id},
               {"notes", note_counts_json(r.notes)},
               {"fiat_kzt", r.fiat.value},
               {"shortfall_kzt", r.shortfall.value},
               {"result", to_string(r.result)}});
}

std::expected<DispensedReport, MessageError> parse_dispensed_report(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  DispensedReport r;
  KIOSK_TRY_ASSIGN(r.tx_id, json_read::string(root, "tx_id"));
  const nlohmann::json* notes = json_read::field(root, "notes");
  if (notes == nullptr) return std::unexpected(MessageError{"'notes' must be an array"});
  KIOSK_TRY_ASSIGN(r.notes, parse_note_counts(*notes));
  KIOSK_TRY_ASSIGN(r.fiat.value, json_read::int64(root, "fiat_kzt"));
  KIOSK_TRY_ASSIGN(r.shortfall.value, json_read::int64(root, "shortfall_kzt"));
  std::string result;
  KIOSK_TRY_ASSIGN(result, json_read::string(root, "result"));
  bool known = false;
  for (const auto& [kind, name] : kResultNames)
    if (result == name) r.result = kind, known = true;
  if (!known) return std::unexpected(MessageError{"'result' must be complete, partial or unknown"});
  if (r.fiat.value != notes_total(r.notes))
    return std::unexpected(MessageError{"'fiat_kzt' differs from the sum of 'notes'"});
  if (r.shortfall.value < 0) return std::unexpected(MessageError{"'shortfall_kzt' is negative"});
  if (r.result == DispenseResultKind::Complete && r.shortfall.value != 0)
    return std::unexpected(MessageError{"a complete dispense has no shortfall"});
  return r;
}

}  // namespace kiosk::oq
