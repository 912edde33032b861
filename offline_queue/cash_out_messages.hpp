// Typed bodies of the cash-out and redeem exchanges (exchange-api.md, "Cash-out and redeem").
// The kiosk writes requests and reads answers with these; the simulator does the reverse with the
// same functions, so both sides agree on the wire form.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flows/money.hpp"
#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/json_read.hpp"

namespace kiosk::oq {

// ---- POST /v1/cash-out/orders ----------------------------------------------------------------

struct CashOutOrderRequest {
  std::string tx_id;
  std::string asset;    // "BTC"
  std::string network;  // "bitcoin"
  flows::Kzt fiat{};    // "fiat_kzt": the banknotes the customer will take
  std::optional<std::string> kyc_ref;
  std::optional<std::string> customer_key;  // the person's pseudonym (p-...), for usage per person
  bool operator==(const CashOutOrderRequest&) const = default;
};

std::string cash_out_order_body(const CashOutOrderRequest& req);
std::expected<CashOutOrderRequest, MessageError> parse_cash_out_order_request(
    std::string_view json);

struct CashOutOrder {
  std::string order_id;
  std::string deposit_address;
  std::string payment_uri;
  flows::Atoms crypto_atoms = 0;   // what the customer must send
  std::string expires_at;          // ISO 8601 UTC
  std::int64_t expires_at_ms = 0;  // the same instant in Unix ms ("expires_at_ms")
  int required_confirmations = 1;
  std::string redeem_code;
  bool operator==(const CashOutOrder&) const = default;
};

std::string cash_out_order_answer_body(const CashOutOrder& order);
std::expected<CashOutOrder, MessageError> parse_cash_out_order_answer(std::string_view json);

// ---- GET /v1/cash-out/orders/{id}, GET /v1/redeem/{code}, POST .../claim ----------------------

enum class OrderStatus { Waiting, Seen, Confirmed, Expired, Dispensing, Dispensed };
const char* to_string(OrderStatus s);
std::optional<OrderStatus> parse_order_status(std::string_view s);

struct OrderView {
  std::string order_id;
  OrderStatus status = OrderStatus::Waiting;
  std::string asset;
  std::string network;
  flows::Kzt fiat{};
  flows::Atoms crypto_atoms = 0;    // due
  flows::Atoms received_atoms = 0;  // seen on chain so far
  int confirmations = 0;
  int required_confirmations = 1;
  std::string redeem_code;
  std::string customer_key;  // the pseudonym the order was made for ("" = none; optional field)
  bool operator==(const OrderView&) const = default;
};

std::string order_view_body(const OrderView& view);
std::expected<OrderView, MessageError> parse_order_view(std::string_view json);

// True when the deposit may be paid out: confirmed, enough confirmations, fully paid.
bool deposit_settled(const OrderView& view);

// ---- POST /v1/cash-out/orders/{id}/claim -----------------------------------------------------
// The kiosk claims the order right before it journals a dispense intent. The exchange grants the
// claim once (to one Idempotency-Key): this is what makes a redeem code dispense at most once,
// across restarts and across kiosks. Body: {"tx_id": "..."}; answer: the OrderView, status
// "dispensing". 409 `not_confirmed`, `already_claimed`, `expired`.

std::string claim_body(std::string_view tx_id);
std::expected<std::string, MessageError> parse_claim_body(std::string_view json);

// ---- POST /v1/cash-out/orders/{id}/dispensed -------------------------------------------------

enum class DispenseResultKind { Complete, Partial, Unknown };
const char* to_string(DispenseResultKind k);

struct DispensedReport {
  std::string tx_id;
  std::vector<NoteCount> notes;  // delivered to the customer
  flows::Kzt fiat{};             // delivered, the sum of notes
  flows::Kzt shortfall{};        // owed to the customer (planned minus delivered), 0 if complete
  DispenseResultKind result = DispenseResultKind::Complete;
  bool operator==(const DispensedReport&) const = default;
};

std::string dispensed_body(const DispensedReport& report);
std::expected<DispensedReport, MessageError> parse_dispensed_report(std::string_view json);

}  // namespace kiosk::oq
