// Inputs, outputs and settings of the cash-in (buy crypto) flow. See cash_in_flow.hpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "flows/compliance/kyc_gate.hpp"
#include "flows/money.hpp"
#include "flows/receipt.hpp"
#include "flows/record.hpp"
#include "flows/time.hpp"

namespace kiosk::flows::cash_in {

// An asset the kiosk sells, with the exchange's current buy price.
struct AssetOffer {
  std::string id;  // "BTC/bitcoin"
  std::string name;
  std::string symbol;
  int decimals = 8;
  Rate buy = Rate::from_parts(1, 0);  // tenge a customer pays per whole unit
};

// What the shell knows about prices and the exchange link, refreshed as it changes.
struct Market {
  std::vector<AssetOffer> offers;
  std::string as_of;                   // the exchange's timestamp of these rates
  std::optional<Instant> received_at;  // when the kiosk got them (none: never)
  bool online = false;                 // the exchange answered recently
  Kzt offline_exposure{};  // fiat taken offline and not yet acknowledged by the exchange
};

struct OfflinePolicy {
  bool enabled = true;
  Millis max_rate_age{std::chrono::minutes(30)};  // offline, sell only on rates younger than this
  Kzt max_tx{100'000};                            // per transaction while offline
  Kzt cap{500'000};                               // total unacknowledged offline fiat
};

struct Timeouts {
  Millis choose_asset{std::chrono::seconds(60)};
  Millis scan_wallet{std::chrono::seconds(60)};
  Millis insert_notes{std::chrono::seconds(90)};  // since the last note or touch
  Millis escrow{std::chrono::seconds(20)};        // waiting for the validator after stack/return
  Millis receipt{std::chrono::seconds(30)};       // waiting for the printer
  Millis done{std::chrono::seconds(30)};
  Millis ended{std::chrono::seconds(20)};
  Millis identify{std::chrono::seconds(60)};           // the consent screen
  Millis scan_document{std::chrono::seconds(90)};      // since the last guidance or refusal
  Millis checking_customer{std::chrono::seconds(20)};  // blocked list and usage look-up
  Millis selfie{std::chrono::seconds(60)};
};

// Identification (flows/compliance/kyc_gate.hpp) is shared with the cash-out flow.
using compliance::CustomerStanding;
using compliance::DocumentChecked;
using compliance::KycSettings;
using compliance::LookUpCustomer;
using compliance::SelfieChecked;
using compliance::SubmitKyc;

struct Policy {
  std::vector<std::string> languages{"kk", "ru", "en"};
  std::vector<Kzt> denominations;  // notes the kiosk accepts
  int fee_bps = 0;                 // fee in basis points of the cash inserted
  Kzt max_tx{0};                   // largest transaction (the tier cap until KYC applies)
  Millis max_rate_age{std::chrono::minutes(2)};  // online, start no session on older rates
  Millis quote_ttl{std::chrono::minutes(10)};    // online, a session's quote holds this long
  OfflinePolicy offline;
  Timeouts timeouts;
  std::optional<KycSettings> kyc;
  std::string operator_name;
  std::vector<std::string> operator_info;
  std::string receipt_qr_prefix;  // the receipt's QR is this + tx id (a lookup URL)
};

// What a wallet QR resolved to (the shell binds this to the wallet parser).
struct WalletCheck {
  std::string address;
  std::vector<std::string> warnings;
  std::optional<Atoms> amount;  // an amount in the QR is shown, never used
};
struct WalletRefusal {
  std::string code;
  std::string message;
};

// ---- events ----
struct Touch {  // a button on the customer screen
  std::string action;
  std::string value;
};
struct WalletScanned {
  std::string payload;
};
struct NoteEvent {
  enum class Kind { Escrowed, Stacked, Returned, Rejected, Fault };
  Kind kind;
  Kzt amount{};
  std::string detail;
};
// NoteEvent::detail of a Stacked the validator reported at power-up (CCNET 12 / ID003 42 "power
// up with bill in stacker", eSSP "note cleared into cashbox"): the amount may be 0 (unknown).
inline constexpr const char* kPowerUpInStacker = "power_up_bill_in_stacker";
struct Tick {};
struct ReceiptDone {
  bool printed = false;
  std::string error;
};
using Event = std::variant<Touch, WalletScanned, NoteEvent, Tick, ReceiptDone, DocumentChecked,
                           CustomerStanding, SelfieChecked>;

// ---- effects, carried out by the shell in order ----
struct EnableNotes {
  std::vector<Kzt> denominations;
};
struct DisableNotes {};
struct StackNote {};
struct ReturnNote {};
struct Journal {  // append to the journal before doing anything after it
  Record record;
};
// The purchase request for the exchange: journaled and put in the outbox in one transaction.
struct PurchaseOrder {
  std::string tx_id;
  std::string asset_id;  // "BTC/bitcoin"
  std::string address;
  Kzt fiat{};  // cash inserted
  Kzt fee{};
  Atoms crypto = 0;                   // what the kiosk promises, rounded down
  std::map<std::int64_t, int> notes;  // denomination -> count
  std::string rate;                   // decimal text of the quote
  std::string rate_as_of;
  bool offline = false;
  bool recovered = false;    // rebuilt from the journal after a restart
  std::string customer_ref;  // the identified person's pseudonym ("" when not identified)
};
struct QueuePurchase {
  Record record;
  PurchaseOrder order;
};
struct PrintReceipt {
  Receipt receipt;
};
using Effect = std::variant<EnableNotes, DisableNotes, StackNote, ReturnNote, Journal,
                            QueuePurchase, PrintReceipt, LookUpCustomer, SubmitKyc>;

}  // namespace kiosk::flows::cash_in
