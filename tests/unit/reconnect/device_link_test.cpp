// DeviceLink: a runner whose transport fails is given a re-opened one when the device returns, and
// its driver re-initialises the device. Real io_context, real (short) timers; the devices are the
// CCNET and LCDM simulators over MemoryTransport, and the CCNET one over a pty behind a symlink
// (as /dev/serial/by-id names a USB-serial adapter) for the tty path.
#include "devices/device_link.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <filesystem>

#include "devices/dispenser_runner.hpp"
#include "devices/memory_transport.hpp"
#include "devices/tty_transport.hpp"
#include "devices/validator_runner.hpp"
#include "kiosk/runtime/runtime_parts.hpp"
#include "tests/unit/ccnet/virtual_bench.hpp"
#include "tests/unit/lcdm/bench.hpp"

using namespace kiosk;
using namespace kiosk::devices;
using ccnet_test::fast_driver_config;
using ccnet_test::fast_sim_config;
using kiosk::flows::Kzt;
using kiosk::sim::ccnet::CcnetDeviceSim;
using Kind = ValidatorEvent::Kind;

namespace {

Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

bool run_until(boost::asio::io_context& io, const std::function<bool()>& pred,
               Millis limit = Millis{3000}) {
  const Instant end = steady_now() + limit;
  while (!pred()) {
    if (steady_now() >= end) return false;
    io.run_for(std::chrono::milliseconds(2));
    if (io.stopped()) io.restart();
  }
  return true;
}

void run_for(boost::asio::io_context& io, Millis d) {
  const Instant end = steady_now() + d;
  while (steady_now() < end) {
    io.run_for(std::chrono::milliseconds(2));
    if (io.stopped()) io.restart();
  }
}

// A CCNET validator whose port can be opened only while `present`; each open is a new cable.
struct Rig {
  boost::asio::io_context io;
  std::shared_ptr<CcnetDeviceSim> sim = std::make_shared<CcnetDeviceSim>(fast_sim_config());
  bool present = true;
  int opens = 0;
  MemoryTransport* cable = nullptr;  // the latest one opened (owned by the runner)
  std::vector<std::pair<std::string, std::string>> notes;
  std::unique_ptr<DeviceLink> link;
  std::unique_ptr<ValidatorRunner> runner;
  std::vector<ValidatorEvent> events;
  std::function<void(const ValidatorEvent&)> on_event;

  explicit Rig(ReconnectBackoff backoff = {Millis{20}, Millis{80}}) {
    link = std::make_unique<DeviceLink>(
        io, "validator",
        [this]() -> std::expected<std::unique_ptr<Transport>, std::string> {
          ++opens;
          if (!present) return std::unexpected("open /dev/ttyUSB0: No such file or directory");
          auto t = std::make_unique<MemoryTransport>(io, sim, steady_now,
                                                     "ccnet" + std::to_string(opens));
          cable = t.get();
          return std::unique_ptr<Transport>(std::move(t));
        },
        backoff);
    link->on_note([this](const std::string& w, const std::string& d) { notes.emplace_back(w, d); });
    auto first = link->open_now();
    REQUIRE(first);
    runner = std::make_unique<ValidatorRunner>(
        io, std::make_unique<ccnet::CcnetDriver>(fast_driver_config()), std::move(*first),
        steady_now);
    link->on_reconnect(
        [this](std::unique_ptr<Transport> t) { runner->replace_transport(std::move(t)); });
    runner->start([this](const ValidatorEvent& e) {
      events.push_back(e);
      if (on_event) on_event(e);
    });
  }
  ~Rig() { runner->stop(); }

  std::size_t count(Kind k) const {
    return static_cast<std::size_t>(
        std::count_if(events.begin(), events.end(), [k](const auto& e) { return e.kind == k; }));
  }
  std::size_t noted(const std::string& what) const {
    return static_cast<std::size_t>(
        std::count_if(notes.begin(), notes.end(), [&](const auto& n) { return n.first == what; }));
  }
  bool ready_and_enabled(const std::vector<Kzt>& d) {
    if (!run_until(io, [&] { return count(Kind::Ready) > 0; })) return false;
    runner->enable(d);
    return run_until(io, [&] { return count(Kind::Idle) > 0; });
  }
  // Pulls the cable: the transport reports its loss and the port cannot be opened.
  void unplug() {
    present = false;
    cable->unplug();
  }
};

}  // namespace

TEST_CASE("backoff: doubles from `first` and stops at `max`") {
  ReconnectBackoff b{Millis{250}, Millis{5000}};
  CHECK(b.delay(0) == Millis{250});
  CHECK(b.delay(1) == Millis{500});
  CHECK(b.delay(2) == Millis{1000});
  CHECK(b.delay(4) == Millis{4000});
  CHECK(b.delay(5) == Millis{5000});
  CHECK(b.delay(60) == Millis{5000});
  ReconnectBackoff odd{Millis{0}, Millis{0}};  // never a zero wait (no busy loop)
  CHECK(odd.delay(0) == Millis{1});
  CHECK(odd.delay(3) == Millis{1});
}

TEST_CASE("link: the port fails to open until the device returns, then the driver re-initialises") {
  Rig r;
  REQUIRE(r.ready_and_enabled({Kzt{1000}}));
  r.unplug();
  REQUIRE(run_until(r.io, [&] { return r.count(Kind::LinkLost) == 1; }));
  CHECK(r.events.back().detail == "transport: unplugged");
  REQUIRE(run_until(r.io, [&] { return r.link->attempts() >= 3; }));  // retried, still gone
  CHECK(r.link->down());
  CHECK(r.count(Kind::LinkRestored) == 0);
  CHECK(r.noted("lost") == 1);
  CHECK(r.noted("retry_failed") == 1);  // the first failure of the outage is logged, not each one
  r.present = true;
  REQUIRE(run_until(r.io, [&] { return r.count(Kind::LinkRestored) == 1; }));
  REQUIRE(run_until(r.io, [&] { return r.count(Kind::Ready) == 2; }));  // reset + bill table again
  // The denominations the application had enabled are enabled again on the device.
  REQUIRE(run_until(r.io, [&] { return r.sim->enabled_mask().bits() == 0b100; }));
  CHECK_FALSE(r.link->down());
  CHECK(r.link->reconnects() == 1);
  CHECK(r.noted("reconnected") == 1);
  CHECK(r.runner->transport_name() == "mem:ccnet" + std::to_string(r.opens));
  CHECK(r.count(Kind::LinkLost) == 1);
  // And it works: a note is stacked and credited once over the new link.
  r.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) r.runner->stack();
  };
  r.runner->enable({Kzt{1000}});
  REQUIRE(run_until(r.io, [&] { return r.sim->insert_note(Kzt{1000}); }));
  REQUIRE(run_until(r.io, [&] { return r.count(Kind::Stacked) == 1; }));
  CHECK(r.sim->counters().stacked.at(1000) == 1);
}

TEST_CASE("link: retries back off (no busy loop while the device is away)") {
  Rig r({Millis{20}, Millis{160}});
  REQUIRE(r.ready_and_enabled({Kzt{1000}}));
  r.unplug();
  REQUIRE(run_until(r.io, [&] { return r.link->down(); }));
  const int before = r.opens;
  run_for(r.io, Millis{600});
  // 20 + 40 + 80 + 160 + 160 ... : at most 6 attempts fit in 600 ms; a 1 ms loop would be hundreds.
  CHECK(r.opens - before >= 2);
  CHECK(r.opens - before <= 7);
}

TEST_CASE("link: a hotplug arrival re-opens at once, without waiting for the backoff") {
  Rig r({Millis{60000}, Millis{60000}});
  REQUIRE(r.ready_and_enabled({Kzt{1000}}));
  r.unplug();
  REQUIRE(run_until(r.io, [&] { return r.link->down(); }));
  run_for(r.io, Millis{50});
  CHECK(r.link->attempts() == 0);  // the first retry is a minute away
  r.present = true;
  r.link->arrived();
  REQUIRE(run_until(
      r.io, [&] { return r.count(Kind::LinkRestored) == 1; }, Millis{1000}));
  CHECK(r.link->reconnects() == 1);
  CHECK(r.link->attempts() == 1);
  r.link->arrived();  // while up: nothing happens
  run_for(r.io, Millis{50});
  CHECK(r.link->reconnects() == 1);
}

TEST_CASE(
    "link: unplugged mid-stack, power-cycled with the note in the stacker: credited on return") {
  Rig r;
  REQUIRE(r.ready_and_enabled({Kzt{5000}}));
  bool stack_sent = false;
  r.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed && !stack_sent) {
      stack_sent = true;
      r.runner->stack();
      r.unplug();  // the cable comes out as the host decides
    }
  };
  REQUIRE(run_until(r.io, [&] { return r.sim->insert_note(Kzt{5000}); }));
  REQUIRE(run_until(r.io, [&] { return r.count(Kind::LinkLost) == 1; }));
  CHECK(r.count(Kind::Stacked) == 0);  // the application is told the link is gone, not a credit
  run_for(r.io, Millis{100});          // the note finishes going in; then the unit loses power
  r.sim->power_cycle(true);
  r.present = true;
  REQUIRE(run_until(r.io, [&] { return r.count(Kind::Ready) == 2; }));
  REQUIRE(r.count(Kind::PowerUpWithBill) == 1);
  CHECK(r.events.end()[-1].kind != Kind::LinkLost);
  const ValidatorEvent* pub = nullptr;
  for (const auto& e : r.events)
    if (e.kind == Kind::PowerUpWithBill) pub = &e;
  REQUIRE(pub);
  CHECK(pub->detail == "in_stacker");  // the kiosk journals this note as cash in the box
  CHECK(r.link->reconnects() == 1);
}

TEST_CASE("link: two outages, two reconnects, one LinkLost each") {
  Rig r;
  REQUIRE(r.ready_and_enabled({Kzt{1000}}));
  for (int i = 1; i <= 2; ++i) {
    r.unplug();
    REQUIRE(
        run_until(r.io, [&] { return r.count(Kind::LinkLost) == static_cast<std::size_t>(i); }));
    r.present = true;
    REQUIRE(
        run_until(r.io, [&] { return r.count(Kind::Ready) == static_cast<std::size_t>(i + 1); }));
  }
  CHECK(r.link->reconnects() == 2);
  CHECK(r.noted("lost") == 2);
  run_for(r.io, Millis{100});
  CHECK_FALSE(r.link->down());
}

TEST_CASE("link: an error from a transport it no longer serves starts nothing") {
  boost::asio::io_context io;
  int opens = 0;
  DeviceLink link(io, "x", [&]() -> std::expected<std::unique_ptr<Transport>, std::string> {
    ++opens;
    return std::unexpected("gone");
  });
  auto dev = std::make_shared<CcnetDeviceSim>(fast_sim_config());
  auto m1 = std::make_unique<MemoryTransport>(io, dev, steady_now, "old");
  auto m2 = std::make_unique<MemoryTransport>(io, dev, steady_now, "new");
  MemoryTransport* old_cable = m1.get();
  MemoryTransport* new_cable = m2.get();
  auto w1 = link.watch(std::move(m1));
  auto w2 = link.watch(std::move(m2));  // the runner now uses this one
  w1->start([](ByteView) {}, [](const std::string&) {});
  w2->start([](ByteView) {}, [](const std::string&) {});
  old_cable->unplug();
  run_for(io, Millis{30});
  CHECK_FALSE(link.down());
  new_cable->unplug();
  REQUIRE(run_until(io, [&] { return link.down(); }));
  CHECK(link.reconnects() == 0);
}

TEST_CASE("link: destroyed while reconnecting, nothing runs afterwards") {
  boost::asio::io_context io;
  int opens = 0;
  auto link = std::make_unique<DeviceLink>(
      io, "x",
      [&]() -> std::expected<std::unique_ptr<Transport>, std::string> {
        ++opens;
        return std::unexpected("gone");
      },
      ReconnectBackoff{Millis{5}, Millis{5}});
  auto dev = std::make_shared<CcnetDeviceSim>(fast_sim_config());
  auto mem = std::make_unique<MemoryTransport>(io, dev, steady_now, "m");
  MemoryTransport* cable = mem.get();
  auto watched = link->watch(std::move(mem));
  int errors = 0;
  watched->start([](ByteView) {}, [&](const std::string&) { ++errors; });
  cable->unplug();
  REQUIRE(run_until(io, [&] { return opens >= 2; }));
  CHECK(errors == 1);  // the runner's own handler still hears of the loss
  link.reset();
  const int at_reset = opens;
  run_for(io, Millis{50});
  CHECK(opens == at_reset);
}

TEST_CASE("link: the LCDM dispenser reconnects and is ready again") {
  using DK = DispenserEvent::Kind;
  using lcdm::Model;
  boost::asio::io_context io;
  auto sim =
      std::make_shared<sim::lcdm::LcdmDeviceSim>(lcdm_test::fast_sim_config(Model::Lcdm2000));
  bool present = true;
  MemoryTransport* cable = nullptr;
  DeviceLink link(
      io, "dispenser",
      [&]() -> std::expected<std::unique_ptr<Transport>, std::string> {
        if (!present) return std::unexpected("gone");
        auto t = std::make_unique<MemoryTransport>(io, sim, steady_now, "lcdm");
        cable = t.get();
        return std::unique_ptr<Transport>(std::move(t));
      },
      ReconnectBackoff{Millis{20}, Millis{40}});
  auto first = link.open_now();
  REQUIRE(first);
  DispenserRunner runner(
      io, std::make_unique<lcdm::LcdmDriver>(lcdm_test::fast_driver_config(Model::Lcdm2000)),
      std::move(*first), steady_now);
  link.on_reconnect([&](std::unique_ptr<Transport> t) { runner.replace_transport(std::move(t)); });
  std::vector<DispenserEvent> events;
  auto count = [&](DK k) {
    return std::count_if(events.begin(), events.end(), [k](auto& e) { return e.kind == k; });
  };
  runner.start([&](const DispenserEvent& e) { events.push_back(e); });
  REQUIRE(run_until(io, [&] { return count(DK::Ready) == 1; }));
  present = false;
  cable->unplug();
  REQUIRE(run_until(io, [&] { return count(DK::LinkLost) == 1; }));
  run_for(io, Millis{100});
  present = true;
  REQUIRE(run_until(io, [&] { return count(DK::LinkRestored) == 1 && count(DK::Ready) == 2; }));
  CHECK(link.reconnects() == 1);
  runner.dispense({1, 0});
  REQUIRE(run_until(io, [&] { return count(DK::DispenseDone) == 1; }));
  REQUIRE(events.back().outcome);
  CHECK(events.back().outcome->result == DispenseOutcome::Result::Complete);
  runner.stop();
}

namespace {

// A pty whose slave is reached through a symlink, like /dev/serial/by-id/...: "unplugging" closes
// the master and removes the link; "plugging in" makes a new pty and points the link at it.
struct PtyPort {
  boost::asio::io_context& io;
  std::shared_ptr<CcnetDeviceSim> sim;
  std::filesystem::path link_path;
  std::unique_ptr<boost::asio::posix::stream_descriptor> master;
  int slave = -1;
  std::array<std::uint8_t, 256> buf{};

  PtyPort(boost::asio::io_context& i, std::shared_ptr<CcnetDeviceSim> s, std::filesystem::path p)
      : io(i), sim(std::move(s)), link_path(std::move(p)) {}
  ~PtyPort() { unplug(); }

  void plug() {
    int m = -1;
    char name[256] = {};
    REQUIRE(::openpty(&m, &slave, name, nullptr, nullptr) == 0);
    master = std::make_unique<boost::asio::posix::stream_descriptor>(io, m);
    std::filesystem::remove(link_path);
    std::filesystem::create_symlink(name, link_path);
    read();
  }
  void unplug() {
    std::error_code ec;
    std::filesystem::remove(link_path, ec);
    if (master) master.reset();  // closes the master: the host side reads EOF / EIO
    if (slave >= 0) ::close(slave);
    slave = -1;
  }
  void read() {
    auto* m = master.get();
    m->async_read_some(boost::asio::buffer(buf), [this, m](auto ec, std::size_t n) {
      if (ec || m != master.get()) return;
      auto answer =
          std::make_shared<Bytes>(sim->on_host_bytes(ByteView(buf.data(), n), steady_now()));
      if (!answer->empty())
        boost::asio::async_write(*m, boost::asio::buffer(*answer), [answer](auto, auto) {});
      read();
    });
  }
};

// The validator on `port` (plugged in) through `link`: unplug, failed re-opens, replug, Ready.
void tty_unplug_replug(boost::asio::io_context& io, DeviceLink& link, PtyPort& port) {
  std::vector<std::pair<std::string, std::string>> notes;
  link.on_note([&](const std::string& w, const std::string& d) { notes.emplace_back(w, d); });
  auto first = link.open_now();
  REQUIRE(first);
  ValidatorRunner runner(io, std::make_unique<ccnet::CcnetDriver>(fast_driver_config()),
                         std::move(*first), steady_now);
  link.on_reconnect([&](std::unique_ptr<Transport> t) { runner.replace_transport(std::move(t)); });
  std::vector<ValidatorEvent> events;
  auto count = [&](Kind k) {
    return std::count_if(events.begin(), events.end(), [k](auto& e) { return e.kind == k; });
  };
  runner.start([&](const ValidatorEvent& e) { events.push_back(e); });
  REQUIRE(run_until(io, [&] { return count(Kind::Ready) == 1; }));
  port.unplug();
  REQUIRE(run_until(io, [&] { return count(Kind::LinkLost) == 1; }));
  REQUIRE(run_until(io, [&] { return link.attempts() >= 2; }));
  REQUIRE(notes.size() >= 2);
  CHECK(notes[0].first == "lost");
  CHECK(notes[1].first == "retry_failed");
  CHECK(notes[1].second.find("No such file") != std::string::npos);
  CHECK(count(Kind::LinkRestored) == 0);
  port.plug();  // a new pty: a different /dev/pts/N behind the same name
  REQUIRE(run_until(io, [&] { return count(Kind::LinkRestored) == 1; }));
  REQUIRE(run_until(io, [&] { return count(Kind::Ready) == 2; }));
  CHECK(link.reconnects() == 1);
  CHECK(runner.transport_name() == "tty:" + port.link_path.string());
  CHECK(count(Kind::LinkLost) == 1);
  runner.stop();
}

std::filesystem::path temp_dir(const char* tag) {
  auto dir = std::filesystem::temp_directory_path() /
             (std::string("kiosk-link-") + tag + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("link: tty path (a pty behind a by-id style symlink) reconnects after the unplug") {
  boost::asio::io_context io;
  const auto dir = temp_dir("tty");
  PtyPort port(io, std::make_shared<CcnetDeviceSim>(fast_sim_config()), dir / "usb-validator");
  port.plug();
  SerialSettings settings{port.link_path.string()};
  DeviceLink link(
      io, "validator",
      [&]() -> std::expected<std::unique_ptr<Transport>, std::string> {
        auto t = TtyTransport::open(io, settings);
        if (!t) return std::unexpected(t.error());
        return std::unique_ptr<Transport>(std::move(*t));
      },
      ReconnectBackoff{Millis{20}, Millis{100}});
  tty_unplug_replug(io, link, port);
  port.unplug();
  std::filesystem::remove_all(dir);
}

TEST_CASE("kiosk: make_device_link re-opens the configured tty (default backoff)") {
  boost::asio::io_context io;
  const auto dir = temp_dir("cfg");
  PtyPort port(io, std::make_shared<CcnetDeviceSim>(fast_sim_config()), dir / "usb-validator");
  port.plug();
  app::TransportConfig t;
  t.type = "tty";
  t.path = port.link_path.string();
  auto link = app::make_device_link(io, "validator", t);
  REQUIRE(link);
  CHECK(link->name() == "validator");
  tty_unplug_replug(io, *link, port);
  port.unplug();
  std::filesystem::remove_all(dir);
}
