#include "offline_queue/blocked_list_pump.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "offline_queue/log_line.hpp"

namespace kiosk::oq {

namespace asio = boost::asio;

struct BlockedListPump::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, BlockedListSync& sync, ExchangeClient& client,
       std::chrono::milliseconds period)
      : io(io), sync(sync), client(client), period(period), timer(io) {}

  void fetch() {
    if (!running || in_flight) return;
    in_flight = true;
    client.request(sync.request(), [weak = weak_from_this()](ExchangeResult r) {
      if (auto self = weak.lock()) self->on_result(r);
    });
  }

  void on_result(const ExchangeResult& r) {
    in_flight = false;
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
    if (!running) return;
    timer.expires_after(period);
    timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (!ec && self) self->fetch();
    });
  }

  asio::io_context& io;
  BlockedListSync& sync;
  ExchangeClient& client;
  std::chrono::milliseconds period;
  asio::steady_timer timer;
  OnFetched on_fetched;
  bool running = false;
  bool in_flight = false;
};

BlockedListPump::BlockedListPump(asio::io_context& io, BlockedListSync& sync,
                                 ExchangeClient& client, std::chrono::milliseconds period)
    : impl_(std::make_shared<Impl>(io, sync, client, period)) {}

BlockedListPump::~BlockedListPump() { impl_->timer.cancel(); }

void BlockedListPump::on_fetched(OnFetched cb) { impl_->on_fetched = std::move(cb); }

void BlockedListPump::start() {
  if (impl_->running) return;
  impl_->running = true;
  kick();
}

void BlockedListPump::stop() {
  impl_->running = false;
  impl_->timer.cancel();
}

void BlockedListPump::kick() {
  if (!impl_->running) return;
  impl_->timer.cancel();
  asio::post(impl_->io, [weak = std::weak_ptr<Impl>(impl_)] {
    if (auto self = weak.lock()) self->fetch();
  });
}

}  // namespace kiosk::oq
