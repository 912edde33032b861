// Value types of the exchange API client (exchange_client.hpp) and the outbox pump.
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <optional>
#include <string>

namespace kiosk::oq {

// Where and as whom the kiosk talks to the exchange.
struct ExchangeEndpoint {
  std::string url;  // "https://host[:port][/prefix]" or "http://127.0.0.1:port" (loopback only)
  std::string kiosk_id;  // sent as X-Kiosk-Id
  std::string secret;    // HMAC key, raw bytes
  std::string ca_file;   // PEM bundle to verify the server; empty: the system's default paths
  std::chrono::milliseconds connect_timeout{5000};   // resolve + TCP connect + TLS handshake
  std::chrono::milliseconds request_timeout{15000};  // write the request + read the whole answer
  std::size_t max_response_bytes = 1024 * 1024;      // larger answers are an error, not a crash
};

struct HttpRequest {
  std::string method = "GET";  // "GET" or "POST"
  std::string target;          // "/v1/rates", relative to the endpoint url's prefix
  std::string body;            // JSON text; empty for GET
  std::optional<std::string> idempotency_key;
};

struct HttpResponse {
  int status = 0;
  std::string body;
};

// A transport-level failure: no usable HTTP answer was received.
struct ExchangeError {
  enum class Kind {
    Config,     // bad url, plain http to a non-loopback host, unreadable CA file
    Resolve,    // DNS failed
    Connect,    // refused, unreachable, connect timeout
    Tls,        // handshake or certificate verification failed
    Timeout,    // the request did not complete within request_timeout
    Reset,      // the connection closed or reset before a whole answer arrived
    Protocol,   // the bytes received are not a valid HTTP/1.1 answer
    TooLarge,   // the answer exceeds max_response_bytes
    Cancelled,  // the client was closed
  };
  Kind kind;
  std::string what;
};

std::string_view to_string(ExchangeError::Kind k);

// What one exchange request came to: an HTTP answer (any status) or a transport error.
using ExchangeResult = std::expected<HttpResponse, ExchangeError>;

}  // namespace kiosk::oq
