#include "flows/compliance/review.hpp"

namespace kiosk::flows::compliance {

const char* to_string(ReviewState s) {
  switch (s) {
    case ReviewState::None:
      return "none";
    case ReviewState::Pending:
      return "pending";
    case ReviewState::Approved:
      return "approved";
    case ReviewState::Rejected:
      return "rejected";
  }
  return "none";
}

std::optional<ReviewState> parse_review_state(std::string_view s) {
  for (auto r :
       {ReviewState::None, ReviewState::Pending, ReviewState::Approved, ReviewState::Rejected})
    if (s == to_string(r)) return r;
  return std::nullopt;
}

}  // namespace kiosk::flows::compliance
