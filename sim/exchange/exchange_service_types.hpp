// The request, answer and record types the simulator's HTTP shell and its services share.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::sim {

// A request as the HTTP shell hands it over (header values copied out, empty when absent).
struct SimRequest {
  std::string method;  // "GET", "POST"
  std::string target;  // path and query as sent
  std::string body;
  std::string kiosk_id;         // X-Kiosk-Id
  std::string timestamp;        // X-Timestamp
  std::string signature;        // X-Signature
  std::string idempotency_key;  // Idempotency-Key
};

struct SimResponse {
  int status = 200;
  std::string body;  // JSON
  bool operator==(const SimResponse&) const = default;
};

// An error answer: `status` with the contract's error body {"error": code, "message": ...}.
SimResponse error_answer(int status, std::string_view code, std::string_view message);

struct RecordedRequest {
  std::string kiosk_id;
  std::string method;
  std::string target;
  std::string idempotency_key;
  std::string body;
  int status = 0;       // what the service answered
  bool replay = false;  // answered from the idempotency store (not applied again)
};

}  // namespace kiosk::sim
