#include "offline_queue/kyc_pump.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "offline_queue/log_line.hpp"

namespace kiosk::oq {

namespace asio = boost::asio;

struct KycPump::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, KycVault& vault, ExchangeClient& client, WallClockMs clock)
      : io(io), vault(vault), client(client), clock(std::move(clock)), timer(io) {}

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
    if (!running || vault.outstanding()) return;
    auto step = vault.next(clock());
    if (auto* wait = std::get_if<KycVault::Wait>(&step)) {
      schedule_at(wait->until_ms);
      return;
    }
    auto send = std::move(std::get<KycVault::Send>(step));
    client.request(std::move(send.request),
                   [weak = weak_from_this(), id = send.kyc_id](ExchangeResult r) {
                     if (auto self = weak.lock()) self->on_result(id, r);
                   });
  }

  void on_result(const std::string& kyc_id, const ExchangeResult& r) {
    auto s = vault.settle(kyc_id, r, clock());
    if (!s.recorded)
      log_line("error", "kyc_pump", "store_write_failed",
               {{"kyc_id", kyc_id}, {"what", s.store_error}});
    else if (s.verdict == Verdict::Delivered)
      log_line("info", "kyc_pump", "acked", {{"kyc_id", kyc_id}, {"result", s.description}});
    else if (s.verdict == Verdict::Failed)
      log_line("error", "kyc_pump", "refused", {{"kyc_id", kyc_id}, {"result", s.description}});
    else
      log_line("warn", "kyc_pump", "retry",
               {{"kyc_id", kyc_id},
                {"retry_in_ms", std::to_string(s.retry_at_ms - clock())},
                {"error", s.description}});
    if (on_settled) on_settled(kyc_id, s);
    if (running) post_pump();
  }

  asio::io_context& io;
  KycVault& vault;
  ExchangeClient& client;
  WallClockMs clock;
  asio::steady_timer timer;
  OnSettled on_settled;
  bool running = false;
};

KycPump::KycPump(asio::io_context& io, KycVault& vault, ExchangeClient& client,
                 WallClockMs wall_clock)
    : impl_(std::make_shared<Impl>(io, vault, client, std::move(wall_clock))) {}

KycPump::~KycPump() {
  impl_->timer.cancel();
  impl_->vault.abandon();  // an answer still in flight is ignored; the submission stays pending
}

void KycPump::on_settled(OnSettled cb) { impl_->on_settled = std::move(cb); }

void KycPump::start() {
  if (impl_->running) return;
  impl_->running = true;
  kick();
}

void KycPump::stop() {
  impl_->running = false;
  impl_->timer.cancel();
}

void KycPump::kick() {
  if (!impl_->running) return;
  impl_->timer.cancel();
  impl_->post_pump();
}

}  // namespace kiosk::oq
