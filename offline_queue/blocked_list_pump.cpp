#include "offline_queue/blocked_list_pump.hpp"

#include "offline_queue/log_line.hpp"
#include "offline_queue/request_loop.hpp"

namespace kiosk::oq {

namespace {

// The period is steady time; the loop only needs a clock that counts milliseconds.
std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct BlockedListPump::Impl {
  Impl(boost::asio::io_context& io, BlockedListSync& sync, ExchangeClient& client,
       std::chrono::milliseconds period)
      : sync(sync),
        period(period),
        loop(io, client, steady_ms, [this](std::int64_t now) { return next(now); }) {}

  // At start and on kick() at once, otherwise `period` after the last answer.
  RequestLoop::Step next(std::int64_t now) {
    if (now < fetch_at_ms) return RequestLoop::Wait{fetch_at_ms};
    return RequestLoop::Send{sync.request(),
                             [this](const ExchangeResult& r, std::int64_t t) { settle(r, t); }};
  }

  void settle(const ExchangeResult& r, std::int64_t now) {
    fetch_at_ms = now + period.count();
    auto applied = sync.settle(r);
    if (!applied)
      log_line("warn", "blocked_list", "fetch_failed",
               {{"kind", std::string(to_string(applied.error().kind))},
                {"what", applied.error().what},
                {"version", std::to_string(sync.version())}});
    else if (*applied)
      log_line("info", "blocked_list", "updated",
               {{"version", std::to_string(sync.version())},
                {"entries", std::to_string(sync.list().size())}});
    if (on_fetched) on_fetched(applied);
  }

  BlockedListSync& sync;
  std::chrono::milliseconds period;
  std::int64_t fetch_at_ms = 0;
  OnFetched on_fetched;
  RequestLoop loop;  // last: destroyed first, so no answer reaches the members above after
};

BlockedListPump::BlockedListPump(boost::asio::io_context& io, BlockedListSync& sync,
                                 ExchangeClient& client, std::chrono::milliseconds period)
    : impl_(std::make_shared<Impl>(io, sync, client, period)) {}

BlockedListPump::~BlockedListPump() = default;

void BlockedListPump::on_fetched(OnFetched cb) { impl_->on_fetched = std::move(cb); }

void BlockedListPump::start() {
  if (impl_->loop.running()) return;
  impl_->fetch_at_ms = 0;
  impl_->loop.start();
}

void BlockedListPump::stop() { impl_->loop.stop(); }

void BlockedListPump::kick() {
  if (!impl_->loop.running()) return;
  impl_->fetch_at_ms = 0;
  impl_->loop.kick();
}

}  // namespace kiosk::oq
