#include "offline_queue/journal_sync_pump.hpp"

#include "offline_queue/log_line.hpp"
#include "offline_queue/request_loop.hpp"

namespace kiosk::oq {

struct JournalSyncPump::Impl {
  Impl(boost::asio::io_context& io, Store& store, ExchangeClient& client, WallClockMs clock,
       JournalSyncConfig config)
      : sync(store, config),
        loop(io, client, std::move(clock), [this](std::int64_t now) { return next(now); }) {}

  RequestLoop::Step next(std::int64_t now) {
    auto step = sync.next(now);
    if (auto* wait = std::get_if<JournalSync::Wait>(&step))
      return RequestLoop::Wait{wait->until_ms};
    auto batch = std::get<JournalSync::Send>(std::move(step)).batch;
    HttpRequest req = batch.request;
    return RequestLoop::Send{
        std::move(req),
        [this, batch](const ExchangeResult& r, std::int64_t t) { settle(batch, r, t); }};
  }

  void settle(const JournalSync::Batch& batch, const ExchangeResult& r, std::int64_t now) {
    auto s = sync.settle(batch, r, now);
    std::string range = std::to_string(batch.from_seq) + "-" + std::to_string(batch.to_seq);
    if (!s.recorded) log_line("error", "journal_sync", "store_write_failed", {{"rows", range}});
    if (s.verdict == Verdict::Retry) {
      log_line("warn", "journal_sync", "retry",
               {{"rows", range},
                {"retry_in_ms", std::to_string(s.retry_at_ms - now)},
                {"error", s.description}});
      if (s.breaker_opened) log_line("warn", "journal_sync", "breaker_open", {{"rows", range}});
    } else if (sync.status().halted) {
      log_line("error", "journal_sync", "halted",
               {{"rows", range}, {"result", s.description}, {"action", "operator"}});
    } else if (s.verdict == Verdict::Failed) {
      log_line("warn", "journal_sync", "resumed", {{"rows", range}, {"result", s.description}});
    }
  }

  JournalSync sync;
  RequestLoop loop;  // last: destroyed first, so no answer reaches the members above after
};

JournalSyncPump::JournalSyncPump(boost::asio::io_context& io, Store& store, ExchangeClient& client,
                                 WallClockMs wall_clock, JournalSyncConfig config)
    : impl_(std::make_shared<Impl>(io, store, client, std::move(wall_clock), config)) {}

JournalSyncPump::~JournalSyncPump() = default;

void JournalSyncPump::start() { impl_->loop.start(); }
void JournalSyncPump::stop() { impl_->loop.stop(); }
void JournalSyncPump::kick() { impl_->loop.kick(); }

JournalSync::Status JournalSyncPump::status() const { return impl_->sync.status(); }

}  // namespace kiosk::oq
