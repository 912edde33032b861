#include "offline_queue/journal_sync_pump.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "offline_queue/log_line.hpp"

namespace kiosk::oq {

namespace asio = boost::asio;

struct JournalSyncPump::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, Store& store, ExchangeClient& client, WallClockMs clock,
       JournalSyncConfig config)
      : io(io), client(client), clock(std::move(clock)), sync(store, config), timer(io) {}

  void pump() {
    if (!running || sync.outstanding()) return;
    auto step = sync.next(clock());
    if (auto* wait = std::get_if<JournalSync::Wait>(&step)) {
      timer.expires_after(
          std::chrono::milliseconds(std::max<std::int64_t>(0, wait->until_ms - clock())));
      timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        if (auto self = weak.lock(); self && !ec) self->pump();
      });
      return;
    }
    auto batch = std::get<JournalSync::Send>(std::move(step)).batch;
    HttpRequest req = batch.request;
    client.request(std::move(req), [weak = weak_from_this(), batch](ExchangeResult r) {
      if (auto self = weak.lock()) self->on_result(batch, r);
    });
  }

  void on_result(const JournalSync::Batch& batch, const ExchangeResult& r) {
    auto s = sync.settle(batch, r, clock());
    std::string range = std::to_string(batch.from_seq) + "-" + std::to_string(batch.to_seq);
    if (!s.recorded) log_line("error", "journal_sync", "store_write_failed", {{"rows", range}});
    if (s.verdict == Verdict::Retry) {
      log_line("warn", "journal_sync", "retry",
               {{"rows", range},
                {"retry_in_ms", std::to_string(s.retry_at_ms - clock())},
                {"error", s.description}});
      if (s.breaker_opened) log_line("warn", "journal_sync", "breaker_open", {{"rows", range}});
    } else if (auto halted = sync.status().halted) {
      log_line("error", "journal_sync", "halted",
               {{"rows", range}, {"result", s.description}, {"action", "operator"}});
    } else if (s.verdict == Verdict::Failed) {
      log_line("warn", "journal_sync", "resumed", {{"rows", range}, {"result", s.description}});
    }
    if (running) post_pump();
  }

  void post_pump() {
    asio::post(io, [weak = weak_from_this()] {
      if (auto self = weak.lock()) self->pump();
    });
  }

  asio::io_context& io;
  ExchangeClient& client;
  WallClockMs clock;
  JournalSync sync;
  asio::steady_timer timer;
  bool running = false;
};

JournalSyncPump::JournalSyncPump(asio::io_context& io, Store& store, ExchangeClient& client,
                                 WallClockMs wall_clock, JournalSyncConfig config)
    : impl_(std::make_shared<Impl>(io, store, client, std::move(wall_clock), config)) {}

JournalSyncPump::~JournalSyncPump() { impl_->timer.cancel(); }

void JournalSyncPump::start() {
  if (impl_->running) return;
  impl_->running = true;
  kick();
}

void JournalSyncPump::stop() {
  impl_->running = false;
  impl_->timer.cancel();
}

void JournalSyncPump::kick() {
  if (!impl_->running) return;
  impl_->timer.cancel();
  impl_->post_pump();
}

JournalSync::Status JournalSyncPump::status() const { return impl_->sync.status(); }

}  // namespace kiosk::oq
