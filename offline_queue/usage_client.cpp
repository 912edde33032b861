#include "offline_queue/usage_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace kiosk::oq {

std::string_view to_string(UsageError::Kind k) {
  switch (k) {
    case UsageError::Kind::Timeout:
      return "timeout";
    case UsageError::Kind::Transport:
      return "transport";
    case UsageError::Kind::Status:
      return "status";
    case UsageError::Kind::Garbage:
      return "garbage";
  }
  return "?";
}

std::expected<CustomerUsage, UsageError> interpret_usage(const ExchangeResult& result,
                                                         std::string_view key) {
  using Kind = UsageError::Kind;
  if (!result)
    return std::unexpected(UsageError{
        Kind::Transport, std::string(to_string(result.error().kind)) + ": " + result.error().what});
  if (result->status != 200)
    return std::unexpected(
        UsageError{Kind::Status, "http " + std::to_string(result->status), result->status});
  auto usage = parse_usage_answer(result->body);
  if (!usage) return std::unexpected(UsageError{Kind::Garbage, usage.error().what, 200});
  if (usage->key != key)
    return std::unexpected(UsageError{Kind::Garbage, "the answer is for another key", 200});
  return std::move(*usage);
}

UsageClient::UsageClient(boost::asio::io_context& io, ExchangeClient& client)
    : io_(io), client_(client) {}

void UsageClient::fetch(std::string key, std::string at_iso, std::chrono::milliseconds timeout,
                        Callback done) {
  struct Pending {
    explicit Pending(boost::asio::io_context& io) : timer(io) {}
    boost::asio::steady_timer timer;
    Callback done;
    bool finished = false;
  };
  auto p = std::make_shared<Pending>(io_);
  p->done = std::move(done);
  p->timer.expires_after(timeout);
  p->timer.async_wait([p](const boost::system::error_code& ec) {
    if (ec || p->finished) return;
    p->finished = true;
    p->done(std::unexpected(UsageError{UsageError::Kind::Timeout, "no usage answer in time"}));
  });
  HttpRequest req{"GET", usage_target(key, at_iso), "", std::nullopt};
  client_.request(std::move(req), [p, key = std::move(key)](ExchangeResult r) {
    if (p->finished) return;
    p->finished = true;
    p->timer.cancel();
    p->done(interpret_usage(r, key));
  });
}

}  // namespace kiosk::oq
