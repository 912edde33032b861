// From a checked MRZ to the person limits are kept for. A document is refused when any ICAO
// check failed (the reason names the first that matters to the customer: expired first), and a
// Kazakh document without a valid IIN is refused too (residents are identified by IIN).
#pragma once

#include <expected>
#include <string>

#include "flows/compliance/identity.hpp"
#include "flows/identity/mrz.hpp"

namespace kiosk::flows::compliance {

// Refusal codes: "document_expired", "document_unreadable" (a check digit or the composite
// failed), "iin_invalid" (Kazakh document whose IIN fails its check or does not match the MRZ),
// "iin_missing" (a Kazakh document without an IIN where one was expected: the customer is asked
// for the ID card), "document_not_accepted" (document code or dates invalid).
std::expected<CustomerIdentity, std::string> identity_from_document(
    const identity::MrzRecord& record);

// "YYYY-MM-DD" of an MRZ date ("" when the date is invalid).
std::string iso_date(const std::optional<std::chrono::year_month_day>& d);

}  // namespace kiosk::flows::compliance
