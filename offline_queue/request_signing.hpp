// Request authentication for the kiosk <-> exchange API (exchange-api.md, "Authentication").
//
//   X-Signature = hex(HMAC-SHA256(secret, METHOD "\n" TARGET "\n" TIMESTAMP "\n"
//   hex(SHA-256(body))))
//
// METHOD is upper case ("POST"), TARGET the request target exactly as sent on the request line
// (path plus any query string, e.g. "/v1/lists/blocked?since=7"), TIMESTAMP the decimal Unix
// seconds sent in X-Timestamp. The client signs with it; the exchange simulator verifies with it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kiosk::oq {

inline constexpr std::int64_t kSignatureWindowSeconds = 300;

// The exact bytes that are MACed.
std::string signing_payload(std::string_view method, std::string_view target,
                            std::int64_t unix_seconds, std::string_view body);

// Lower-case hex HMAC-SHA256 of signing_payload(...) under `secret`.
std::string sign_request(std::string_view secret, std::string_view method, std::string_view target,
                         std::int64_t unix_seconds, std::string_view body);

enum class SignatureCheck { Ok, BadSignature, BadTimestamp, Stale };

// Checks a received request: the timestamp text must be a decimal integer within
// kSignatureWindowSeconds of `now_unix_seconds`, and the signature must match (constant time).
SignatureCheck verify_request(std::string_view secret, std::string_view method,
                              std::string_view target, std::string_view timestamp_text,
                              std::string_view body, std::string_view signature_hex,
                              std::int64_t now_unix_seconds);

}  // namespace kiosk::oq
