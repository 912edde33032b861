// An in-memory transport to a device simulator living in the same process: what the host writes is
// handed to the simulator's `on_host_bytes`, and its answer comes back as received bytes after
// `latency`. Used by unit tests and by `kiosk run --sim`. Can be "unplugged" to test link loss.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>

#include "devices/transport.hpp"
#include "flows/time.hpp"

namespace kiosk::devices {

// The device side of an in-memory link (implemented by the simulators in sim/).
class DeviceEndpoint {
 public:
  virtual ~DeviceEndpoint() = default;
  // Bytes from the host; returns the device's answer (possibly empty).
  virtual Bytes on_host_bytes(ByteView rx, Instant now) = 0;
  // A device that speaks later on its own (a dispenser answering once the notes are out) says
  // when: the transport calls on_host_bytes({}, now) at that time. None: it only answers.
  virtual std::optional<Instant> wake_at() const { return std::nullopt; }
};

class MemoryTransport final : public Transport {
 public:
  // `now` gives the simulator its time (the runtime's steady clock, or virtual time).
  MemoryTransport(boost::asio::io_context& io, std::shared_ptr<DeviceEndpoint> device,
                  std::function<Instant()> now, std::string name, Millis latency = Millis{1});
  ~MemoryTransport() override;

  void start(OnBytes on_bytes, OnError on_error) override;
  void write(ByteView bytes) override;
  void close() override;
  std::string describe() const override { return "mem:" + name_; }

  // Simulates pulling the cable: bytes written are lost and the host gets OnError once.
  void unplug();
  // Plugs the cable back in; the host must start() a new transport or keep using this one.
  void replug();
  bool plugged() const { return plugged_; }

 private:
  void arm_wake();

  boost::asio::io_context& io_;
  std::shared_ptr<DeviceEndpoint> device_;
  std::function<Instant()> now_;
  std::string name_;
  Millis latency_;
  OnBytes on_bytes_;
  OnError on_error_;
  bool plugged_ = true;
  std::optional<Instant> wake_armed_;  // the device wake-up a timer is set for
  // Shared with posted handlers so nothing runs after close().
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace kiosk::devices
