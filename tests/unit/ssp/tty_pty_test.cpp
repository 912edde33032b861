// The SSP driver over a TtyTransport on a pseudo-terminal (9600 8N2), the eSSP simulator served on
// the master side: key exchange, power-up and an escrow + stack cycle through a real tty.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

#include "devices/tty_transport.hpp"
#include "devices/validator_runner.hpp"
#include "virtual_bench.hpp"

using namespace ssp_test;
using namespace kiosk::devices;
using kiosk::flows::Kzt;
using kiosk::sim::ssp::SspDeviceSim;

namespace {

Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

struct SspPtyDevice {
  boost::asio::posix::stream_descriptor end;
  std::shared_ptr<SspDeviceSim> sim;
  std::array<std::uint8_t, 256> buf{};
  SspPtyDevice(boost::asio::io_context& io, int fd, std::shared_ptr<SspDeviceSim> s)
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

bool run_until(boost::asio::io_context& io, const std::function<bool()>& pred,
               Millis limit = Millis{5000}) {
  const Instant end = steady_now() + limit;
  while (!pred()) {
    if (steady_now() >= end) return false;
    io.run_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace

TEST_CASE("tty: the SSP driver over a pty (8N2) completes eSSP start-up and an escrow + stack") {
  boost::asio::io_context io;
  int master = -1, slave = -1;
  char name[256] = {};
  REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
  auto sim = std::make_shared<SspDeviceSim>(fast_sim_config());
  SspPtyDevice device(io, master, sim);
  device.read();
  auto t = TtyTransport::open(io, SerialSettings{name, 9600, 8, SerialSettings::Parity::None, 2});
  REQUIRE(t);
  ValidatorRunner runner(io, std::make_unique<ssp::SspDriver>(fast_driver_config()), std::move(*t),
                         steady_now);
  std::vector<ValidatorEvent> events;
  auto count = [&](Kind k) {
    return std::count_if(events.begin(), events.end(), [k](auto& e) { return e.kind == k; });
  };
  runner.start([&](const ValidatorEvent& e) {
    events.push_back(e);
    if (e.kind == Kind::Escrowed) runner.stack();
  });
  REQUIRE(run_until(io, [&] { return count(Kind::Ready) == 1; }));
  CHECK(sim->has_key());
  runner.enable({Kzt{1000}, Kzt{5000}});
  REQUIRE(run_until(io, [&] { return count(Kind::Idle) == 1; }));
  REQUIRE(sim->insert_note(Kzt{5000}));
  REQUIRE(run_until(io, [&] { return count(Kind::Stacked) == 1; }));
  CHECK(count(Kind::Escrowed) == 1);
  CHECK(sim->counters().stacked.at(5000) == 1);
  CHECK(count(Kind::LinkLost) == 0);
  runner.stop();
  ::close(slave);
}
