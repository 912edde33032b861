// bench-devices: what the device drivers cost the host, per protocol (CCNET, ID003, SSP/eSSP and
// the Puloon LCDM dispenser), each driven against its own device simulator at the protocol's real
// poll interval (the drivers' default configs; the simulators' mechanics are shortened).
//
// Two rigs per protocol:
// - virtual time (virtual_rig.hpp): thousands of idle poll cycles and hundreds of notes, every
//   driver call bracketed by the steady clock (the thread CPU clock costs more than the work on
//   some VMs; the phase's thread CPU is printed as an upper bound): the driver + codec cost per
//   poll cycle, and the
//   driver CPU from the escrow bytes reaching the driver to the stack command leaving it (the
//   decision is an accept-all policy, like the kiosk's);
// - the real shell (runner_rig.hpp): ValidatorRunner / DispenserRunner on an io_context with real
//   timers over a MemoryTransport: idle CPU % of the whole host thread (timers, Asio, shell,
//   driver, codec; the simulator's CPU taken out) and, for a few notes, escrow-to-stack host CPU
//   and wall time, measured at the transport (bytes in -> stack bytes out).
// Baselines, same run: the codec alone encoding a poll and framing the poll + answer pair, and a
// memcpy of the same bytes.
//
// Options: --notes N (real-shell notes per validator, default 3), --idle-ms N (real-shell idle
// window, default 1000). Prints one JSON object on its last line.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "devices/ccnet/ccnet_driver.hpp"
#include "devices/dispenser_runner.hpp"
#include "devices/id003/id003_driver.hpp"
#include "devices/lcdm/lcdm_driver.hpp"
#include "devices/ssp/ssp_driver.hpp"
#include "devices/validator_runner.hpp"
#include "runner_rig.hpp"
#include "sim/ccnet/ccnet_device_sim.hpp"
#include "sim/id003/id003_device_sim.hpp"
#include "sim/lcdm/lcdm_device_sim.hpp"
#include "sim/ssp/ssp_device_sim.hpp"
#include "virtual_rig.hpp"

using namespace kiosk;
using namespace kiosk::bench;
using devices::DispenserEvent;
using devices::DispenserStep;
using devices::ValidatorEvent;
using devices::ValidatorStep;
using nlohmann::json;
using VK = ValidatorEvent::Kind;

namespace {

constexpr double kEscrowGoalMs = 5.0;
constexpr double kIdleGoalPercent = 1.0;
constexpr int kIdleCycles = 2000;  // virtual poll cycles per validator
constexpr int kVirtualNotes = 300;

struct Options {
  int notes = 3;
  Millis idle{1000};
};

json summary_json(const Summary& s) { return {{"median", s.median}, {"p99", s.p99}, {"n", s.n}}; }

volatile std::size_t g_sink = 0;

// CPU ns per iteration of `f`, over `n` iterations.
template <class F>
double per_iteration_ns(int n, F&& f) {
  const std::int64_t a = thread_cpu_ns();
  for (int i = 0; i < n; ++i) f();
  return static_cast<double>(thread_cpu_ns() - a) / n;
}

double memcpy_pair_ns(const Bytes& tx, const Bytes& rx) {
  std::vector<std::uint8_t> buf(tx.size() + rx.size() + 1);
  return per_iteration_ns(200000, [&] {
    std::memcpy(buf.data(), tx.data(), tx.size());
    std::memcpy(buf.data() + tx.size(), rx.data(), rx.size());
    g_sink = g_sink + buf[tx.size() / 2];
    asm volatile("" ::: "memory");
  });
}

// ---- the validators ----------------------------------------------------------------------------

template <class Sim, class Driver>
json virtual_validator(Sim sim, Driver driver, std::int64_t overhead, Millis poll, Bytes& poll_tx,
                       Bytes& poll_rx) {
  VirtualRig<Sim, Driver, ValidatorStep, ValidatorEvent> rig(std::move(sim), std::move(driver),
                                                             overhead);
  std::vector<flows::Kzt> denominations;
  rig.on_event = [&](const ValidatorEvent& e) {
    if (e.kind == VK::Ready) denominations = e.denominations;
    if (e.kind == VK::Escrowed) {  // the host policy: accept every note
      rig.escrow_seen();
      rig.call([](Driver& d, Instant now) { return d.stack(now); });
    }
  };
  json out;
  if (!rig.run_until([&] { return rig.count(VK::Ready) > 0; })) return {{"error", "no Ready"}};
  rig.call([&](Driver& d, Instant now) { return d.enable(denominations, now); });
  if (!rig.run_until([&] { return rig.count(VK::Idle) > 0; })) return {{"error", "no Idle"}};
  const std::int64_t c0 = thread_cpu_ns();
  auto cycles = rig.idle_cycles(poll, kIdleCycles);
  const std::int64_t c1 = thread_cpu_ns();
  // The check on the steady-clock brackets: all the thread's CPU in the idle phase (driver, the
  // simulator, the rig's 1 ms stepping and the brackets themselves) per cycle: an upper bound.
  out["poll_cycle_thread_cpu_us_upper_bound"] =
      static_cast<double>(c1 - c0) / (kIdleCycles + 2) / 1000.0;
  poll_tx = rig.last_exchange.first;
  poll_rx = rig.last_exchange.second;
  std::int64_t total = 0;
  for (auto c : cycles) total += c;
  out["poll_cycle_us"] = summary_json(summarize(cycles));
  out["idle_cpu_percent_driver"] = 100.0 * static_cast<double>(total) /
                                   (static_cast<double>(cycles.size()) * poll.count() * 1e6);
  for (int i = 0; i < kVirtualNotes; ++i) {
    if (!rig.run_until([&] { return rig.sim.insert_note(flows::Kzt{1000}); }) ||
        !rig.run_until([&] { return rig.count(VK::Stacked) == static_cast<std::size_t>(i + 1); }))
      return {{"error", "note " + std::to_string(i) + " not stacked"}};
  }
  out["escrow_to_stack_us"] = summary_json(summarize(rig.escrow_cpu_ns));
  out["escrow_to_stack_protocol_wait_ms"] = summary_json(summarize(rig.escrow_virtual_ms, 1.0));
  out["link_lost"] = rig.count(VK::LinkLost);
  return out;
}

template <class Sim, class Driver>
json runner_validator(std::shared_ptr<Sim> sim, std::unique_ptr<Driver> driver, const Options& o) {
  boost::asio::io_context io;
  auto ep = std::make_shared<TimedEndpoint>(sim);
  LinkProbe probe;
  probe.sim = ep.get();
  auto mem = std::make_unique<devices::MemoryTransport>(io, ep, steady_now, "bench");
  devices::ValidatorRunner runner(
      io, std::move(driver), std::make_unique<ProbedTransport>(std::move(mem), probe), steady_now);
  std::vector<flows::Kzt> denominations;
  std::size_t ready = 0, idle = 0, stacked = 0, lost = 0;
  runner.start([&](const ValidatorEvent& e) {
    if (e.kind == VK::Ready) ++ready, denominations = e.denominations;
    if (e.kind == VK::Idle) ++idle;
    if (e.kind == VK::Stacked) ++stacked;
    if (e.kind == VK::LinkLost) ++lost;
    if (e.kind == VK::Escrowed) {
      probe.escrow_rx = probe.last_rx;  // the arrival that carried the escrow
      probe.stack_asked = true;
      runner.stack();
    }
  });
  if (!run_until(
          io, [&] { return ready > 0; }, Millis{8000}))
    return {{"error", "no Ready"}};
  runner.enable(denominations);
  if (!run_until(
          io, [&] { return idle > 0; }, Millis{5000}))
    return {{"error", "no Idle"}};
  io.run_for(std::chrono::milliseconds(200));
  const IdleFigure f = measure_idle(io, probe, o.idle);
  for (int i = 0; i < o.notes; ++i) {
    if (!run_until(
            io, [&] { return sim->insert_note(flows::Kzt{1000}); }, Millis{5000}) ||
        !run_until(
            io, [&] { return stacked == static_cast<std::size_t>(i + 1); }, Millis{5000}))
      return {{"error", "note " + std::to_string(i) + " not stacked"}};
  }
  runner.stop();
  json out;
  out["idle_cpu_percent"] = f.cpu_percent;
  out["idle_window_ms"] = o.idle.count();
  out["idle_writes"] = f.writes;
  out["escrow_to_stack_host_cpu_us"] = summary_json(summarize(probe.escrow_cpu_ns));
  out["escrow_to_stack_wall_ms"] = summary_json(summarize(probe.escrow_wall_ns, 1e6));
  out["link_lost"] = lost;
  return out;
}

// The codec alone on one poll exchange: encode the poll, frame the request and the answer.
template <class Reader, class Encode>
double codec_pair_ns(const Bytes& tx, const Bytes& rx, Encode encode) {
  Reader reader;
  return per_iteration_ns(50000, [&] {
    Bytes req = encode();
    auto a = reader.feed(tx);
    auto b = reader.feed(rx);
    g_sink = g_sink + req.size() + a.size() + b.size();
  });
}

template <class Sim, class Driver, class SimConfig, class DriverConfig, class CodecBaseline>
json validator(const char* name, SimConfig sc, DriverConfig dc, std::int64_t overhead,
               const Options& o, CodecBaseline codec) {
  Bytes tx, rx;
  json v = virtual_validator(Sim(sc), Driver(dc), overhead, dc.poll_interval, tx, rx);
  json r = runner_validator(std::make_shared<Sim>(sc), std::make_unique<Driver>(dc), o);
  json out;
  out["protocol"] = name;
  out["poll_interval_ms"] = dc.poll_interval.count();
  out["tick_ms"] = dc.tick.count();
  out["virtual"] = v;
  out["shell"] = r;
  // The headline figures.
  out["poll_cycle_us"] = v.value("poll_cycle_us", json());
  out["idle_cpu_percent"] = r.value("idle_cpu_percent", -1.0);
  out["escrow_to_stack_us"] = v.value("escrow_to_stack_us", json());
  out["escrow_to_stack_host_cpu_us_shell"] = r.value("escrow_to_stack_host_cpu_us", json());
  out["escrow_to_stack_wall_ms_shell"] = r.value("escrow_to_stack_wall_ms", json());
  if (!tx.empty() && !rx.empty()) {
    out["baseline"] = {{"poll_tx_bytes", tx.size()},
                       {"poll_rx_bytes", rx.size()},
                       {"codec_poll_pair_us", codec(tx, rx) / 1000.0},
                       {"memcpy_poll_pair_us", memcpy_pair_ns(tx, rx) / 1000.0}};
  }
  return out;
}

// Baseline for the shell's idle cost: a bare Asio steady_timer re-armed every `tick` with an empty
// handler, the way the shell ticks its driver; CPU % of this thread over `window`.
double bare_timer_idle_percent(Millis tick, Millis window) {
  boost::asio::io_context io;
  boost::asio::steady_timer timer(io);
  std::function<void()> arm = [&] {
    timer.expires_after(tick);
    timer.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) arm();
    });
  };
  arm();
  const std::int64_t c0 = thread_cpu_ns(), w0 = wall_ns();
  io.run_for(window);
  return 100.0 * static_cast<double>(thread_cpu_ns() - c0) / static_cast<double>(wall_ns() - w0);
}

// ---- the dispenser -----------------------------------------------------------------------------

json dispenser(std::int64_t overhead, const Options& o) {
  using DK = DispenserEvent::Kind;
  devices::lcdm::LcdmDriverConfig dc;  // the real timings
  dc.model = devices::lcdm::Model::Lcdm2000;
  auto sc = sim::lcdm::default_sim_config(dc.model);
  json out;
  out["protocol"] = "lcdm2000";
  out["status_interval_ms"] = dc.idle_status_interval.count();
  out["tick_ms"] = dc.tick.count();
  {
    VirtualRig<sim::lcdm::LcdmDeviceSim, devices::lcdm::LcdmDriver, DispenserStep, DispenserEvent>
        rig(sim::lcdm::LcdmDeviceSim(sc), devices::lcdm::LcdmDriver(dc), overhead);
    if (!rig.run_until([&] { return rig.count(DK::Ready) > 0; })) return {{"error", "no Ready"}};
    const std::int64_t c0 = thread_cpu_ns();
    auto cycles = rig.idle_cycles(dc.idle_status_interval, 200);
    out["poll_cycle_thread_cpu_us_upper_bound"] =
        static_cast<double>(thread_cpu_ns() - c0) / 202 / 1000.0;
    std::int64_t total = 0;
    for (auto c : cycles) total += c;
    out["poll_cycle_us"] = summary_json(summarize(cycles));
    out["idle_cpu_percent_driver"] =
        100.0 * static_cast<double>(total) /
        (static_cast<double>(cycles.size()) * dc.idle_status_interval.count() * 1e6);
    if (!rig.last_exchange.first.empty())
      out["baseline"] = {
          {"memcpy_poll_pair_us",
           memcpy_pair_ns(rig.last_exchange.first, rig.last_exchange.second) / 1000.0}};
  }
  {
    boost::asio::io_context io;
    auto ep = std::make_shared<TimedEndpoint>(std::make_shared<sim::lcdm::LcdmDeviceSim>(sc));
    LinkProbe probe;
    probe.sim = ep.get();
    auto mem = std::make_unique<devices::MemoryTransport>(io, ep, steady_now, "bench");
    devices::DispenserRunner runner(io, std::make_unique<devices::lcdm::LcdmDriver>(dc),
                                    std::make_unique<ProbedTransport>(std::move(mem), probe),
                                    steady_now);
    std::size_t ready = 0;
    runner.start([&](const DispenserEvent& e) { ready += e.kind == DK::Ready; });
    if (!run_until(
            io, [&] { return ready > 0; }, Millis{8000}))
      return {{"error", "no Ready"}};
    io.run_for(std::chrono::milliseconds(200));
    const IdleFigure f = measure_idle(io, probe, o.idle);
    runner.stop();
    out["shell"] = {{"idle_cpu_percent", f.cpu_percent},
                    {"idle_window_ms", o.idle.count()},
                    {"idle_writes", f.writes}};
    out["idle_cpu_percent"] = f.cpu_percent;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--notes")
      o.notes = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--idle-ms")
      o.idle = Millis{std::max(100, std::atoi(argv[i + 1]))};
    else {
      std::fprintf(stderr, "usage: bench-devices [--notes N] [--idle-ms N]\n");
      return 2;
    }
  }
  const std::int64_t t0 = wall_ns();
  const std::int64_t overhead = bracket_overhead_ns(wall_ns);
  const std::int64_t thread_clock_overhead = bracket_overhead_ns(thread_cpu_ns);
  auto lap = [&](const char* what) {
    std::fprintf(stderr, "%s done at %.1f s\n", what, static_cast<double>(wall_ns() - t0) / 1e9);
  };

  namespace cc = devices::ccnet;
  namespace jc = devices::id003;
  namespace ss = devices::ssp;
  sim::ccnet::CcnetDeviceSimConfig ccs;
  ccs.initialize_time = Millis{200};
  ccs.accept_time = ccs.stack_time = Millis{100};
  sim::id003::Id003DeviceSimConfig jcs;
  jcs.initialize_time = Millis{200};
  jcs.accept_time = jcs.stack_time = Millis{100};
  sim::ssp::SspDeviceSimConfig sss;
  sss.read_time = sss.stack_time = Millis{100};
  ss::SspDriverConfig ssd;
  ssd.random_seed = 7;  // the same key exchange every run

  json protocols = json::array();
  protocols.push_back(validator<sim::ccnet::CcnetDeviceSim, cc::CcnetDriver>(
      "ccnet", ccs, cc::CcnetDriverConfig{}, overhead, o, [](const Bytes& tx, const Bytes& rx) {
        return codec_pair_ns<cc::CcnetFrameReader>(
            tx, rx, [] { return cc::encode_command(cc::Command::Poll); });
      }));
  lap("ccnet");
  protocols.push_back(validator<sim::id003::Id003DeviceSim, jc::Id003Driver>(
      "id003", jcs, jc::Id003DriverConfig{}, overhead, o, [](const Bytes& tx, const Bytes& rx) {
        return codec_pair_ns<jc::Id003FrameReader>(
            tx, rx, [] { return jc::encode_command(jc::Command::StatusRequest); });
      }));
  lap("id003");
  protocols.push_back(validator<sim::ssp::SspDeviceSim, ss::SspDriver>(
      "ssp", sss, ssd, overhead, o, [](const Bytes& tx, const Bytes& rx) {
        const std::uint8_t poll[] = {static_cast<std::uint8_t>(ss::Command::Poll)};
        return codec_pair_ns<ss::SspFrameReader>(
            tx, rx, [&] { return ss::encode_packet(ss::kValidatorAddress, true, poll); });
      }));
  lap("ssp");
  protocols.push_back(dispenser(overhead, o));
  lap("lcdm");

  // Goals: escrow-to-stack under 5 ms of host CPU (the worse of the driver's p99 and the whole
  // shell's p99), idle polling under 1 % CPU (the whole shell, and the driver alone).
  bool escrow_met = true, idle_met = true;
  double worst_escrow_ms = 0, worst_idle = 0;
  for (const auto& p : protocols) {
    if (p.contains("error") || (p.contains("virtual") && p["virtual"].contains("error")) ||
        (p.contains("shell") && p["shell"].contains("error"))) {
      escrow_met = idle_met = false;
      continue;
    }
    for (const char* k : {"escrow_to_stack_us", "escrow_to_stack_host_cpu_us_shell"})
      if (p.contains(k) && p[k].is_object())
        worst_escrow_ms = std::max(worst_escrow_ms, p[k].value("p99", 0.0) / 1000.0);
    worst_idle = std::max(worst_idle, p.value("idle_cpu_percent", 100.0));
    if (p.contains("virtual"))
      worst_idle = std::max(worst_idle, p["virtual"].value("idle_cpu_percent_driver", 100.0));
    else
      worst_idle = std::max(worst_idle, p.value("idle_cpu_percent_driver", 100.0));
  }
  escrow_met = escrow_met && worst_escrow_ms < kEscrowGoalMs;
  idle_met = idle_met && worst_idle < kIdleGoalPercent;

  json out;
  out["bench"] = "devices";
  out["steady_clock_bracket_ns"] = overhead;
  out["thread_cpu_clock_bracket_ns"] = thread_clock_overhead;
  out["baseline"] = {
      {"bare_timer_20ms_idle_cpu_percent", bare_timer_idle_percent(Millis{20}, Millis{1000})}};
  out["protocols"] = protocols;
  out["goals"] = {{"escrow_to_stack_host_ms_max", kEscrowGoalMs},
                  {"idle_cpu_percent_max", kIdleGoalPercent},
                  {"worst_escrow_to_stack_host_ms_p99", worst_escrow_ms},
                  {"worst_idle_cpu_percent", worst_idle},
                  {"escrow_to_stack_met", escrow_met},
                  {"idle_cpu_met", idle_met}};
  out["elapsed_s"] = static_cast<double>(wall_ns() - t0) / 1e9;
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
