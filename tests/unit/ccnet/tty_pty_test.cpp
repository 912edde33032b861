// TtyTransport over a pseudo-terminal pair: line settings, queued writes, EOF, and the CCNET driver
// talking to the simulator served on the master side.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

#include "devices/tty_transport.hpp"
#include "devices/validator_runner.hpp"
#include "virtual_bench.hpp"

using namespace ccnet_test;
using namespace kiosk::devices;
using kiosk::flows::Kzt;
using kiosk::sim::ccnet::CcnetDeviceSim;

namespace {

Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

struct Pty {
  int master = -1;
  int slave = -1;
  std::string path;
  Pty() {
    char name[256] = {};
    REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);  // tests poll it
    path = name;
  }
  ~Pty() {
    if (master >= 0) ::close(master);
    if (slave >= 0) ::close(slave);
  }
};

// The device end of the pty: every read goes to the simulator, its answer is written back.
struct PtyDevice {
  boost::asio::posix::stream_descriptor end;
  std::shared_ptr<CcnetDeviceSim> sim;
  std::array<std::uint8_t, 256> buf{};
  PtyDevice(boost::asio::io_context& io, int fd, std::shared_ptr<CcnetDeviceSim> s)
      : end(io, fd), sim(std::move(s)) {}
  void read() {
    end.async_read_some(boost::asio::buffer(buf), [this](auto ec, std::size_t n) {
      if (ec) return;
      auto answer =
          std::make_shared<Bytes>(sim->on_host_bytes(ByteView(buf.data(), n), steady_now()));
      if (!answer->empty())
        boost::asio::async_write(end, boost::asio::buffer(*answer), [answer](auto, auto) {});
      read();
    });
  }
};

template <class Pred>
bool run_until(boost::asio::io_context& io, Pred pred, Millis limit = Millis{3000}) {
  const Instant end = steady_now() + limit;
  while (!pred()) {
    if (steady_now() >= end) return false;
    io.run_for(std::chrono::milliseconds(2));
    if (io.stopped()) io.restart();
  }
  return true;
}

}  // namespace

TEST_CASE("tty: termios for each line setting (size, parity, stop bits, speed, raw)") {
  const termios cooked{};
  auto t = raw_termios(cooked, SerialSettings{"x", 19200, 8, SerialSettings::Parity::Even, 2});
  REQUIRE(t);
  CHECK((t->c_cflag & CSIZE) == CS8);
  CHECK((t->c_cflag & PARENB) != 0);
  CHECK((t->c_cflag & PARODD) == 0);
  CHECK((t->c_cflag & CSTOPB) != 0);
  CHECK((t->c_cflag & CRTSCTS) == 0);
  CHECK((t->c_lflag & (ICANON | ECHO)) == 0);
  CHECK(t->c_cc[VMIN] == 1);
  CHECK(::cfgetospeed(&*t) == B19200);
  auto odd = raw_termios(cooked, SerialSettings{"x", 9600, 7, SerialSettings::Parity::Odd, 1});
  REQUIRE(odd);
  CHECK((odd->c_cflag & CSIZE) == CS7);
  CHECK((odd->c_cflag & (PARENB | PARODD)) == (PARENB | PARODD));
  CHECK((odd->c_cflag & CSTOPB) == 0);
  CHECK(::cfgetispeed(&*odd) == B9600);
  auto none = raw_termios(cooked, SerialSettings{"x", 115200});
  REQUIRE(none);
  CHECK((none->c_cflag & PARENB) == 0);
  CHECK(SerialSettings{"x", 19200, 8, SerialSettings::Parity::Even, 2}.describe() == "19200 8E2");
  CHECK_FALSE(raw_termios(cooked, SerialSettings{"x", 9600, 9}));
  CHECK_FALSE(raw_termios(cooked, SerialSettings{"x", 9600, 8, SerialSettings::Parity::None, 3}));
  CHECK(raw_termios(cooked, SerialSettings{"x", 12345}).error() == "unsupported baud 12345");
}

TEST_CASE(
    "tty: settings reach a real tty (a pty keeps speed and stop bits; it forces CS8, no "
    "parity)") {
  Pty pty;
  REQUIRE(apply_serial_settings(
      pty.slave, SerialSettings{pty.path, 19200, 8, SerialSettings::Parity::Even, 2}));
  termios t{};
  REQUIRE(::tcgetattr(pty.slave, &t) == 0);
  CHECK((t.c_cflag & CSTOPB) != 0);
  CHECK((t.c_lflag & (ICANON | ECHO)) == 0);
  CHECK(::cfgetospeed(&t) == B19200);
}

TEST_CASE("tty: bad settings and missing devices are error values") {
  boost::asio::io_context io;
  auto missing = TtyTransport::open(io, SerialSettings{"/dev/does-not-exist-ccnet"});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().starts_with("open /dev/does-not-exist-ccnet"));
  Pty pty;
  auto bad_baud = TtyTransport::open(io, SerialSettings{pty.path, 12345});
  REQUIRE_FALSE(bad_baud);
  CHECK(bad_baud.error() == "unsupported baud 12345");
  auto bad_stop =
      TtyTransport::open(io, SerialSettings{pty.path, 9600, 8, SerialSettings::Parity::None, 3});
  CHECK_FALSE(bad_stop);
}

TEST_CASE("tty: queued writes arrive in order; reads are delivered; EOF reported once") {
  boost::asio::io_context io;
  Pty pty;
  auto t = TtyTransport::open(io, SerialSettings{pty.path});
  REQUIRE(t);
  CHECK((*t)->describe() == "tty:" + pty.path);
  Bytes received;
  int errors = 0;
  (*t)->start([&](ByteView b) { received.insert(received.end(), b.begin(), b.end()); },
              [&](const std::string&) { ++errors; });
  for (std::uint8_t i = 0; i < 50; ++i) (*t)->write(Bytes{i, static_cast<std::uint8_t>(i + 100)});
  Bytes at_master;
  REQUIRE(run_until(io, [&] {
    std::uint8_t buf[256];
    const ssize_t n = ::read(pty.master, buf, sizeof buf);
    if (n > 0) at_master.insert(at_master.end(), buf, buf + n);
    return at_master.size() >= 100;
  }));
  REQUIRE(at_master.size() == 100);
  for (std::uint8_t i = 0; i < 50; ++i) {
    CHECK(at_master[2 * i] == i);
    CHECK(at_master[2 * i + 1] == i + 100);
  }
  const std::uint8_t hello[] = {0x02, 0x03, 0x06};
  REQUIRE(::write(pty.master, hello, sizeof hello) == 3);
  REQUIRE(run_until(io, [&] { return received.size() == 3; }));
  ::close(pty.master);  // the far end goes away
  pty.master = -1;
  ::close(pty.slave);
  pty.slave = -1;
  REQUIRE(run_until(io, [&] { return errors == 1; }));
  io.restart();
  io.run_for(std::chrono::milliseconds(20));
  CHECK(errors == 1);
  (*t)->write(Bytes{1, 2, 3});  // writes after a failure are dropped quietly
  io.restart();
  io.run_for(std::chrono::milliseconds(20));
  CHECK(errors == 1);
}

TEST_CASE("tty: the CCNET driver over a pty completes power-up and an escrow + stack cycle") {
  boost::asio::io_context io;
  Pty pty;
  auto sim = std::make_shared<CcnetDeviceSim>(fast_sim_config());
  PtyDevice device(io, pty.master, sim);
  pty.master = -1;  // owned by the stream_descriptor now
  device.read();
  auto t =
      TtyTransport::open(io, SerialSettings{pty.path, 9600, 8, SerialSettings::Parity::None, 1});
  REQUIRE(t);
  ValidatorRunner runner(io, std::make_unique<ccnet::CcnetDriver>(fast_driver_config()),
                         std::move(*t), steady_now);
  std::vector<ValidatorEvent> events;
  auto count = [&](Kind k) {
    return std::count_if(events.begin(), events.end(), [k](auto& e) { return e.kind == k; });
  };
  runner.start([&](const ValidatorEvent& e) {
    events.push_back(e);
    if (e.kind == Kind::Escrowed) runner.stack();
  });
  REQUIRE(run_until(io, [&] { return count(Kind::Ready) == 1; }));
  CHECK(events.back().kind == Kind::Disabled);
  runner.enable({Kzt{1000}, Kzt{5000}});
  REQUIRE(run_until(io, [&] { return count(Kind::Idle) == 1; }));
  REQUIRE(sim->insert_note(Kzt{5000}));
  REQUIRE(run_until(io, [&] { return count(Kind::Stacked) == 1; }));
  CHECK(count(Kind::Escrowed) == 1);
  CHECK(sim->counters().stacked.at(5000) == 1);
  CHECK(count(Kind::LinkLost) == 0);
  runner.stop();
}
