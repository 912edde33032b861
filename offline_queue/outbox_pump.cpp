#include "offline_queue/outbox_pump.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "offline_queue/log_line.hpp"

namespace kiosk::oq {

namespace asio = boost::asio;

struct OutboxPump::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, Outbox& outbox, ExchangeClient& client, WallClockMs clock,
       OutboxPumpConfig config)
      : io(io), client(client), clock(std::move(clock)), drain(outbox, config), timer(io) {}

  void schedule_at(std::int64_t at_ms) {
    timer.expires_after(std::chrono::milliseconds(std::max<std::int64_t>(0, at_ms - clock())));
    timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (!ec && self) self->pump();
    });
  }

  void post_pump() {
    asio::post(io, [weak = weak_from_this()] {
      if (auto self = weak.lock()) self->pump();
    });
  }

  void pump() {
    if (!running || drain.outstanding()) return;
    auto step = drain.next(clock());
    if (auto* wait = std::get_if<OutboxDrain::Wait>(&step)) {
      schedule_at(wait->until_ms);
      return;
    }
    OutboxItem item = std::move(std::get<OutboxDrain::Send>(step).item);
    HttpRequest req{item.method, item.path, item.body, item.idempotency_key};
    client.request(std::move(req), [weak = weak_from_this(), item](ExchangeResult r) {
      if (auto self = weak.lock()) self->on_result(item, r);
    });
  }

  void on_result(const OutboxItem& sent, const ExchangeResult& r) {
    auto s = drain.settle(sent, r, clock());
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
                {"retry_in_ms", std::to_string(s.retry_at_ms - clock())},
                {"error", s.description}});
      if (s.breaker_opened)
        log_line("warn", "outbox_pump", "breaker_open",
                 {{"failures", std::to_string(drain.breaker().consecutive_failures())},
                  {"until_ms", std::to_string(drain.breaker().open_until_ms())}});
    }
    if (running) post_pump();
  }

  asio::io_context& io;
  ExchangeClient& client;
  WallClockMs clock;
  OutboxDrain drain;
  asio::steady_timer timer;
  OnDelivered on_delivered;
  OnFailed on_failed;
  bool running = false;
};

OutboxPump::OutboxPump(asio::io_context& io, Outbox& outbox, ExchangeClient& client,
                       WallClockMs wall_clock, OutboxPumpConfig config)
    : impl_(std::make_shared<Impl>(io, outbox, client, std::move(wall_clock), config)) {}

OutboxPump::~OutboxPump() { impl_->timer.cancel(); }

void OutboxPump::on_delivered(OnDelivered cb) { impl_->on_delivered = std::move(cb); }
void OutboxPump::on_failed(OnFailed cb) { impl_->on_failed = std::move(cb); }

void OutboxPump::start() {
  if (impl_->running) return;
  impl_->running = true;
  kick();
}

void OutboxPump::stop() {
  impl_->running = false;
  impl_->timer.cancel();
}

void OutboxPump::kick() {
  if (!impl_->running) return;
  impl_->timer.cancel();
  impl_->post_pump();
}

OutboxPump::Status OutboxPump::status() const {
  const auto& c = impl_->drain.counters();
  Status s;
  s.running = impl_->running;
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
