#include "sim/exchange/kyc_desk.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <stdexcept>

#include "offline_queue/exchange_messages.hpp"

namespace kiosk::sim {
namespace {

using flows::compliance::BlockedEntry;
using flows::compliance::normalize_name;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m, d;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Almaty calendar day (days since epoch) and month (y*12+m) of an instant.
std::int64_t almaty_day(std::int64_t ms) {
  return floor_div(ms + KycDesk::kAlmatyOffsetMs, 86'400'000);
}
std::int64_t almaty_month(std::int64_t ms) {
  Civil c = civil_from_days(almaty_day(ms));
  return c.y * 12 + c.m;
}

bool matches(const BlockedEntry& e, const BlockedEntry& r) {
  if (!r.iin.empty() && e.iin == r.iin) return true;
  return !r.name.empty() && !e.name.empty() && normalize_name(e.name) == normalize_name(r.name) &&
         e.birth_date == r.birth_date;
}

}  // namespace

std::optional<std::int64_t> parse_iso_utc_ms(std::string_view s) {
  auto num = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    if (pos + len > s.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
      s.back() != 'Z')
    return std::nullopt;
  auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2),
       sec = num(17, 2);
  if (!y || !mo || !d || !h || !mi || !sec || *mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 ||
      *mi > 59 || *sec > 60)
    return std::nullopt;
  std::int64_t ms = 0;
  std::string_view rest = s.substr(19, s.size() - 20);  // between the seconds and the 'Z'
  if (!rest.empty()) {
    if (rest.front() != '.' || rest.size() < 2) return std::nullopt;
    int scale = 100;
    for (char c : rest.substr(1)) {
      if (c < '0' || c > '9') return std::nullopt;
      ms += (c - '0') * scale;
      scale /= 10;
    }
  }
  std::int64_t days = days_from_civil(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d));
  return ((days * 24 + *h) * 60 + *mi) * 60'000 + *sec * 1000LL + ms;
}

std::string format_iso_utc(std::int64_t ms) {
  std::int64_t days = floor_div(ms, 86'400'000);
  std::int64_t rem = ms - days * 86'400'000;
  Civil c = civil_from_days(days);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(c.y), c.m, c.d, static_cast<long long>(rem / 3'600'000),
                static_cast<long long>(rem / 60'000 % 60), static_cast<long long>(rem / 1000 % 60));
  return buf;
}

std::optional<ForcedKycOutcome> KycDesk::forced_for(const oq::KycSubmission& s) const {
  for (const std::string* key : {&s.identity.key, &s.customer_key}) {
    if (key->empty()) continue;
    if (auto it = forced_.find(*key); it != forced_.end()) return it->second;
  }
  if (auto all = forced_.find(""); all != forced_.end()) return all->second;
  return std::nullopt;
}

oq::KycAnswer KycDesk::decide(const oq::KycSubmission& s) const {
  using flows::compliance::ReviewState;
  if (auto forced = forced_for(s)) {
    oq::KycAnswer answer{s.kyc_id, forced->status,
                         forced->status == oq::KycStatus::Accepted ? std::nullopt : forced->reason};
    if (forced->status != oq::KycStatus::Accepted && !answer.review_reason)
      answer.review_reason = "operator_review";
    return answer;
  }
  ReviewState state = s.customer_key.empty() ? ReviewState::None : review_of(s.customer_key);
  if (state == ReviewState::Rejected)
    return oq::KycAnswer{s.kyc_id, oq::KycStatus::Rejected, "review_rejected"};
  if (s.tier == flows::compliance::Tier::ManualReview && state != ReviewState::Approved)
    return oq::KycAnswer{s.kyc_id, oq::KycStatus::Review, "manual_review"};
  return oq::KycAnswer{s.kyc_id, oq::KycStatus::Accepted, std::nullopt};
}

SimResponse KycDesk::submit(const std::string& kiosk, const std::string& body,
                            const std::string& idempotency_key, std::int64_t now_ms) {
  using flows::compliance::ReviewState;
  auto s = oq::parse_kyc_request(body);
  if (!s) return error_answer(400, "bad_request", s.error().what);
  if (s->kyc_id != idempotency_key)
    return error_answer(400, "bad_request", "Idempotency-Key must be the kyc_id");
  oq::KycAnswer answer = decide(*s);
  if (!s->customer_key.empty()) {
    bool manual = s->tier == flows::compliance::Tier::ManualReview;
    if (answer.status == oq::KycStatus::Rejected)
      reviews_[s->customer_key] = ReviewState::Rejected;
    else if (manual && answer.status == oq::KycStatus::Review)
      reviews_[s->customer_key] = ReviewState::Pending;
    else if (manual && answer.status == oq::KycStatus::Accepted)
      reviews_[s->customer_key] = ReviewState::Approved;
  }
  submissions_.push_back(SimKycSubmission{kiosk, s->kyc_id, s->tx_id, s->identity.key,
                                          s->customer_key, flows::compliance::to_string(s->tier),
                                          answer, s->document_jpeg.size(),
                                          s->selfie_jpeg ? s->selfie_jpeg->size() : 0, now_ms});
  return SimResponse{200, oq::kyc_answer_body(answer)};
}

flows::compliance::Usage KycDesk::usage_at(const std::string& key, std::int64_t at_ms) const {
  flows::compliance::Usage u;
  if (auto b = baseline_.find(key); b != baseline_.end()) u = b->second;
  if (auto it = movements_.find(key); it != movements_.end()) {
    std::int64_t day = almaty_day(at_ms), month = almaty_month(at_ms);
    for (const auto& m : it->second) {
      if (almaty_month(m.at_ms) != month) continue;
      u.month.value += m.fiat_kzt;
      if (almaty_day(m.at_ms) == day) u.day.value += m.fiat_kzt;
    }
  }
  return u;
}

SimResponse KycDesk::usage(const std::string& key, const std::string& at,
                           std::int64_t now_ms) const {
  std::int64_t at_ms = now_ms;
  if (!at.empty()) {
    auto parsed = parse_iso_utc_ms(at);
    if (!parsed) return error_answer(400, "bad_request", "'at' must be ISO 8601 UTC");
    at_ms = *parsed;
  }
  oq::CustomerUsage u{key, usage_at(key, at_ms), format_iso_utc(at_ms), review_of(key)};
  return SimResponse{200, oq::usage_answer_body(u)};
}

SimResponse KycDesk::blocked(const std::string& since_text) const {
  std::int64_t since = 0;
  if (!since_text.empty()) {
    try {
      std::size_t used = 0;
      since = std::stoll(since_text, &used);
      if (used != since_text.size() || since < 0) throw std::invalid_argument("since");
    } catch (const std::exception&) {
      return error_answer(400, "bad_request", "'since' must be a version number");
    }
  }
  const auto& now = history_.back();
  static const std::set<BlockedEntry> kEmpty;
  const auto& then =
      since <= blocked_version() ? history_[static_cast<std::size_t>(since)] : kEmpty;
  flows::compliance::BlockedListUpdate u{blocked_version(), {}, {}};
  std::set_difference(now.begin(), now.end(), then.begin(), then.end(),
                      std::back_inserter(u.added));
  std::set_difference(then.begin(), then.end(), now.begin(), now.end(),
                      std::back_inserter(u.removed));
  return SimResponse{200, oq::blocked_list_answer_body(u)};
}

void KycDesk::record(const std::string& key, std::int64_t fiat_kzt, std::int64_t at_ms) {
  movements_[key].push_back(Movement{fiat_kzt, at_ms});
}

void KycDesk::force_outcome(const std::string& key, ForcedKycOutcome outcome) {
  forced_[key] = std::move(outcome);
}

void KycDesk::decide_review(const std::string& key, flows::compliance::ReviewState state) {
  if (state == flows::compliance::ReviewState::None)
    reviews_.erase(key);
  else
    reviews_[key] = state;
}

flows::compliance::ReviewState KycDesk::review_of(const std::string& key) const {
  auto it = reviews_.find(key);
  return it == reviews_.end() ? flows::compliance::ReviewState::None : it->second;
}

void KycDesk::set_usage_baseline(const std::string& key, flows::compliance::Usage baseline) {
  baseline_[key] = baseline;
}

std::int64_t KycDesk::edit_blocked(const std::vector<BlockedEntry>& add,
                                   const std::vector<BlockedEntry>& remove) {
  std::set<BlockedEntry> next = history_.back();
  for (const auto& r : remove)
    std::erase_if(next, [&](const BlockedEntry& e) { return matches(e, r); });
  for (const auto& a : add) next.insert(a);
  history_.push_back(std::move(next));
  return blocked_version();
}

}  // namespace kiosk::sim
