// The exchange API client: HTTP/1.1 over TLS (or plain HTTP to loopback only), one keep-alive
// connection, every request signed (request_signing.hpp). Requests are sent one at a time in the
// order given; each completes through its callback on the io_context's thread with an HTTP answer
// (any status) or a transport error (ExchangeError). Not thread-safe: call from the io_context.
//
// A request on a reused keep-alive connection that the server had already closed is sent again
// once on a fresh connection, but only when that is safe: a GET, or a request with an
// Idempotency-Key.
#pragma once

#include <expected>
#include <functional>
#include <memory>
#include <optional>

#include "offline_queue/exchange_types.hpp"
#include "offline_queue/wall_clock.hpp"

namespace boost::asio {
class io_context;
}

namespace kiosk::oq {

class ExchangeClient {
 public:
  using Result = ExchangeResult;
  using Callback = std::function<void(Result)>;

  // An endpoint that is not usable (bad url, http to a non-loopback host, unreadable CA file)
  // makes config_error() set and every request fail with Kind::Config.
  ExchangeClient(boost::asio::io_context& io, ExchangeEndpoint endpoint,
                 WallClockMs wall_clock = system_wall_clock_ms());
  // Closes the connection. Callbacks of requests still queued or in flight are NOT invoked.
  ~ExchangeClient();
  ExchangeClient(const ExchangeClient&) = delete;
  ExchangeClient& operator=(const ExchangeClient&) = delete;

  void request(HttpRequest req, Callback done);
  // Closes the connection; queued and in-flight requests are dropped without callbacks, and later
  // requests fail with Kind::Cancelled.
  void close();

  const std::optional<ExchangeError>& config_error() const;
  const ExchangeEndpoint& endpoint() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace kiosk::oq
