#include "devices/validator_runner.hpp"

#include <boost/asio/post.hpp>
#include <cstdio>

namespace kiosk::devices {

ValidatorRunner::ValidatorRunner(boost::asio::io_context& io,
                                 std::unique_ptr<BillValidatorDriver> driver,
                                 std::unique_ptr<Transport> transport, std::function<Instant()> now)
    : io_(io),
      driver_(std::move(driver)),
      transport_(std::move(transport)),
      now_(std::move(now)),
      timer_(io) {}

ValidatorRunner::~ValidatorRunner() { stop(); }

std::string ValidatorRunner::transport_name() const {
  return transport_ ? transport_->describe() : "none";
}

void ValidatorRunner::start(OnEvent on_event) {
  if (running_) return;
  on_event_ = std::move(on_event);
  running_ = true;
  start_transport();
  apply(driver_->on_tick(now_()));
  arm_timer();
}

void ValidatorRunner::stop() {
  if (!running_) return;
  running_ = false;
  *alive_ = false;
  alive_ = std::make_shared<bool>(true);
  timer_.cancel();
  if (transport_) transport_->close();
  events_.clear();
}

void ValidatorRunner::enable(const std::vector<flows::Kzt>& denominations) {
  if (running_) apply(driver_->enable(denominations, now_()));
}
void ValidatorRunner::disable() {
  if (running_) apply(driver_->disable(now_()));
}
void ValidatorRunner::stack() {
  if (running_) apply(driver_->stack(now_()));
}
void ValidatorRunner::return_note() {
  if (running_) apply(driver_->return_note(now_()));
}

void ValidatorRunner::arm_timer() {
  timer_.expires_after(driver_->tick_interval());
  timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (ec || !*alive || !running_) return;
    apply(driver_->on_tick(now_()));
    arm_timer();
  });
}

void ValidatorRunner::start_transport() {
  if (!transport_) return;
  const std::uint64_t gen = ++generation_;
  // Callbacks only post: the work runs outside the transport's own call frames, so a handler may
  // close or replace the transport safely.
  transport_->start(
      [this, gen, alive = alive_](ByteView bytes) {
        boost::asio::post(io_, [this, gen, alive, data = Bytes(bytes.begin(), bytes.end())] {
          if (!*alive || !running_ || gen != generation_) return;
          apply(driver_->on_bytes(data, now_()));
        });
      },
      [this, gen, alive = alive_](const std::string& why) {
        boost::asio::post(io_, [this, gen, alive, why] {
          if (!*alive || !running_) return;
          on_transport_error(gen, why);
        });
      });
}

void ValidatorRunner::retire_transport() {
  if (!transport_) return;
  ++generation_;  // late callbacks from it are ignored
  transport_->close();
  // Destroyed from a fresh handler, never from inside one of its own callbacks.
  boost::asio::post(io_, [old = std::shared_ptr<Transport>(std::move(transport_))] {});
}

void ValidatorRunner::on_transport_error(std::uint64_t gen, const std::string& why) {
  if (gen != generation_) return;
  std::fprintf(stderr,
               "level=warn component=validator_runner event=transport_error protocol=%s "
               "transport=%s why=\"%s\"\n",
               driver_->protocol().c_str(), transport_name().c_str(), why.c_str());
  retire_transport();
  if (driver_link_up_) awaiting_driver_loss_ = true;
  if (link_up_) {
    link_up_ = false;
    events_.push_back({ValidatorEvent::Kind::LinkLost, {}, "transport: " + why, {}});
  }
  apply({});
}

void ValidatorRunner::replace_transport(std::unique_ptr<Transport> transport) {
  if (!running_) {  // nothing started yet (or stopped): just swap
    if (transport_) retire_transport();
    transport_ = std::move(transport);
    return;
  }
  if (transport_) on_transport_error(generation_, "replaced");
  transport_ = std::move(transport);
  if (running_) start_transport();
}

void ValidatorRunner::apply(ValidatorStep step) {
  if (!step.tx.empty() && transport_ && !awaiting_driver_loss_) transport_->write(step.tx);
  for (auto& ev : step.events) {
    if (ev.kind == ValidatorEvent::Kind::LinkLost) {
      driver_link_up_ = false;
      awaiting_driver_loss_ = false;  // the driver caught up: talk to the (new) link again
      if (!link_up_) continue;        // the application was told already
      link_up_ = false;
    } else if (ev.kind == ValidatorEvent::Kind::LinkRestored) {
      driver_link_up_ = true;
      if (link_up_) continue;
      link_up_ = true;
    }
    events_.push_back(std::move(ev));
  }
  if (delivering_) return;  // the outer apply() delivers them, in order
  delivering_ = true;
  while (!events_.empty() && running_) {
    ValidatorEvent ev = std::move(events_.front());
    events_.pop_front();
    if (on_event_) on_event_(ev);
  }
  delivering_ = false;
}

}  // namespace kiosk::devices
