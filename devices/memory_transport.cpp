#include "devices/memory_transport.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

namespace kiosk::devices {

MemoryTransport::MemoryTransport(boost::asio::io_context& io,
                                 std::shared_ptr<DeviceEndpoint> device,
                                 std::function<Instant()> now, std::string name, Millis latency)
    : io_(io),
      device_(std::move(device)),
      now_(std::move(now)),
      name_(std::move(name)),
      latency_(latency) {}

MemoryTransport::~MemoryTransport() { close(); }

void MemoryTransport::start(OnBytes on_bytes, OnError on_error) {
  on_bytes_ = std::move(on_bytes);
  on_error_ = std::move(on_error);
}

void MemoryTransport::write(ByteView bytes) {
  if (!plugged_ || !*alive_) return;  // the cable is out: bytes go nowhere
  Bytes answer = device_->on_host_bytes(bytes, now_());
  arm_wake();
  if (answer.empty()) return;
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, latency_);
  timer->async_wait([this, timer, alive = alive_, answer = std::move(answer)](auto ec) {
    if (ec || !*alive || !plugged_ || !on_bytes_) return;
    on_bytes_(answer);
  });
}

void MemoryTransport::arm_wake() {
  const auto at = device_->wake_at();
  if (!at || (wake_armed_ && *wake_armed_ <= *at)) return;
  wake_armed_ = at;
  const Millis in = std::max(Millis{0}, *at - now_());
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, in);
  timer->async_wait([this, timer, alive = alive_, at = *at](auto ec) {
    if (ec || !*alive) return;
    if (wake_armed_ == at) wake_armed_.reset();
    // The device talks whether or not the cable is in; unplugged, its bytes are lost.
    Bytes out = device_->on_host_bytes({}, now_());
    arm_wake();
    if (!out.empty() && plugged_ && on_bytes_) on_bytes_(out);
  });
}

void MemoryTransport::close() {
  *alive_ = false;
  alive_ = std::make_shared<bool>(true);
  on_bytes_ = nullptr;
  on_error_ = nullptr;
}

void MemoryTransport::unplug() {
  if (!plugged_) return;
  plugged_ = false;
  if (on_error_) {
    boost::asio::post(io_, [this, alive = alive_] {
      if (*alive && on_error_) on_error_("unplugged");
    });
  }
}

void MemoryTransport::replug() { plugged_ = true; }

}  // namespace kiosk::devices
