// The ID003 driver and simulator over a MemoryTransport, joined by ValidatorRunner on a real
// io_context with real (short) timers.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>

#include "devices/memory_transport.hpp"
#include "devices/validator_runner.hpp"
#include "virtual_bench.hpp"

using namespace id003_test;
using namespace kiosk::devices;
using kiosk::devices::id003::Command;
using kiosk::devices::id003::Id003Driver;
using kiosk::flows::Kzt;
using kiosk::sim::id003::Id003DeviceSim;

namespace {

Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

struct Rig {
  boost::asio::io_context io;
  std::shared_ptr<Id003DeviceSim> sim;
  MemoryTransport* link = nullptr;  // owned by the runner
  std::unique_ptr<ValidatorRunner> runner;
  std::vector<ValidatorEvent> events;
  std::function<void(const ValidatorEvent&)> on_event;

  explicit Rig(kiosk::sim::id003::Id003DeviceSimConfig cfg = fast_sim_config())
      : sim(std::make_shared<Id003DeviceSim>(std::move(cfg))) {
    auto t = std::make_unique<MemoryTransport>(io, sim, steady_now, "id003");
    link = t.get();
    runner = std::make_unique<ValidatorRunner>(
        io, std::make_unique<Id003Driver>(fast_driver_config()), std::move(t), steady_now);
    runner->start([this](const ValidatorEvent& e) {
      events.push_back(e);
      if (on_event) on_event(e);
    });
  }

  bool run_until(const std::function<bool()>& pred, Millis limit = Millis{3000}) {
    const Instant end = steady_now() + limit;
    while (!pred()) {
      if (steady_now() >= end) return false;
      io.run_for(std::chrono::milliseconds(2));
    }
    return true;
  }
  void run_for(Millis d) {
    const Instant end = steady_now() + d;
    while (steady_now() < end) io.run_for(std::chrono::milliseconds(2));
  }
  std::size_t count(Kind k) const {
    return static_cast<std::size_t>(
        std::count_if(events.begin(), events.end(), [k](const auto& e) { return e.kind == k; }));
  }
  const ValidatorEvent* last(Kind k) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->kind == k) return &*it;
    return nullptr;
  }
  bool ready_and_enabled(const std::vector<Kzt>& d = all_kzt()) {
    if (!run_until([&] { return count(Kind::Ready) > 0; })) return false;
    runner->enable(d);
    return run_until([&] { return count(Kind::Idle) > 0; });
  }
};

}  // namespace

TEST_CASE("runner: power-up to Ready with the device's denominations") {
  Rig r;
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 1; }));
  CHECK(r.last(Kind::Ready)->denominations == all_kzt());
  CHECK(r.runner->link_up());
  CHECK(r.runner->transport_name() == "mem:id003");
  CHECK(r.runner->driver().protocol() == "id003");
  const auto& drv = dynamic_cast<const Id003Driver&>(r.runner->driver());
  CHECK(drv.diagnostics().phase == "operating");
}

TEST_CASE("runner: escrow -> stack from the event handler -> exactly one Stacked") {
  Rig r;
  r.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) r.runner->stack();
  };
  REQUIRE(r.ready_and_enabled());
  REQUIRE(r.sim->insert_note(Kzt{10000}, "saka"));
  REQUIRE(r.run_until([&] { return r.count(Kind::Stacked) == 1; }));
  r.run_for(Millis{200});
  CHECK(r.count(Kind::Stacked) == 1);
  CHECK(r.last(Kind::Stacked)->amount == Kzt{10000});
  CHECK(r.sim->counters().stacked.at(10000) == 1);
  CHECK(r.sim->state_name() == "idling");
}

TEST_CASE("runner: return path") {
  Rig r;
  r.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) r.runner->return_note();
  };
  REQUIRE(r.ready_and_enabled());
  REQUIRE(r.sim->insert_note(Kzt{2000}));
  REQUIRE(r.run_until([&] { return r.count(Kind::Returned) == 1; }));
  CHECK(r.last(Kind::Returned)->amount == Kzt{2000});
  CHECK(r.count(Kind::Stacked) == 0);
  CHECK(r.sim->counters().returned == 1);
}

TEST_CASE("runner: a disabled denomination is rejected") {
  Rig r;
  REQUIRE(r.ready_and_enabled({Kzt{1000}}));
  REQUIRE(r.sim->insert_note(Kzt{20000}));
  REQUIRE(r.run_until([&] { return r.count(Kind::Rejected) == 1; }));
  CHECK(r.last(Kind::Rejected)->detail == "0x79 inhibit");
  CHECK(r.count(Kind::Escrowed) == 0);
}

TEST_CASE("runner: jam, cassette removed, cassette full and failure events") {
  Rig r;
  REQUIRE(r.ready_and_enabled());
  r.sim->jam();
  REQUIRE(r.run_until([&] { return r.count(Kind::Jammed) == 1; }));
  r.sim->clear_jam();
  r.sim->remove_cassette(true);
  REQUIRE(r.run_until([&] { return r.count(Kind::CassetteRemoved) == 1; }));
  r.sim->remove_cassette(false);
  r.sim->cassette_full(true);
  REQUIRE(r.run_until([&] { return r.count(Kind::CassetteFull) == 1; }));
  r.sim->cassette_full(false);
  r.sim->fail(0xA5);
  REQUIRE(r.run_until([&] { return r.count(Kind::Failure) == 1; }));
  CHECK(r.last(Kind::Failure)->detail == "0xA5 transport_motor_speed");
}

TEST_CASE("runner: unplug -> one LinkLost; replace_transport -> LinkRestored and re-initialised") {
  Rig r;
  REQUIRE(r.ready_and_enabled({Kzt{1000}}));
  r.link->unplug();
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkLost) == 1; }));
  r.run_for(Millis{100});
  r.runner->replace_transport(std::make_unique<MemoryTransport>(r.io, r.sim, steady_now, "b"));
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkRestored) == 1; }));
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 2; }));
  REQUIRE(r.run_until([&] { return r.sim->accepting() == std::vector<Kzt>{Kzt{1000}}; }));
  CHECK(r.count(Kind::LinkLost) == 1);
  CHECK(r.runner->transport_name() == "mem:b");
}

TEST_CASE("runner: unplug mid-stack, power-cycle with the bill in the stacker, replug") {
  auto cfg = fast_sim_config();
  cfg.stack_time = Millis{400};  // long enough to pull the cable while stacking
  Rig r(cfg);
  r.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) r.runner->stack();
  };
  REQUIRE(r.ready_and_enabled());
  REQUIRE(r.sim->insert_note(Kzt{5000}, "saka"));
  REQUIRE(r.run_until([&] { return r.sim->state_name() == "stacking"; }));
  r.link->unplug();
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkLost) == 1; }));
  r.sim->power_cycle(true);  // the note ended in the stacker while the kiosk could not see it
  r.run_for(Millis{100});
  r.runner->replace_transport(std::make_unique<MemoryTransport>(r.io, r.sim, steady_now, "c"));
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 2; }));
  CHECK(r.count(Kind::LinkRestored) == 1);
  REQUIRE(r.count(Kind::PowerUpWithBill) == 1);
  CHECK(r.last(Kind::PowerUpWithBill)->detail == "in_stacker");
  CHECK(r.count(Kind::Stacked) == 0);  // the application settles it from its journal
  CHECK(r.sim->counters().stacked.at(5000) == 1);
  CHECK(r.sim->commands_received(Command::Reset) == 2);
  REQUIRE(r.run_until([&] { return r.sim->accepting() == all_kzt(); }));
}

TEST_CASE("runner: stop() ends events and timers") {
  Rig r;
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 1; }));
  r.runner->stop();
  const auto n = r.events.size();
  r.sim->jam();
  r.run_for(Millis{100});
  CHECK(r.events.size() == n);
  CHECK(r.io.stopped());
}
