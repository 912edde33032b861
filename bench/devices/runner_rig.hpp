// The real shell (ValidatorRunner / DispenserRunner) on a real io_context, with its real timers at
// the protocol's real intervals, talking to the simulator through a MemoryTransport. Two probes
// sit around the link: a Transport that notes when bytes arrive and leave (thread CPU and wall
// time), and a DeviceEndpoint that counts the simulator's own CPU so it can be taken out.
// The io_context runs on the calling thread, which sleeps in epoll between events.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "cpu_clock.hpp"
#include "devices/memory_transport.hpp"

namespace kiosk::bench {

using devices::Bytes;
using devices::ByteView;

inline Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

// Counts the thread CPU the simulator uses.
class TimedEndpoint final : public devices::DeviceEndpoint {
 public:
  explicit TimedEndpoint(std::shared_ptr<devices::DeviceEndpoint> inner)
      : inner_(std::move(inner)) {}
  Bytes on_host_bytes(ByteView rx, Instant now) override {
    const std::int64_t a = thread_cpu_ns();
    Bytes out = inner_->on_host_bytes(rx, now);
    sim_ns += thread_cpu_ns() - a;
    return out;
  }
  std::optional<Instant> wake_at() const override { return inner_->wake_at(); }
  std::int64_t sim_ns = 0;

 private:
  std::shared_ptr<devices::DeviceEndpoint> inner_;
};

// What the link probe saw.
struct LinkProbe {
  struct Mark {
    std::int64_t cpu = 0, wall = 0, sim = 0;
  };
  const TimedEndpoint* sim = nullptr;
  Mark last_rx;  // the latest arrival of device bytes at the transport
  std::size_t writes = 0;
  // Escrow-to-stack: armed by the escrow handler with the arrival that carried the escrow; the
  // next write is the stack command.
  bool stack_asked = false;
  Mark escrow_rx;
  std::vector<std::int64_t> escrow_cpu_ns, escrow_wall_ns;

  Mark mark() const { return {thread_cpu_ns(), wall_ns(), sim ? sim->sim_ns : 0}; }
  void on_write() {
    ++writes;
    if (!stack_asked) return;
    stack_asked = false;
    const Mark m = mark();
    escrow_cpu_ns.push_back(m.cpu - escrow_rx.cpu - (m.sim - escrow_rx.sim));
    escrow_wall_ns.push_back(m.wall - escrow_rx.wall);
  }
};

class ProbedTransport final : public devices::Transport {
 public:
  ProbedTransport(std::unique_ptr<devices::Transport> inner, LinkProbe& probe)
      : inner_(std::move(inner)), probe_(probe) {}
  void start(OnBytes on_bytes, OnError on_error) override {
    inner_->start(
        [this, f = std::move(on_bytes)](ByteView b) {
          probe_.last_rx = probe_.mark();
          f(b);
        },
        std::move(on_error));
  }
  void write(ByteView bytes) override {
    probe_.on_write();
    inner_->write(bytes);
  }
  void close() override { inner_->close(); }
  std::string describe() const override { return inner_->describe(); }

 private:
  std::unique_ptr<devices::Transport> inner_;
  LinkProbe& probe_;
};

// Runs handlers until `pred` holds (true) or `limit` passes (false), sleeping between them.
inline bool run_until(boost::asio::io_context& io, const std::function<bool()>& pred,
                      Millis limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    const auto left = end - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return false;
    io.run_one_for(left);
    if (io.stopped()) io.restart();
  }
  return true;
}

// Idle CPU of this thread (all host work: timers, shell, driver, codec; not the simulator) over
// `window`, as a percentage of one core, and the number of writes in it.
struct IdleFigure {
  double cpu_percent = 0;
  std::size_t writes = 0;
  std::int64_t host_ns = 0;
};

inline IdleFigure measure_idle(boost::asio::io_context& io, const LinkProbe& probe, Millis window) {
  const auto m0 = probe.mark();
  const std::size_t w0 = probe.writes;
  io.run_for(window);
  if (io.stopped()) io.restart();
  const auto m1 = probe.mark();
  IdleFigure f;
  f.host_ns = (m1.cpu - m0.cpu) - (m1.sim - m0.sim);
  f.cpu_percent = 100.0 * static_cast<double>(f.host_ns) / static_cast<double>(m1.wall - m0.wall);
  f.writes = probe.writes - w0;
  return f;
}

}  // namespace kiosk::bench
