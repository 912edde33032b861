#include "offline_queue/outbox_pump.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "offline_queue/log_line.hpp"

namespace kiosk::oq {

namespace asio = boost::asio;

namespace {

std::string describe(const ExchangeClient::Result& r) {
  if (!r) return std::string(to_string(r.error().kind)) + ": " + r.error().what;
  std::string s = "http " + std::to_string(r->status);
  if (r->status >= 200 && r->status < 300) s += ": body is not JSON";
  return s;
}

}  // namespace

struct OutboxPump::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, Outbox& outbox, ExchangeClient& client, WallClockMs clock,
       OutboxPumpConfig config)
      : io(io),
        outbox(outbox),
        client(client),
        clock(std::move(clock)),
        config(config),
        backoff(config.backoff, config.seed),
        breaker(config.breaker),
        timer(io) {}

  void schedule_at(std::int64_t at_ms) {
    std::int64_t wait = std::clamp<std::int64_t>(at_ms - clock(), 0, config.idle_poll.count());
    timer.expires_after(std::chrono::milliseconds(wait));
    timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (!ec && self) self->pump();
    });
  }

  void pump() {
    if (!status.running || status.in_flight) return;
    std::int64_t now = clock();
    if (!breaker.allow(now)) {
      schedule_at(breaker.open_until_ms());
      return;
    }
    auto due = outbox.due(now, 1);
    if (!due) {
      log_line("error", "outbox_pump", "outbox_read_failed", {{"what", due.error().what}});
      schedule_at(now + config.idle_poll.count());
      return;
    }
    if (due->empty()) {
      auto next = outbox.next_attempt_ms();
      schedule_at(next && *next ? **next : now + config.idle_poll.count());
      return;
    }
    OutboxItem item = std::move(due->front());
    status.in_flight = true;
    ++status.sent;
    HttpRequest req{item.method, item.path, item.body, item.idempotency_key};
    client.request(std::move(req),
                   [weak = weak_from_this(), item](ExchangeClient::Result r) mutable {
                     if (auto self = weak.lock()) self->on_result(item, std::move(r));
                   });
  }

  void on_result(const OutboxItem& item, ExchangeClient::Result r) {
    status.in_flight = false;
    std::int64_t now = clock();
    const std::string& key = item.idempotency_key;
    switch (classify(r)) {
      case Verdict::Delivered: {
        breaker.on_success();
        ++status.delivered;
        if (auto m = outbox.mark_delivered(key, r->status, r->body, now); !m) {
          log_line("error", "outbox_pump", "mark_failed", {{"key", key}, {"what", m.error().what}});
          break;
        }
        log_line("info", "outbox_pump", "delivered",
                 {{"key", key}, {"path", item.path}, {"status", std::to_string(r->status)}});
        if (on_delivered) on_delivered(refreshed(item), *r);
        break;
      }
      case Verdict::Failed: {
        breaker.on_success();
        ++status.failed;
        std::string why = "http " + std::to_string(r->status);
        if (auto m = outbox.mark_failed(key, r->status, why, r->body, now); !m) {
          log_line("error", "outbox_pump", "mark_failed", {{"key", key}, {"what", m.error().what}});
          break;
        }
        log_line("error", "outbox_pump", "request_failed",
                 {{"key", key}, {"path", item.path}, {"status", std::to_string(r->status)}});
        if (on_failed) on_failed(refreshed(item), *r);
        break;
      }
      case Verdict::Retry: {
        auto before = breaker.state();
        breaker.on_failure(now);
        ++status.retried;
        auto delay = backoff.delay_after(item.attempts + 1);
        std::optional<int> http_status;
        if (r) http_status = r->status;
        std::string why = describe(r);
        if (auto m = outbox.mark_retry(key, now + delay.count(), why, http_status); !m)
          log_line("error", "outbox_pump", "mark_failed", {{"key", key}, {"what", m.error().what}});
        log_line("warn", "outbox_pump", "retry",
                 {{"key", key},
                  {"path", item.path},
                  {"attempts", std::to_string(item.attempts + 1)},
                  {"delay_ms", std::to_string(delay.count())},
                  {"error", why}});
        if (before != CircuitBreaker::State::Open && breaker.state() == CircuitBreaker::State::Open)
          log_line("warn", "outbox_pump", "breaker_open",
                   {{"failures", std::to_string(breaker.consecutive_failures())},
                    {"cool_down_ms", std::to_string(config.breaker.cool_down.count())}});
        break;
      }
    }
    if (status.running)
      asio::post(io, [weak = weak_from_this()] {
        if (auto self = weak.lock()) self->pump();
      });
  }

  OutboxItem refreshed(const OutboxItem& item) {
    auto found = outbox.find(item.idempotency_key);
    return found && *found ? **found : item;
  }

  asio::io_context& io;
  Outbox& outbox;
  ExchangeClient& client;
  WallClockMs clock;
  OutboxPumpConfig config;
  Backoff backoff;
  CircuitBreaker breaker;
  asio::steady_timer timer;
  OnDelivered on_delivered;
  OnFailed on_failed;
  Status status;
};

OutboxPump::OutboxPump(asio::io_context& io, Outbox& outbox, ExchangeClient& client,
                       WallClockMs wall_clock, OutboxPumpConfig config)
    : impl_(std::make_shared<Impl>(io, outbox, client, std::move(wall_clock), config)) {}

OutboxPump::~OutboxPump() { impl_->timer.cancel(); }

void OutboxPump::on_delivered(OnDelivered cb) { impl_->on_delivered = std::move(cb); }
void OutboxPump::on_failed(OnFailed cb) { impl_->on_failed = std::move(cb); }

void OutboxPump::start() {
  if (impl_->status.running) return;
  impl_->status.running = true;
  kick();
}

void OutboxPump::stop() {
  impl_->status.running = false;
  impl_->timer.cancel();
}

void OutboxPump::kick() {
  if (!impl_->status.running) return;
  impl_->timer.cancel();
  asio::post(impl_->io, [weak = impl_->weak_from_this()] {
    if (auto self = weak.lock()) self->pump();
  });
}

OutboxPump::Status OutboxPump::status() const {
  Status s = impl_->status;
  s.breaker = impl_->breaker.state();
  s.consecutive_failures = impl_->breaker.consecutive_failures();
  return s;
}

}  // namespace kiosk::oq
