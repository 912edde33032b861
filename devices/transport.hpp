// A byte-stream transport to a device: libusb bridge, termios tty, or an in-memory pipe to a
// simulator. All callbacks run on the io_context the transport was created with.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace kiosk::devices {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

class Transport {
 public:
  using OnBytes = std::function<void(ByteView)>;
  // Called once when the link is lost (unplug, EOF, I/O error); `why` is for the log.
  using OnError = std::function<void(const std::string& why)>;

  virtual ~Transport() = default;
  // Starts delivering received bytes. Call once.
  virtual void start(OnBytes on_bytes, OnError on_error) = 0;
  // Queues bytes for sending; never blocks.
  virtual void write(ByteView bytes) = 0;
  // Stops delivery; no callback runs after close() returns.
  virtual void close() = 0;
  // A short name for logs ("mem:ccnet", "tty:/dev/ttyUSB0").
  virtual std::string describe() const = 0;
};

}  // namespace kiosk::devices
