// The body of POST /v1/cash-in (offline_queue/exchange-api.md) for a queued purchase.
#pragma once

#include <nlohmann/json.hpp>

#include "flows/cash_in/cash_in_types.hpp"

namespace kiosk::app {

// `created_at` is the wall-clock time in ISO 8601 UTC. The body is built once and stored in the
// outbox, so every replay sends the same bytes under the same idempotency key.
nlohmann::json cash_in_request_body(const flows::cash_in::PurchaseOrder& o, const std::string& created_at);

}  // namespace kiosk::app
