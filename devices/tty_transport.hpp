// A Transport over a termios tty (/dev/ttyUSB0, /dev/ttyACM0, a pty): raw mode, line settings from
// SerialSettings, asynchronous reads and queued writes on an Asio io_context. The first read or
// write error (EOF, EIO after an unplug) calls OnError once; nothing is delivered after close().
#pragma once

#include <termios.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <deque>
#include <expected>
#include <memory>
#include <string>

#include "devices/transport.hpp"

namespace kiosk::devices {

struct SerialSettings {
  enum class Parity { None, Even, Odd };
  std::string path;
  unsigned baud = 9600;    // a standard rate, 1200..230400
  unsigned data_bits = 8;  // 5..8
  Parity parity = Parity::None;
  unsigned stop_bits = 1;  // 1 or 2
  // "9600 8N1" style, for logs.
  std::string describe() const;
};

// `base` in raw mode with the line settings of `s` (speed, size, parity, stop bits, no flow
// control, VMIN 1). Pure; an error for settings termios cannot express.
std::expected<termios, std::string> raw_termios(termios base, const SerialSettings& s);
// tcgetattr + raw_termios + tcsetattr + flush on an open tty.
std::expected<void, std::string> apply_serial_settings(int fd, const SerialSettings& s);

class TtyTransport final : public Transport {
 public:
  // Opens and configures the tty. The error says why, for the technician ("open /dev/ttyUSB0:
  // Permission denied", "unsupported baud 12345").
  static std::expected<std::unique_ptr<TtyTransport>, std::string> open(
      boost::asio::io_context& io, const SerialSettings& settings);
  ~TtyTransport() override;

  void start(OnBytes on_bytes, OnError on_error) override;
  void write(ByteView bytes) override;
  void close() override;
  std::string describe() const override { return "tty:" + settings_.path; }

 private:
  TtyTransport(boost::asio::io_context& io, int fd, SerialSettings settings);
  void read_more();
  void write_next();
  void fail(const std::string& why);

  boost::asio::posix::stream_descriptor sd_;
  SerialSettings settings_;
  std::array<std::uint8_t, 256> rx_{};
  std::deque<Bytes> tx_;
  bool writing_ = false;
  bool failed_ = false;
  OnBytes on_bytes_;
  OnError on_error_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace kiosk::devices
