// The person behind a transaction, as this kiosk records them: a pseudonym instead of the IIN or
// passport number (keyed HMAC, the key shared by the operator's kiosks so totals add up across
// them), and the totals this kiosk's journal holds for that pseudonym.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "flows/compliance/identity.hpp"
#include "flows/compliance/usage.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

// "p-" + 32 hex digits of HMAC-SHA256(key, identity key). Stable for a person and a key; reveals
// nothing about the IIN without the key.
std::string customer_ref(std::string_view pseudonym_key,
                         const flows::compliance::CustomerIdentity& who);

// Cash-in purchases and cash-out orders journaled for `ref` in the current local day and month.
// A purchase counts as unacknowledged until its request to the exchange is delivered; a cash-out
// order is known to the exchange from the start (it created it).
std::expected<flows::compliance::LocalUsage, std::string> local_usage(oq::Store& store,
                                                                      std::string_view ref,
                                                                      std::int64_t now_ms,
                                                                      int utc_offset_minutes);

}  // namespace kiosk::app
