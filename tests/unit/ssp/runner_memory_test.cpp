// The SSP driver and the eSSP simulator over a MemoryTransport, joined by ValidatorRunner on a real
// io_context with real (short) timers.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>

#include "devices/memory_transport.hpp"
#include "devices/validator_runner.hpp"
#include "virtual_bench.hpp"

using namespace ssp_test;
using namespace kiosk::devices;
using kiosk::devices::ssp::SspDriver;
using kiosk::flows::Kzt;
using kiosk::sim::ssp::SspDeviceSim;

namespace {

Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

const std::vector<Kzt> kAll{Kzt{500}, Kzt{1000}, Kzt{2000}, Kzt{5000}, Kzt{10000}, Kzt{20000}};

struct Rig {
  boost::asio::io_context io;
  std::shared_ptr<SspDeviceSim> sim;
  MemoryTransport* link = nullptr;  // owned by the runner
  std::unique_ptr<ValidatorRunner> runner;
  std::vector<ValidatorEvent> events;
  std::function<void(const ValidatorEvent&)> on_event;

  Rig() : sim(std::make_shared<SspDeviceSim>(fast_sim_config())) {
    auto t = std::make_unique<MemoryTransport>(io, sim, steady_now, "ssp");
    link = t.get();
    auto cfg = fast_driver_config();
    cfg.random_seed.reset();  // real randomness (OpenSSL) here
    runner = std::make_unique<ValidatorRunner>(io, std::make_unique<SspDriver>(cfg), std::move(t),
                                               steady_now);
    runner->start([this](const ValidatorEvent& e) {
      events.push_back(e);
      if (on_event) on_event(e);
    });
  }
  bool run_until(const std::function<bool()>& pred, Millis limit = Millis{4000}) {
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
  bool ready_and_enabled(const std::vector<Kzt>& d = kAll) {
    if (!run_until([&] { return count(Kind::Ready) > 0; })) return false;
    runner->enable(d);
    return run_until([&] { return count(Kind::Idle) > 0; });
  }
  const SspDriver& driver() const { return dynamic_cast<const SspDriver&>(runner->driver()); }
};

}  // namespace

TEST_CASE("runner: power-up to Ready over eSSP with the device's channels") {
  Rig r;
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 1; }));
  CHECK(r.last(Kind::Ready)->denominations == kAll);
  CHECK(r.driver().encrypted());
  CHECK(r.runner->driver().protocol() == "ssp");
  CHECK(r.runner->transport_name() == "mem:ssp");
  CHECK(r.sim->has_key());
}

TEST_CASE("runner: full escrow-and-stack cycle from the event handler, credited once") {
  Rig r;
  r.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) r.runner->stack();
  };
  REQUIRE(r.ready_and_enabled());
  REQUIRE(r.sim->insert_note(Kzt{10000}));
  REQUIRE(r.run_until([&] { return r.count(Kind::Stacked) == 1; }));
  r.run_for(Millis{200});
  CHECK(r.count(Kind::Escrowed) == 1);
  CHECK(r.count(Kind::Stacked) == 1);
  CHECK(r.last(Kind::Stacked)->amount == Kzt{10000});
  CHECK(r.sim->counters().stacked.at(10000) == 1);
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

TEST_CASE("runner: a disabled denomination is rejected with its reason") {
  Rig r;
  REQUIRE(r.ready_and_enabled({Kzt{1000}}));
  REQUIRE(r.sim->insert_note(Kzt{20000}));
  REQUIRE(r.run_until([&] { return r.count(Kind::Rejected) == 1; }));
  CHECK(r.last(Kind::Rejected)->detail == "0x06 channel_inhibit");
  CHECK(r.count(Kind::Escrowed) == 0);
}

TEST_CASE("runner: jam and cassette removed") {
  Rig r;
  REQUIRE(r.ready_and_enabled());
  r.sim->jam(false);
  REQUIRE(r.run_until([&] { return r.count(Kind::Jammed) == 1; }));
  CHECK(r.last(Kind::Jammed)->detail == "unsafe_jam");
  r.sim->clear_jam();
  r.sim->remove_cashbox(true);
  REQUIRE(r.run_until([&] { return r.count(Kind::CassetteRemoved) == 1; }));
  r.sim->remove_cashbox(false);
  r.sim->stacker_full(true);
  REQUIRE(r.run_until([&] { return r.count(Kind::CassetteFull) == 1; }));
}

TEST_CASE("runner: unplug -> one LinkLost; replace_transport -> new key exchange, Ready again") {
  Rig r;
  REQUIRE(r.ready_and_enabled({Kzt{1000}}));
  const auto exchanges = r.sim->counters().key_exchanges;
  r.link->unplug();
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkLost) == 1; }));
  CHECK(r.last(Kind::LinkLost)->detail == "transport: unplugged");
  r.run_for(Millis{100});
  r.runner->replace_transport(std::make_unique<MemoryTransport>(r.io, r.sim, steady_now, "ssp2"));
  REQUIRE(r.run_until([&] { return r.count(Kind::LinkRestored) == 1; }));
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 2; }));
  REQUIRE(r.run_until([&] { return r.sim->enabled(); }));
  CHECK(r.count(Kind::LinkLost) == 1);
  CHECK(r.sim->counters().key_exchanges == exchanges + 1);
  CHECK(r.runner->transport_name() == "mem:ssp2");
  CHECK(r.sim->inhibits() == ((1u << 1) | (1u << 7)));  // both series of 1000
  // And money still moves over the new key.
  r.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == Kind::Escrowed) r.runner->stack();
  };
  REQUIRE(r.sim->insert_note(Kzt{1000}));
  REQUIRE(r.run_until([&] { return r.count(Kind::Stacked) == 1; }));
}

TEST_CASE("runner: power cycle with a note -> PowerUpWithBill, re-keyed, re-enabled") {
  Rig r;
  REQUIRE(r.ready_and_enabled());
  REQUIRE(r.sim->insert_note(Kzt{5000}));
  REQUIRE(r.run_until([&] { return r.count(Kind::Escrowed) == 1; }));
  r.sim->power_cycle(false);
  REQUIRE(r.run_until([&] { return r.count(Kind::PowerUpWithBill) == 1; }));
  CHECK(r.last(Kind::PowerUpWithBill)->amount == Kzt{5000});
  REQUIRE(r.run_until([&] { return r.sim->enabled(); }));
  CHECK(r.count(Kind::Stacked) == 0);
}

TEST_CASE("runner: stop() ends events and timers") {
  Rig r;
  REQUIRE(r.run_until([&] { return r.count(Kind::Ready) == 1; }));
  r.runner->stop();
  const auto n = r.events.size();
  r.sim->jam(true);
  r.run_for(Millis{100});
  CHECK(r.events.size() == n);
}
