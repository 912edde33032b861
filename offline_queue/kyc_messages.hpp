// Typed bodies of the compliance exchanges (exchange-api.md, "KYC, usage and the blocked list"):
//   POST /v1/kyc                              KycSubmission -> KycAnswer
//   GET  /v1/customers/{key}/usage?at=ISO     -> CustomerUsage
//   GET  /v1/lists/blocked?since=VERSION      -> flows::compliance::BlockedListUpdate
// Pure. The kiosk writes requests and reads answers with these; the simulator does the reverse
// with the same functions, so both sides agree on the wire form.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "flows/compliance/blocked_list.hpp"
#include "flows/compliance/compliance_policy.hpp"
#include "flows/compliance/limits.hpp"
#include "flows/compliance/review.hpp"
#include "offline_queue/json_read.hpp"

namespace kiosk::oq {

// ---- POST /v1/kyc ----------------------------------------------------------------------------

struct KycDocument {
  std::string type;           // "id_card" | "passport" | "residence_permit" (MRZ document code)
  std::string number;         // as in the MRZ, fillers removed
  std::string issuing_state;  // ICAO code, "KAZ", "RUS"
  std::string expiry;         // "YYYY-MM-DD"
  bool operator==(const KycDocument&) const = default;
};

struct KycIdentity {
  enum class Kind { Resident, Foreign };
  Kind kind = Kind::Resident;
  std::string key;          // "iin:<12 digits>" | "doc:<STATE>:<NUMBER>" (compliance/identity.hpp)
  std::string name;         // "IVANOV IVAN"
  std::string birth_date;   // "YYYY-MM-DD"
  std::string sex;          // "M" | "F" | "X"
  std::string nationality;  // ICAO code
  KycDocument document;
  bool operator==(const KycIdentity&) const = default;
};

struct KycConsent {
  std::string text_version;  // which consent text the customer accepted, e.g. "kyc-consent-v1"
  std::string lang;          // "kk" | "ru" | "en"
  std::string given_at;      // ISO 8601 UTC
  bool operator==(const KycConsent&) const = default;
};

// What the kiosk captured. Images are the raw JPEG bytes here; the body carries them in base64.
struct KycSubmission {
  std::string kyc_id;  // also the Idempotency-Key; KycVault fills "kyc-<tx_id>" when empty
  std::string tx_id;
  KycIdentity identity;
  KycConsent consent;
  flows::compliance::Tier tier = flows::compliance::Tier::Document;  // not Anonymous
  std::string document_jpeg;
  std::optional<std::string> selfie_jpeg;
  std::string captured_at;  // ISO 8601 UTC
  // The person's pseudonym ("p-" + 32 hex, kiosk/shell/person_usage.hpp), "" = absent: the
  // exchange links it to the identity, so usage asked by pseudonym carries the review state.
  std::string customer_key;
  bool operator==(const KycSubmission&) const = default;
};

// "p-" followed by 32 lower-case hex digits.
bool is_customer_key(std::string_view s);

std::string kyc_body(const KycSubmission& s);
// Strict: every field present and typed, kind/tier/sex known, key matching the kind, images
// valid base64 (document non-empty); `customer_key` optional, a pseudonym when present.
std::expected<KycSubmission, MessageError> parse_kyc_request(std::string_view json);

enum class KycStatus { Accepted, Review, Rejected };
const char* to_string(KycStatus s);
std::optional<KycStatus> parse_kyc_status(std::string_view s);

struct KycAnswer {
  std::string kyc_id;
  KycStatus status = KycStatus::Accepted;
  std::optional<std::string> review_reason;
  bool operator==(const KycAnswer&) const = default;
};

std::string kyc_answer_body(const KycAnswer& a);
std::expected<KycAnswer, MessageError> parse_kyc_answer(std::string_view json);

// ---- GET /v1/customers/{key}/usage?at=ISO ----------------------------------------------------

struct CustomerUsage {
  std::string key;
  flows::compliance::Usage usage;  // "day_kzt", "month_kzt": cash-in + cash-out, Asia/Almaty
  std::string as_of;               // ISO 8601 UTC
  // The exchange operator's review of the person ("review"; absent in an answer = None).
  flows::compliance::ReviewState review = flows::compliance::ReviewState::None;
  bool operator==(const CustomerUsage& o) const {
    return key == o.key && usage.day == o.usage.day && usage.month == o.usage.month &&
           as_of == o.as_of && review == o.review;
  }
};

// "/v1/customers/iin:900101300001/usage?at=2024-05-01T10:00:00Z". The key is percent-encoded
// except A-Z a-z 0-9 - . _ ~ and ':'; `at_iso` must be ISO 8601 UTC (no encoding needed).
std::string usage_target(std::string_view key, std::string_view at_iso);
// The percent-decoded key of such a path ("/v1/customers/{key}/usage"), or nothing.
std::optional<std::string> usage_key_from_path(std::string_view path);
std::string usage_answer_body(const CustomerUsage& u);
// Both totals non-negative and day <= month; "review" absent = none, an unknown value refused.
std::expected<CustomerUsage, MessageError> parse_usage_answer(std::string_view json);

// ---- GET /v1/lists/blocked?since=VERSION -----------------------------------------------------
// Entries are {"iin": "..."} or {"name": "...", "birth_date": "YYYY-MM-DD"}.

std::string blocked_list_target(std::int64_t since_version);
std::string blocked_list_answer_body(const flows::compliance::BlockedListUpdate& u);
// version >= 0; every entry an IIN of 12 digits or a name with a birth date.
std::expected<flows::compliance::BlockedListUpdate, MessageError> parse_blocked_list_answer(
    std::string_view json);
nlohmann::json blocked_entries_json(const std::vector<flows::compliance::BlockedEntry>& entries);
std::expected<std::vector<flows::compliance::BlockedEntry>, MessageError> parse_blocked_entries(
    const nlohmann::json& list, std::string_view what);

}  // namespace kiosk::oq
