#include "offline_queue/kyc_pump.hpp"

#include "offline_queue/log_line.hpp"
#include "offline_queue/request_loop.hpp"

namespace kiosk::oq {

struct KycPump::Impl {
  Impl(boost::asio::io_context& io, KycVault& vault, ExchangeClient& client, WallClockMs clock)
      : vault(vault),
        loop(io, client, std::move(clock), [this](std::int64_t now) { return next(now); }) {}

  RequestLoop::Step next(std::int64_t now) {
    auto step = vault.next(now);
    if (auto* wait = std::get_if<KycVault::Wait>(&step)) return RequestLoop::Wait{wait->until_ms};
    auto send = std::get<KycVault::Send>(std::move(step));
    return RequestLoop::Send{
        std::move(send.request),
        [this, id = send.kyc_id](const ExchangeResult& r, std::int64_t t) { settle(id, r, t); }};
  }

  void settle(const std::string& kyc_id, const ExchangeResult& r, std::int64_t now) {
    auto s = vault.settle(kyc_id, r, now);
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
                {"retry_in_ms", std::to_string(s.retry_at_ms - now)},
                {"error", s.description}});
    if (on_settled) on_settled(kyc_id, s);
  }

  KycVault& vault;
  OnSettled on_settled;
  RequestLoop loop;  // last: destroyed first, so no answer reaches the members above after
};

KycPump::KycPump(boost::asio::io_context& io, KycVault& vault, ExchangeClient& client,
                 WallClockMs wall_clock)
    : impl_(std::make_shared<Impl>(io, vault, client, std::move(wall_clock))) {}

KycPump::~KycPump() {
  impl_->loop.stop();
  impl_->vault.abandon();  // an answer still in flight is ignored; the submission stays pending
}

void KycPump::on_settled(OnSettled cb) { impl_->on_settled = std::move(cb); }
void KycPump::start() { impl_->loop.start(); }
void KycPump::stop() { impl_->loop.stop(); }
void KycPump::kick() { impl_->loop.kick(); }

}  // namespace kiosk::oq
