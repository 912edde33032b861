// Inputs, outputs and settings of the cash-out (sell crypto) and redeem flows. See
// cash_out_flow.hpp and redeem_flow.hpp. Both flows share one event and one effect type so the
// shell wires them once.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "flows/compliance/kyc_gate.hpp"
#include "flows/dispense/cassette_book.hpp"
#include "flows/dispense/dispense_plan.hpp"
#include "flows/money.hpp"
#include "flows/receipt.hpp"
#include "flows/record.hpp"
#include "flows/time.hpp"

namespace kiosk::flows::cash_out {

// Journal record types written by the flows and read back by recovery and by the shell (which
// looks up `dispense_intent` rows by order_id so one order dispenses at most once per kiosk).
namespace rec {
inline constexpr const char* kSessionOpened = "cash_out.session_opened";
inline constexpr const char* kOrderRequested = "cash_out.order_requested";
inline constexpr const char* kOrderCreated = "cash_out.order_created";
inline constexpr const char* kRedeemCodeIssued = "cash_out.redeem_code_issued";
inline constexpr const char* kRedeemLookedUp = "redeem.looked_up";
inline constexpr const char* kDispenseRefused = "cash_out.dispense_refused";
inline constexpr const char* kDispenseIntent = "cash_out.dispense_intent";
inline constexpr const char* kBatchIntent = "cash_out.batch_intent";  // written by the shell
inline constexpr const char* kBatchResult = "cash_out.batch_result";  // written by the shell
inline constexpr const char* kDispenseResult = "cash_out.dispense_result";
inline constexpr const char* kLateDispenseResult = "cash_out.late_dispense_result";
// A purge moved notes from the path into the reject tray: "moves" when the device counted them per
// cassette (LCDM-4000), "counts": "unknown" when it did not (LCDM-1000/2000): count at the refill.
inline constexpr const char* kPurged = "cash_out.purged";
inline constexpr const char* kDispensedQueued = "cash_out.dispensed_queued";
inline constexpr const char* kReceiptPrinted = "cash_out.receipt_printed";
inline constexpr const char* kReceiptFailed = "cash_out.receipt_failed";
inline constexpr const char* kClosed = "cash_out.closed";
}  // namespace rec

// An asset the kiosk buys from customers, with the exchange's current sell price.
struct AssetOffer {
  std::string id;  // "BTC/bitcoin"
  std::string name;
  std::string symbol;
  int decimals = 8;
  Rate sell = Rate::from_parts(1, 0);  // tenge a customer gets per whole unit
};

struct Market {
  std::vector<AssetOffer> offers;
  std::string as_of;
  std::optional<Instant> received_at;
  bool online = false;  // cash-out and redeem need the exchange: nothing starts offline
};

struct Timeouts {
  Millis choose_asset{std::chrono::seconds(60)};
  Millis choose_amount{std::chrono::seconds(60)};
  Millis identify{std::chrono::seconds(60)};           // the consent screen
  Millis scan_document{std::chrono::seconds(90)};      // since the last guidance or refusal
  Millis checking_customer{std::chrono::seconds(20)};  // blocked list and usage look-up
  Millis selfie{std::chrono::seconds(60)};
  Millis creating_order{std::chrono::seconds(30)};
  Millis deposit_wait{std::chrono::minutes(30)};  // longest countdown, whatever the order says
  Millis dispensing{std::chrono::minutes(5)};     // no device answer by then: result unknown
  Millis scan_code{std::chrono::seconds(60)};
  Millis lookup{std::chrono::seconds(30)};
  Millis receipt{std::chrono::seconds(30)};
  Millis done{std::chrono::seconds(30)};
  Millis ended{std::chrono::seconds(20)};
};

struct Policy {
  std::vector<std::string> languages{"kk", "ru", "en"};
  Kzt min_amount{1000};
  Kzt max_tx{500'000};  // the kiosk's largest cash-out (identification may lower it per person)
  Kzt amount_step{1000};
  int fee_bps = 0;  // shown on the estimate; the exchange's crypto_atoms is what counts
  Millis max_rate_age{std::chrono::minutes(2)};
  // Identifying the customer before an order is made (absent: no identification). Shared with
  // cash-in: flows/compliance/kyc_gate.hpp.
  std::optional<compliance::KycSettings> kyc;
  int min_confirmations = 1;  // the kiosk's floor over the order's required_confirmations
  dispense::DispenseLimits limits;
  Timeouts timeouts;
  std::string operator_name;
  std::vector<std::string> operator_info;
  std::string receipt_qr_prefix;  // the receipt's QR is this + tx id
};

// The exchange's order, as created.
struct Order {
  std::string order_id;
  std::string deposit_address;
  std::string payment_uri;
  Atoms crypto_atoms = 0;  // what the customer must send
  std::string expires_at;  // the exchange's timestamp, shown
  int required_confirmations = 1;
  std::string redeem_code;
};

enum class DepositState { Waiting, Seen, Confirmed, Expired, Dispensed };
const char* to_string(DepositState s);

// ---- events ----
struct Touch {
  std::string action;
  std::string value;
};
struct Tick {};
using compliance::CustomerStanding;
using compliance::DocumentChecked;
using compliance::SelfieChecked;
struct OrderCreated {
  Order order;
  Millis expires_in{};  // the shell's reading of expires_at against the exchange's clock
};
struct OrderFailed {
  bool offline = false;  // no answer (vs. a refusal with a code)
  std::string code;
  std::string message;
};
struct DepositStatus {
  DepositState state = DepositState::Waiting;
  Atoms received_atoms = 0;
  int confirmations = 0;
};
struct DispenseFinished {
  enum class Result { Complete, Partial, Unknown };
  Result result = Result::Unknown;
  std::vector<dispense::CassetteMove> moves;  // per cassette as the device reported
  std::string error;
};
struct ReceiptDone {
  bool printed = false;
  std::string error;
};
struct CodeScanned {  // redeem: a redeem code from the camera or typed on the screen
  std::string code;
};
struct RedeemStatus {  // redeem: the exchange's view of the order behind a code
  bool found = false;
  std::string order_id;
  std::string asset_id;
  Kzt fiat{};
  DepositState state = DepositState::Waiting;
  Atoms crypto_atoms = 0;
  Atoms received_atoms = 0;
  int confirmations = 0;
  int required_confirmations = 1;
  bool dispensed_here = false;  // the shell's journal already has a dispense intent for it
  // The order was made for another identified person than the one redeeming (the shell compares
  // the order's customer_key with LookUpRedeem::customer_ref and then claims nothing).
  bool other_person = false;
};
struct LookupFailed {
  std::string message;
};
// The dispenser cannot pay now (a fault, its link lost): told to the session at once. Before an
// order exists the session ends; after, the customer is told and keeps the redeem code.
struct DispenserDown {
  std::string reason;
};
using Event = std::variant<Touch, Tick, OrderCreated, OrderFailed, DepositStatus, DispenseFinished,
                           ReceiptDone, CodeScanned, RedeemStatus, LookupFailed, DocumentChecked,
                           CustomerStanding, SelfieChecked, DispenserDown>;

// ---- effects, carried out by the shell in order ----
struct Journal {
  Record record;
};
using compliance::LookUpCustomer;
using compliance::SubmitKyc;
struct CreateOrder {  // journal the record, then ask the exchange (answers OrderCreated/Failed)
  Record record;
  std::string tx_id;
  std::string asset_id;
  Kzt fiat{};
  std::string customer_ref;  // the identified person's pseudonym ("" when not identified)
};
struct WatchOrder {  // poll the order's status and feed DepositStatus until StopWatching
  std::string order_id;
};
struct StopWatching {};
struct LookUpRedeem {  // ask the exchange for the order behind a code and check the journal
  std::string code;
  std::string customer_ref;  // the identified person redeeming ("" when not identified)
};
// Journal `intent` first, then drive the dispenser batch by batch (optionally journaling a
// kBatchResult row after each), then answer DispenseFinished with the totals. Never repeated.
struct Dispense {
  Record intent;
  std::string order_id;
  dispense::DispensePlan plan;
};
// The `dispensed` report for the exchange: journaled and put in the outbox in one transaction.
struct ReportDispensed {
  Record record;
  std::string tx_id;
  std::string order_id;
  std::map<std::int64_t, int> notes;  // denomination -> delivered
  Kzt fiat{};                         // delivered
  std::string result;                 // "complete" | "partial" | "unknown"
};
struct PrintReceipt {
  Receipt receipt;
};
struct PrintRedeemCode {
  Receipt receipt;
};
// Cash-out must stop until the operator settles: a dispense whose outcome is unknown.
struct SuspendCashOut {
  std::string reason;
  std::string tx_id;
};
using Effect = std::variant<Journal, CreateOrder, WatchOrder, StopWatching, LookUpRedeem, Dispense,
                            ReportDispensed, PrintReceipt, PrintRedeemCode, SuspendCashOut,
                            LookUpCustomer, SubmitKyc>;

}  // namespace kiosk::flows::cash_out
