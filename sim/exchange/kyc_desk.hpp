// The exchange simulator's compliance desk, sans-IO (exchange-api.md, "KYC, usage and the
// blocked list"): KYC submissions, usage per person, the blocked list with versions.
// ExchangeService routes POST /v1/kyc, GET /v1/customers/{key}/usage and GET /v1/lists/blocked here
// after authentication and idempotency, and reports every accepted purchase and cash-out order that
// carries a `customer_key`. The /sim/kyc, /sim/usage and /sim/blocked controls (sim_control.hpp)
// force outcomes, decide reviews, set usage and edit the list.
//
// Reviews (flows/compliance/review.hpp) are kept per pseudonym, the `customer_key` of submissions.
// Unless an outcome is forced, a `manual_review` submission with a customer key is answered
// `review` and makes the person Pending; an Approved person's is answered `accepted`, a Rejected
// person's (any tier) `rejected`. A forced outcome moves the state as its answer says: `rejected`
// -> Rejected; on a `manual_review` submission `review` -> Pending, `accepted` -> Approved. The
// operator decides with decide_review (/sim/kyc); usage answers carry the key's state.
//
// Usage is the sum of the person's cash-in (`fiat_kzt`, at its `created_at`) and cash-out orders
// (`fiat_kzt`, when the order was created; an order that later expires still counts) on the day
// and in the calendar month of `at`, in Asia/Almaty time (UTC+5, no daylight saving since
// 2024-03-01), across kiosks, plus a baseline set by /sim/usage.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "offline_queue/kyc_messages.hpp"
#include "sim/exchange/exchange_service_types.hpp"

namespace kiosk::sim {

// What the desk keeps of a submission: enough for tests, no images (only their sizes).
struct SimKycSubmission {
  std::string kiosk_id;
  std::string kyc_id;
  std::string tx_id;
  std::string key;
  std::string customer_key;  // "" when the submission had none
  std::string tier;
  oq::KycAnswer answer;
  std::size_t document_bytes = 0;
  std::size_t selfie_bytes = 0;  // 0: no selfie
  std::int64_t received_ms = 0;
};

// An outcome forced by /sim/kyc for one identity key or pseudonym, or for everyone ("").
struct ForcedKycOutcome {
  oq::KycStatus status = oq::KycStatus::Accepted;
  std::optional<std::string> reason;
};

// "2024-05-01T10:00:00Z" (optionally with fractional seconds) -> Unix ms; nothing if malformed.
std::optional<std::int64_t> parse_iso_utc_ms(std::string_view iso);
// Unix ms -> "2024-05-01T10:00:00Z".
std::string format_iso_utc(std::int64_t unix_ms);

class KycDesk {
 public:
  static constexpr std::int64_t kAlmatyOffsetMs = 5LL * 3600 * 1000;

  // POST /v1/kyc (the Idempotency-Key must equal the body's kyc_id).
  SimResponse submit(const std::string& kiosk, const std::string& body,
                     const std::string& idempotency_key, std::int64_t now_ms);
  // GET /v1/customers/{key}/usage?at=ISO (`at` empty: now).
  SimResponse usage(const std::string& key, const std::string& at, std::int64_t now_ms) const;
  // GET /v1/lists/blocked?since=VERSION: the difference between the list at `since` and now.
  // A `since` ahead of the desk's version (the exchange lost its history) answers the whole list.
  SimResponse blocked(const std::string& since) const;

  // Money the person moved (from ExchangeService).
  void record(const std::string& key, std::int64_t fiat_kzt, std::int64_t at_ms);

  // ---- controls ----
  void force_outcome(const std::string& key, ForcedKycOutcome outcome);
  // The exchange operator's decision on a pseudonym's review (None forgets it).
  void decide_review(const std::string& key, flows::compliance::ReviewState state);
  flows::compliance::ReviewState review_of(const std::string& key) const;
  const std::map<std::string, flows::compliance::ReviewState>& reviews() const { return reviews_; }
  void set_usage_baseline(const std::string& key, flows::compliance::Usage baseline);
  // Applies removals then additions; returns the new version.
  std::int64_t edit_blocked(const std::vector<flows::compliance::BlockedEntry>& add,
                            const std::vector<flows::compliance::BlockedEntry>& remove);
  std::int64_t blocked_version() const { return static_cast<std::int64_t>(history_.size()) - 1; }
  const std::set<flows::compliance::BlockedEntry>& blocked_now() const { return history_.back(); }
  const std::vector<SimKycSubmission>& submissions() const { return submissions_; }
  flows::compliance::Usage usage_at(const std::string& key, std::int64_t at_ms) const;

 private:
  struct Movement {
    std::int64_t fiat_kzt;
    std::int64_t at_ms;
  };
  std::optional<ForcedKycOutcome> forced_for(const oq::KycSubmission& s) const;
  oq::KycAnswer decide(const oq::KycSubmission& s) const;

  std::map<std::string, ForcedKycOutcome> forced_;                 // by key, "" = everyone
  std::map<std::string, flows::compliance::ReviewState> reviews_;  // by pseudonym
  std::map<std::string, flows::compliance::Usage> baseline_;
  std::map<std::string, std::vector<Movement>> movements_;
  std::vector<std::set<flows::compliance::BlockedEntry>> history_{{}};  // index = version
  std::vector<SimKycSubmission> submissions_;
};

}  // namespace kiosk::sim
