// The simulator-only control endpoints (/sim/...), sans-IO. Never compiled into the kiosk's
// exchange path; no authentication (the simulator listens on loopback only).
//
//   GET  /sim/faults    -> {"latency_ms":0,"error_rate":0.0,"drop_rate":0.0,"junk_rate":0.0,
//                           "partitioned":false}
//   POST /sim/faults    <- any subset of those fields; answers the new settings
//   GET  /sim/rates     -> the rates answer (same form as GET /v1/rates)
//   POST /sim/rates     <- a rates answer; replaces the quotes
//   GET  /sim/requests  -> {"requests":[{"kiosk_id","method","target","idempotency_key","body",
//                                        "status","replay"}]}
//   GET  /sim/deposits  -> {"orders":[order view + kiosk_id, tx_id, claimed, dispensed report]}
//   POST /sim/deposits  <- {"order_id" (default newest), "action": "seen"|"confirm"|"expire",
//                           "atoms" (default: the amount due)}; answers the order view
//   POST /sim/deposits/timing <- {"seen_after_ms", "confirm_after_ms"}: deposits arrive by
//                           themselves after these delays (negative: never; the default)
//   GET  /sim/heartbeats -> {"kiosks":[{"kiosk_id","received_at_ms","count","valid","problem"?,
//                           "heartbeat"}]}: the latest heartbeat per kiosk (heartbeat_desk.hpp)
//   GET  /sim/journal?kiosk=ID -> {"kiosk_id","acked_through","rows":[...]} (journal_endpoint.hpp)
//   GET  /sim/kyc       -> {"count":n,"submissions":[{"kiosk_id","kyc_id","tx_id","key",
//                           "customer_key"?,"tier","status","review_reason"?,"document_bytes",
//                           "selfie_bytes"}],"reviews":{"p-...":"pending"|"approved"|"rejected"}}
//   POST /sim/kyc       <- {"outcome": "accepted"|"review"|"rejected", "reason"?, "key"? (identity
//                           key or pseudonym; default: everyone)}: the answer to later POST /v1/kyc
//                           of that person
//   POST /sim/kyc       <- {"review": {"key": "p-...", "state": "none"|"pending"|"approved"|
//                           "rejected"}}: the operator decides a review -> {"key","review"}
//   POST /sim/usage     <- {"key","day_kzt","month_kzt"}: a baseline added to the usage the desk
//                           computes from the purchases and cash-out orders it has seen
//   /sim/commands, /sim/commands/sign, /sim/commands/clear, /sim/commands/results: operator
//                           commands (command_desk.hpp)
//   GET  /sim/blocked   -> {"version","entries":[...]}
//   POST /sim/blocked   <- {"add":[entries],"remove":[entries]}: one new version -> {"version"}
#pragma once

#include "sim/exchange/exchange_service.hpp"

namespace kiosk::sim {

// Faults the simulator injects on /v1/ requests (never on /sim/).
struct SimFaults {
  int latency_ms = 0;        // delay before answering
  double error_rate = 0.0;   // share answered 503 without being applied
  double drop_rate = 0.0;    // share whose connection is closed without an answer (half of them
                             // after the request was applied: the answer is lost, not the request)
  double junk_rate = 0.0;    // share answered with broken bytes (junk_answer.hpp), then closed
                             // (half of them after the request was applied)
  bool partitioned = false;  // every /v1/ request's connection is closed without an answer
  bool operator==(const SimFaults&) const = default;
};

// `now_ms` is Unix milliseconds (deposits expire and move by themselves with time).
SimResponse handle_control(const SimRequest& req, SimFaults& faults, ExchangeService& service,
                           std::int64_t now_ms);

}  // namespace kiosk::sim
