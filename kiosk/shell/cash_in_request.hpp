// A queued purchase as the exchange's POST /v1/cash-in request (offline_queue/exchange-api.md).
#pragma once

#include <string>

#include "flows/cash_in/cash_in_types.hpp"
#include "offline_queue/exchange_messages.hpp"

namespace kiosk::app {

// `created_at` is ISO 8601 UTC. The body is built once and kept in the outbox, so every replay
// sends the same bytes under the same idempotency key.
oq::CashInRequest cash_in_request(const flows::cash_in::PurchaseOrder& o,
                                  const std::string& created_at);

}  // namespace kiosk::app
