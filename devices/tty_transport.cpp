#include "devices/tty_transport.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstring>

namespace kiosk::devices {
namespace {

std::expected<speed_t, std::string> speed_for(unsigned baud) {
  switch (baud) {
    case 1200:
      return B1200;
    case 2400:
      return B2400;
    case 4800:
      return B4800;
    case 9600:
      return B9600;
    case 19200:
      return B19200;
    case 38400:
      return B38400;
    case 57600:
      return B57600;
    case 115200:
      return B115200;
    case 230400:
      return B230400;
    default:
      return std::unexpected("unsupported baud " + std::to_string(baud));
  }
}

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

std::string SerialSettings::describe() const {
  const char p = parity == Parity::None ? 'N' : parity == Parity::Even ? 'E' : 'O';
  return std::to_string(baud) + " " + std::to_string(data_bits) + p + std::to_string(stop_bits);
}

std::expected<termios, std::string> raw_termios(termios t, const SerialSettings& s) {
  auto speed = speed_for(s.baud);
  if (!speed) return std::unexpected(speed.error());
  if (s.data_bits < 5 || s.data_bits > 8)
    return std::unexpected("unsupported data bits " + std::to_string(s.data_bits));
  if (s.stop_bits != 1 && s.stop_bits != 2)
    return std::unexpected("unsupported stop bits " + std::to_string(s.stop_bits));
  ::cfmakeraw(&t);
  t.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
  t.c_cflag |= CLOCAL | CREAD;
  static constexpr tcflag_t kSizes[] = {CS5, CS6, CS7, CS8};
  t.c_cflag |= kSizes[s.data_bits - 5];
  if (s.parity != SerialSettings::Parity::None) t.c_cflag |= PARENB;
  if (s.parity == SerialSettings::Parity::Odd) t.c_cflag |= PARODD;
  if (s.stop_bits == 2) t.c_cflag |= CSTOPB;
  t.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
  // VMIN 1: with O_NONBLOCK an empty read is EAGAIN. (VMIN 0 would make it return 0, which reads
  // as end-of-file.)
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  if (::cfsetispeed(&t, *speed) != 0 || ::cfsetospeed(&t, *speed) != 0)
    return std::unexpected("cannot set speed " + std::to_string(s.baud));
  return t;
}

std::expected<void, std::string> apply_serial_settings(int fd, const SerialSettings& s) {
  termios current{};
  if (::tcgetattr(fd, &current) != 0) return std::unexpected(errno_text("tcgetattr " + s.path));
  auto t = raw_termios(current, s);
  if (!t) return std::unexpected(t.error());
  if (::tcsetattr(fd, TCSANOW, &*t) != 0) return std::unexpected(errno_text("tcsetattr " + s.path));
  ::tcflush(fd, TCIOFLUSH);  // drop whatever a previous user left in the buffers
  return {};
}

std::expected<std::unique_ptr<TtyTransport>, std::string> TtyTransport::open(
    boost::asio::io_context& io, const SerialSettings& settings) {
  const int fd = ::open(settings.path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::unexpected(errno_text("open " + settings.path));
  if (auto ok = apply_serial_settings(fd, settings); !ok) {
    ::close(fd);
    return std::unexpected(ok.error());
  }
  try {  // registering the descriptor with the reactor can fail (e.g. out of epoll resources)
    return std::unique_ptr<TtyTransport>(new TtyTransport(io, fd, settings));
  } catch (const std::exception& e) {
    ::close(fd);
    return std::unexpected("register " + settings.path + ": " + e.what());
  }
}

TtyTransport::TtyTransport(boost::asio::io_context& io, int fd, SerialSettings settings)
    : sd_(io, fd), settings_(std::move(settings)) {}

TtyTransport::~TtyTransport() { close(); }

void TtyTransport::start(OnBytes on_bytes, OnError on_error) {
  on_bytes_ = std::move(on_bytes);
  on_error_ = std::move(on_error);
  read_more();
}

void TtyTransport::read_more() {
  if (!*alive_ || failed_ || !sd_.is_open()) return;
  sd_.async_read_some(
      boost::asio::buffer(rx_),
      [this, alive = alive_](const boost::system::error_code& ec, std::size_t n) {
        if (!*alive) return;
        if (ec) {
          fail("read: " + (ec == boost::asio::error::eof ? std::string("eof") : ec.message()));
          return;
        }
        if (n > 0 && on_bytes_) {
          auto deliver = on_bytes_;  // survives a close() from inside it
          deliver(ByteView(rx_.data(), n));
        }
        if (*alive) read_more();
      });
}

void TtyTransport::write(ByteView bytes) {
  if (!*alive_ || failed_ || bytes.empty()) return;
  tx_.emplace_back(bytes.begin(), bytes.end());
  if (!writing_) write_next();
}

void TtyTransport::write_next() {
  if (tx_.empty() || !*alive_ || failed_) {
    writing_ = false;
    return;
  }
  writing_ = true;
  boost::asio::async_write(
      sd_, boost::asio::buffer(tx_.front()),
      [this, alive = alive_](const boost::system::error_code& ec, std::size_t) {
        if (!*alive) return;
        if (ec) {
          fail("write: " + ec.message());
          return;
        }
        tx_.pop_front();
        write_next();
      });
}

void TtyTransport::fail(const std::string& why) {
  if (failed_) return;
  failed_ = true;  // a write in flight completes into a no-op; tx_ stays until destruction
  auto report = std::move(on_error_);  // survives a close() from inside it
  on_error_ = nullptr;
  if (report) report(why);
}

void TtyTransport::close() {
  *alive_ = false;
  alive_ = std::make_shared<bool>(true);
  on_bytes_ = nullptr;
  on_error_ = nullptr;
  boost::system::error_code ignored;
  if (sd_.is_open()) sd_.close(ignored);  // cancels the operations that point into tx_ and rx_
  tx_.clear();
  writing_ = false;
  failed_ = true;  // a closed transport stays closed
}

}  // namespace kiosk::devices
