// Each LCDM model: the driver and the device simulator over a MemoryTransport, joined by
// DispenserRunner on a real io_context with short timers. The driver's accounting is checked
// against the simulator's physical truth.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>

#include "bench.hpp"
#include "devices/dispenser_runner.hpp"
#include "devices/memory_transport.hpp"

using namespace lcdm_test;
using kiosk::sim::lcdm::LcdmDeviceSim;
using kiosk::sim::lcdm::LcdmDeviceSimConfig;

namespace {

Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

const Model kAllModels[] = {Model::Lcdm1000, Model::Lcdm2000, Model::Lcdm4000};

struct Rig {
  Model model;
  boost::asio::io_context io;
  std::shared_ptr<LcdmDeviceSim> sim;
  MemoryTransport* link = nullptr;  // owned by the runner
  std::unique_ptr<DispenserRunner> runner;
  std::vector<DispenserEvent> events;

  explicit Rig(Model m, const std::function<void(LcdmDeviceSimConfig&)>& tweak = {},
               const std::function<void(LcdmDriverConfig&)>& tweak_driver = {})
      : model(m) {
    auto sc = fast_sim_config(m);
    if (tweak) tweak(sc);
    sim = std::make_shared<LcdmDeviceSim>(sc);
    auto dc = fast_driver_config(m);
    if (tweak_driver) tweak_driver(dc);
    auto t = std::make_unique<MemoryTransport>(io, sim, steady_now, to_string(m));
    link = t.get();
    runner = std::make_unique<DispenserRunner>(io, std::make_unique<LcdmDriver>(dc), std::move(t),
                                               steady_now);
    runner->start([this](const DispenserEvent& e) { events.push_back(e); });
  }

  bool run_until(const std::function<bool()>& pred, Millis limit = Millis{5000}) {
    const Instant end = steady_now() + limit;
    while (!pred()) {
      if (steady_now() >= end) return false;
      io.run_for(std::chrono::milliseconds(2));
    }
    return true;
  }
  std::size_t count(Kind k) const {
    return static_cast<std::size_t>(
        std::count_if(events.begin(), events.end(), [k](const auto& e) { return e.kind == k; }));
  }
  const DispenserEvent* last(Kind k) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->kind == k) return &*it;
    return nullptr;
  }
  bool ready() {
    return run_until([&] { return count(Kind::Ready) > 0; });
  }
  int cassettes() const { return runner->driver().cassette_count(); }
  // `first` notes from cassette 0 and `rest` from every other cassette.
  std::vector<int> ask(int first, int rest = 0) const {
    std::vector<int> v(static_cast<std::size_t>(cassettes()), rest);
    v[0] = first;
    return v;
  }
  DispenseOutcome dispense(const std::vector<int>& n) {
    const std::size_t before = count(Kind::DispenseDone);
    runner->dispense(n);
    REQUIRE(run_until([&] { return count(Kind::DispenseDone) > before; }));
    return *last(Kind::DispenseDone)->outcome;
  }
  DispenserStatus status() {
    const std::size_t before = count(Kind::Status);
    runner->status();
    REQUIRE(run_until([&] { return count(Kind::Status) > before; }));
    return *last(Kind::Status)->status;
  }
  std::uint8_t dispense_cmd(const std::vector<int>& n) const {
    if (model == Model::Lcdm4000) return 0x52;
    if (n.size() > 1 && n[0] > 0 && n[1] > 0) return 0x56;
    return n[0] > 0 ? 0x45 : 0x55;
  }
  // The outcome agrees with the simulator's truth, given what was delivered/rejected before.
  void check_truth(const DispenseOutcome& o, const std::vector<int>& delivered_before,
                   const std::vector<int>& rejected_before) const {
    REQUIRE(o.cassettes.size() == static_cast<std::size_t>(cassettes()));
    for (int i = 0; i < cassettes(); ++i) {
      CAPTURE(i);
      const auto k = static_cast<std::size_t>(i);
      CHECK(o.cassettes[k].delivered == sim->delivered(i) - delivered_before[k]);
      CHECK(o.cassettes[k].rejected == sim->rejected(i) - rejected_before[k]);
    }
  }
  std::vector<int> delivered_now() const {
    std::vector<int> v;
    for (int i = 0; i < cassettes(); ++i) v.push_back(sim->delivered(i));
    return v;
  }
  std::vector<int> rejected_now() const {
    std::vector<int> v;
    for (int i = 0; i < cassettes(); ++i) v.push_back(sim->rejected(i));
    return v;
  }
};

}  // namespace

TEST_CASE("sim: every model starts up Ready with its cassettes") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    const auto& st = r.last(Kind::Ready)->status;
    REQUIRE(st);
    CHECK(static_cast<int>(st->cassettes.size()) == r.cassettes());
    for (const auto& c : st->cassettes) CHECK(c.present);
    CHECK(r.runner->link_up());
    CHECK(r.runner->driver().protocol() == to_string(m));
  }
}

TEST_CASE("sim: full dispense from every cassette matches the physical truth") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    const auto ask = r.ask(7, 3);
    const auto o = r.dispense(ask);
    CHECK(o.result == Result::Complete);
    CHECK(o.error.empty());
    r.check_truth(o, std::vector<int>(ask.size(), 0), std::vector<int>(ask.size(), 0));
    for (int i = 0; i < r.cassettes(); ++i)
      CHECK(r.sim->left(i) == 500 - ask[static_cast<std::size_t>(i)]);
    CHECK(r.sim->commands_received(r.dispense_cmd(ask)) == 1);
  }
}

TEST_CASE("sim: a jam mid-dispense gives Partial with what really came out; purge clears it") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    r.sim->jam_after(3);
    const auto o = r.dispense(r.ask(6));
    CHECK(o.result == Result::Partial);
    CHECK(o.cassettes[0].delivered == 3);
    CHECK(r.sim->delivered(0) == 3);
    CHECK(o.error.find("jam") != std::string::npos);
    CHECK(r.sim->in_path() == 1);
    CHECK(r.status().notes_in_path);
    r.runner->purge();
    REQUIRE(r.run_until([&] { return r.count(Kind::PurgeDone) == 1; }));
    CHECK(r.last(Kind::PurgeDone)->detail.empty());
    CHECK(r.sim->in_path() == 0);
    CHECK(r.sim->reject_tray() == 1);
    CHECK_FALSE(r.status().notes_in_path);
    // The LCDM-4000 counts what the purge moved, per cassette; the 1000/2000 answer only "done".
    const auto& purged = r.last(Kind::PurgeDone)->outcome;
    if (m == Model::Lcdm4000) {
      REQUIRE(purged);
      CHECK(purged->cassettes[0].rejected == 1);
      CHECK(purged->cassettes[0].delivered == 0);
      CHECK(purged->cassettes[1].rejected == 0);
    } else {
      CHECK_FALSE(purged);
    }
  }
}

TEST_CASE("sim: rejected notes are counted as rejected, the dispense completes") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    r.sim->reject_next_notes(2);
    const auto o = r.dispense(r.ask(5));
    CHECK(o.result == Result::Complete);
    CHECK(o.cassettes[0].delivered == 5);
    CHECK(o.cassettes[0].rejected == 2);
    r.check_truth(o, std::vector<int>(o.cassettes.size(), 0),
                  std::vector<int>(o.cassettes.size(), 0));
    CHECK(r.sim->left(0) == 493);
    CHECK(r.sim->reject_tray() == 2);
  }
}

TEST_CASE("sim: a pick-up error stops the dispense: Partial, the failed note rejected") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    r.sim->pick_error_after(2);
    const auto o = r.dispense(r.ask(5));
    CHECK(o.result == Result::Partial);
    CHECK(o.cassettes[0].delivered == 2);
    CHECK(o.cassettes[0].rejected == 1);
    CHECK(o.error.find("pickup_error") != std::string::npos);
    r.check_truth(o, std::vector<int>(o.cassettes.size(), 0),
                  std::vector<int>(o.cassettes.size(), 0));
  }
}

TEST_CASE("sim: an empty cassette ends the dispense early: Partial with the notes it had") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    r.sim->set_count(0, 3);
    const auto o = r.dispense(r.ask(5));
    CHECK(o.result == Result::Partial);
    CHECK(o.cassettes[0].delivered == 3);
    CHECK(r.sim->left(0) == 0);
    CHECK_FALSE(o.error.empty());
    r.check_truth(o, std::vector<int>(o.cassettes.size(), 0),
                  std::vector<int>(o.cassettes.size(), 0));
    CHECK(r.status().cassettes[0].near_end);
  }
}

TEST_CASE("sim: a missing cassette: the device refuses, status shows it, the driver refuses") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    r.sim->remove_cassette(0, true);
    // The driver has not seen it yet: the device answers with its error, nothing moves.
    const auto o = r.dispense(r.ask(2));
    CHECK(o.result == Result::Partial);
    CHECK(o.cassettes[0].delivered == 0);
    CHECK((o.error.find("missing") != std::string::npos ||
           o.error.find("no_cassette") != std::string::npos));
    CHECK(r.sim->total_delivered() == 0);
    CHECK_FALSE(r.status().cassettes[0].present);
    const auto refused = r.dispense(r.ask(2));
    CHECK(refused.error == "refused: cassette_missing:0");
  }
}

TEST_CASE("sim: a corrupt answer is NAKed and repeated; the dispense is sent once") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    r.sim->corrupt_next_responses(2);
    r.sim->inject_garbage(hex("FF 00 13"));
    const auto ask = r.ask(4);
    const auto o = r.dispense(ask);
    CHECK(o.result == Result::Complete);
    CHECK(r.sim->commands_received(r.dispense_cmd(ask)) == 1);
    CHECK(r.sim->counters().host_naks == 2);
    CHECK(r.sim->total_delivered() == 4);
  }
}

TEST_CASE("sim: NAKed commands are resent and done once") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    r.sim->nak_next_commands(2);
    const auto ask = r.ask(3);
    const auto o = r.dispense(ask);
    CHECK(o.result == Result::Complete);
    CHECK(r.sim->commands_received(r.dispense_cmd(ask)) == 3);
    CHECK(r.sim->total_delivered() == 3);
  }
}

TEST_CASE("sim: the final answer dropped -> Unknown; never re-sent; the notes did move") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    r.sim->drop_next_final_response();
    const auto ask = r.ask(6);
    const auto o = r.dispense(ask);
    CHECK(o.result == Result::Unknown);
    CHECK(o.cassettes.empty());
    CHECK(r.sim->total_delivered() == 6);
    CHECK(r.sim->commands_received(r.dispense_cmd(ask)) == 1);
  }
}

TEST_CASE("sim: link lost mid-dispense -> Unknown; after replug the 4000 recovers the truth") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m, [](LcdmDeviceSimConfig& c) { c.work_time = Millis{150}; });
    REQUIRE(r.ready());
    const auto ask = r.ask(4, 1);
    const std::uint8_t cmd = r.dispense_cmd(ask);
    const std::size_t done = r.count(Kind::DispenseDone);
    r.runner->dispense(ask);
    REQUIRE(r.run_until([&] { return r.sim->commands_received(cmd) == 1; }));
    r.link->unplug();
    REQUIRE(r.run_until([&] { return r.count(Kind::DispenseDone) > done; }));
    CHECK(r.last(Kind::DispenseDone)->outcome->result == Result::Unknown);
    CHECK(r.count(Kind::LinkLost) == 1);
    CHECK_FALSE(r.runner->link_up());
    // The notes moved although nobody heard about it.
    CHECK(r.sim->total_delivered() == 4 + (r.cassettes() - 1));

    r.runner->replace_transport(
        std::make_unique<MemoryTransport>(r.io, r.sim, steady_now, "again"));
    REQUIRE(
        r.run_until([&] { return r.count(Kind::LinkRestored) == 1 && r.count(Kind::Ready) == 2; }));
    CHECK(r.sim->commands_received(cmd) == 1);  // never re-sent

    r.runner->last_dispense();
    REQUIRE(r.run_until([&] { return r.count(Kind::LastDispense) == 1; }));
    const DispenserEvent* e = r.last(Kind::LastDispense);
    if (m == Model::Lcdm4000) {
      REQUIRE(e->outcome);
      CHECK(e->outcome->result == Result::Complete);
      r.check_truth(*e->outcome, std::vector<int>(ask.size(), 0), std::vector<int>(ask.size(), 0));
      for (std::size_t i = 0; i < ask.size(); ++i)
        CHECK(e->outcome->cassettes[i].requested == ask[i]);
    } else {
      CHECK_FALSE(e->outcome);
    }
  }
}

TEST_CASE("sim: a power cut mid-dispense -> Unknown; the device answers again after") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m, [](LcdmDeviceSimConfig& c) { c.work_time = Millis{150}; });
    REQUIRE(r.ready());
    const auto ask = r.ask(2);
    r.runner->dispense(ask);
    REQUIRE(r.run_until([&] { return r.sim->commands_received(r.dispense_cmd(ask)) == 1; }));
    r.sim->power_cycle();
    REQUIRE(r.run_until([&] { return r.count(Kind::DispenseDone) == 1; }));
    CHECK(r.last(Kind::DispenseDone)->outcome->result == Result::Unknown);
    const auto o = r.dispense(ask);  // the link is fine: the next one goes through
    CHECK(o.result == Result::Complete);
  }
}

TEST_CASE("sim: a silent device -> LinkLost; speaking again -> LinkRestored and Ready") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    r.sim->set_silent(true);
    REQUIRE(r.run_until([&] { return r.count(Kind::LinkLost) == 1; }));
    const auto refused = r.dispense(r.ask(1));
    CHECK(refused.error == "refused: link_down");
    r.sim->set_silent(false);
    REQUIRE(
        r.run_until([&] { return r.count(Kind::LinkRestored) == 1 && r.count(Kind::Ready) == 2; }));
    CHECK(r.dispense(r.ask(1)).result == Result::Complete);
  }
}

TEST_CASE("sim: near-end and the reject tray show in status") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    r.sim->set_count(r.cassettes() - 1, 5);
    auto st = r.status();
    CHECK(st.cassettes.back().near_end);
    if (r.cassettes() > 1) CHECK_FALSE(st.cassettes.front().near_end);
    CHECK(st.reject_tray_present);
    r.sim->remove_reject_tray(true);
    st = r.status();
    CHECK_FALSE(st.reject_tray_present);
    CHECK_FALSE(st.error.empty());
    const auto o = r.dispense(r.ask(1));
    CHECK(o.result == Result::Partial);
    CHECK(r.sim->total_delivered() == 0);
  }
}

TEST_CASE("sim: events can call the runner from the handler (no re-entrancy)") {
  int dispensed = 0;
  std::vector<Kind> seen;
  boost::asio::io_context io;
  auto sim = std::make_shared<LcdmDeviceSim>(fast_sim_config(Model::Lcdm2000));
  DispenserRunner runner(io, std::make_unique<LcdmDriver>(fast_driver_config(Model::Lcdm2000)),
                         std::make_unique<MemoryTransport>(io, sim, steady_now, "x"), steady_now);
  runner.start([&](const DispenserEvent& e) {
    seen.push_back(e.kind);
    if (e.kind == Kind::Ready) runner.dispense({2, 1});
    if (e.kind == Kind::DispenseDone && ++dispensed < 3) runner.dispense({1, 1});
  });
  const Instant end = steady_now() + Millis{5000};
  while (dispensed < 3 && steady_now() < end) io.run_for(std::chrono::milliseconds(2));
  CHECK(dispensed == 3);
  CHECK(sim->delivered(0) == 4);
  CHECK(sim->delivered(1) == 3);
  CHECK(seen.front() == Kind::Ready);
}

TEST_CASE("sim: a device error found by the idle check is reported once as Failure") {
  for (Model m : kAllModels) {
    CAPTURE(to_string(m));
    Rig r(m);
    REQUIRE(r.ready());
    r.sim->remove_reject_tray(true);
    REQUIRE(r.run_until([&] { return r.count(Kind::Failure) == 1; }));
    CHECK(r.last(Kind::Failure)->detail.find("reject") != std::string::npos);
    CHECK_FALSE(r.last(Kind::Failure)->status->reject_tray_present);
    const std::size_t polls = r.sim->commands_received(m == Model::Lcdm4000 ? 0x50 : 0x46);
    REQUIRE(r.run_until(
        [&] { return r.sim->commands_received(m == Model::Lcdm4000 ? 0x50 : 0x46) >= polls + 2; }));
    CHECK(r.count(Kind::Failure) == 1);
  }
}

TEST_CASE("sim: the periodic STATUS reports a note left in the path, and a stuck jam's error") {
  for (Model m : kAllModels) {
    for (bool stuck : {false, true}) {
      CAPTURE(to_string(m));
      CAPTURE(stuck);
      Rig r(m);
      REQUIRE(r.ready());
      r.sim->jam_after(1, stuck);
      const auto o = r.dispense(r.ask(3));
      CHECK(o.result == Result::Partial);
      REQUIRE(r.sim->in_path() == 1);
      // Nobody asks: the idle STATUS finds the device sick and says so, once.
      REQUIRE(r.run_until([&] {
        for (const auto& e : r.events)
          if ((e.kind == Kind::Status || e.kind == Kind::Failure) && e.status &&
              !dispenser_fault(*e.status).empty())
            return true;
        return false;
      }));
      const std::size_t purges = r.count(Kind::PurgeDone);
      r.runner->purge();
      REQUIRE(r.run_until([&] { return r.count(Kind::PurgeDone) > purges; }));
      CHECK(r.last(Kind::PurgeDone)->detail.empty() == !stuck);
      CHECK(dispenser_fault(r.status()).empty() == !stuck);
      CHECK(r.sim->in_path() == (stuck ? 1 : 0));
    }
  }
}
