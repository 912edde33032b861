// The ID003 driver over a real tty: TtyTransport on the slave side of a pty at 9600 8E1, the
// simulator served on the master side.
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

using namespace id003_test;
using namespace kiosk::devices;
using kiosk::flows::Kzt;
using kiosk::sim::id003::Id003DeviceSim;

namespace {

Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

// The device end of the pty: every read goes to the simulator, its answer is written back.
struct PtyDevice {
  boost::asio::posix::stream_descriptor end;
  std::shared_ptr<Id003DeviceSim> sim;
  std::array<std::uint8_t, 256> buf{};
  PtyDevice(boost::asio::io_context& io, int fd, std::shared_ptr<Id003DeviceSim> s)
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

TEST_CASE("tty: the ID003 driver over a pty (9600 8E1) completes power-up and escrow + stack") {
  boost::asio::io_context io;
  int master = -1, slave = -1;
  char name[256] = {};
  REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
  auto sim = std::make_shared<Id003DeviceSim>(fast_sim_config());
  PtyDevice device(io, master, sim);
  device.read();
  auto t = TtyTransport::open(io, SerialSettings{name, 9600, 8, SerialSettings::Parity::Even, 1});
  REQUIRE(t);
  ValidatorRunner runner(io, std::make_unique<id003::Id003Driver>(fast_driver_config()),
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
  runner.enable({Kzt{1000}, Kzt{5000}});
  REQUIRE(run_until(io, [&] { return count(Kind::Idle) == 1; }));
  REQUIRE(sim->insert_note(Kzt{1000}, "saka"));
  REQUIRE(run_until(io, [&] { return count(Kind::Stacked) == 1; }));
  CHECK(count(Kind::Escrowed) == 1);
  // The credit is at VEND VALID; the simulator counts the note when the host's ACK reaches it.
  REQUIRE(run_until(io, [&] { return sim->counters().stacked_notes() == 1; }));
  CHECK(sim->counters().stacked.at(1000) == 1);
  CHECK(sim->counters().stacked_by_series.at("saka") == 1);
  CHECK(count(Kind::LinkLost) == 0);
  runner.stop();
  ::close(slave);
}
