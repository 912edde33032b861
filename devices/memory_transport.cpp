#include "devices/memory_transport.hpp"

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
  if (answer.empty()) return;
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, latency_);
  timer->async_wait([this, timer, alive = alive_, answer = std::move(answer)](auto ec) {
    if (ec || !*alive || !plugged_ || !on_bytes_) return;
    on_bytes_(answer);
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
