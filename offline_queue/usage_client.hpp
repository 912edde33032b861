// What a person has already moved, asked of the exchange while the customer waits
// (GET /v1/customers/{key}/usage?at=ISO; not queued). The answer feeds
// flows::compliance::headroom together with what this kiosk holds unacknowledged.
// `interpret_usage` is the pure part; UsageClient adds the Asio timeout around ExchangeClient.
#pragma once

#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "offline_queue/exchange_client.hpp"
#include "offline_queue/kyc_messages.hpp"

namespace kiosk::oq {

struct UsageError {
  enum class Kind {
    Timeout,    // no answer within the caller's timeout
    Transport,  // no HTTP answer (connect, reset, TLS, too large, ...)
    Status,     // an HTTP answer other than 200 (status holds it)
    Garbage,    // a 200 that is not a usage answer for this key
  };
  Kind kind;
  std::string what;
  int status = 0;
};
std::string_view to_string(UsageError::Kind k);

// What an answer to GET usage for `key` means.
std::expected<CustomerUsage, UsageError> interpret_usage(const ExchangeResult& result,
                                                         std::string_view key);

class UsageClient {
 public:
  using Result = std::expected<CustomerUsage, UsageError>;
  using Callback = std::function<void(Result)>;

  // `client` must outlive this (and the callbacks it has pending).
  UsageClient(boost::asio::io_context& io, ExchangeClient& client);

  // Asks for `key`'s usage at `at_iso` (ISO 8601 UTC, the kiosk's now). `done` runs exactly once
  // on the io_context: with the answer, or with Kind::Timeout after `timeout` (a later answer is
  // then ignored). The request shares the client's one connection, so a slow request ahead of
  // it counts against the timeout.
  void fetch(std::string key, std::string at_iso, std::chrono::milliseconds timeout, Callback done);

 private:
  boost::asio::io_context& io_;
  ExchangeClient& client_;
};

}  // namespace kiosk::oq
