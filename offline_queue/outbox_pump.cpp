#include "offline_queue/outbox_pump.hpp"

#include "offline_queue/log_line.hpp"
#include "offline_queue/request_loop.hpp"

namespace kiosk::oq {

struct OutboxPump::Impl {
  Impl(boost::asio::io_context& io, Outbox& outbox, ExchangeClient& client, WallClockMs clock,
       OutboxPumpConfig config)
      : drain(outbox, config),
        loop(io, client, std::move(clock), [this](std::int64_t now) { return next(now); }) {}

  RequestLoop::Step next(std::int64_t now) {
    auto step = drain.next(now);
    if (auto* wait = std::get_if<OutboxDrain::Wait>(&step))
      return RequestLoop::Wait{wait->until_ms};
    OutboxItem item = std::move(std::get<OutboxDrain::Send>(step).item);
    HttpRequest req{item.method, item.path, item.body, item.idempotency_key};
    return RequestLoop::Send{std::move(req), [this, item](const ExchangeResult& r, std::int64_t t) {
                               settle(item, r, t);
                             }};
  }

  void settle(const OutboxItem& sent, const ExchangeResult& r, std::int64_t now) {
    auto s = drain.settle(sent, r, now);
    const std::string& key = sent.idempotency_key;
    if (!s.recorded) {
      log_line("error", "outbox_pump", "store_write_failed",
               {{"key", key}, {"what", s.store_error}});
    } else if (s.verdict == Verdict::Delivered) {
      log_line("info", "outbox_pump", "delivered",
               {{"key", key}, {"path", sent.path}, {"result", s.description}});
      if (on_delivered) on_delivered(s.item, *r);
    } else if (s.verdict == Verdict::Failed) {
      log_line("error", "outbox_pump", "request_failed",
               {{"key", key}, {"path", sent.path}, {"result", s.description}});
      if (on_failed) on_failed(s.item, *r);
    } else {
      log_line("warn", "outbox_pump", "retry",
               {{"key", key},
                {"path", sent.path},
                {"attempts", std::to_string(s.item.attempts)},
                {"retry_in_ms", std::to_string(s.retry_at_ms - now)},
                {"error", s.description}});
      if (s.breaker_opened)
        log_line("warn", "outbox_pump", "breaker_open",
                 {{"failures", std::to_string(drain.breaker().consecutive_failures())},
                  {"until_ms", std::to_string(drain.breaker().open_until_ms())}});
    }
  }

  OutboxDrain drain;
  OnDelivered on_delivered;
  OnFailed on_failed;
  RequestLoop loop;  // last: destroyed first, so no answer reaches the members above after
};

OutboxPump::OutboxPump(boost::asio::io_context& io, Outbox& outbox, ExchangeClient& client,
                       WallClockMs wall_clock, OutboxPumpConfig config)
    : impl_(std::make_shared<Impl>(io, outbox, client, std::move(wall_clock), config)) {}

OutboxPump::~OutboxPump() = default;

void OutboxPump::on_delivered(OnDelivered cb) { impl_->on_delivered = std::move(cb); }
void OutboxPump::on_failed(OnFailed cb) { impl_->on_failed = std::move(cb); }
void OutboxPump::start() { impl_->loop.start(); }
void OutboxPump::stop() { impl_->loop.stop(); }
void OutboxPump::kick() { impl_->loop.kick(); }

OutboxPump::Status OutboxPump::status() const {
  const auto& c = impl_->drain.counters();
  Status s;
  s.running = impl_->loop.running();
  s.in_flight = impl_->drain.outstanding();
  s.breaker = impl_->drain.breaker().state();
  s.consecutive_failures = impl_->drain.breaker().consecutive_failures();
  s.sent = c.sent;
  s.delivered = c.delivered;
  s.retried = c.retried;
  s.failed = c.failed;
  return s;
}

}  // namespace kiosk::oq
