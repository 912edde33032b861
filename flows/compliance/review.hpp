// An operator's review of a person at the exchange. The kiosk asks for one by submitting the
// identification with tier `manual_review` (a transaction above `review_above`); the exchange's
// operator decides later, and the exchange reports the state in its usage answer for the person
// (exchange-api.md, "KYC, usage and the blocked list"), so the kiosk learns it at the next visit.
//   None      never asked
//   Pending   asked, not decided: the customer stays below `review_above`
//   Approved  the person may move above `review_above` (after document and selfie)
//   Rejected  the exchange will not serve the person: refused like the blocked list
#pragma once

#include <optional>
#include <string_view>

namespace kiosk::flows::compliance {

enum class ReviewState { None, Pending, Approved, Rejected };

const char* to_string(ReviewState s);  // "none", "pending", "approved", "rejected"
std::optional<ReviewState> parse_review_state(std::string_view s);

}  // namespace kiosk::flows::compliance
