// A device's end of a serial cable for the kiosk-on-a-pty tests: a pty master answered by a
// device simulator, the slave's name behind a symlink the kiosk's config names. Unplug removes
// the link and closes both ends; plug opens a new pty. Shared by kiosk_tty_reconnect_test and
// kiosk_device_faults_test.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "devices/memory_transport.hpp"

namespace kiosk::test {

inline Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::size_t occurrences(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

// The device's end of the cable: a pty master answered by a simulator (which may speak later on
// its own: wake()).
struct Cable {
  boost::asio::io_context& io;
  std::shared_ptr<devices::DeviceEndpoint> sim;
  std::filesystem::path link_path;
  std::unique_ptr<boost::asio::posix::stream_descriptor> master;
  int slave = -1;
  std::array<std::uint8_t, 256> buf{};

  void plug() {
    int m = -1;
    char name[256] = {};
    REQUIRE(::openpty(&m, &slave, name, nullptr, nullptr) == 0);
    // Not inherited by the kiosk: a copy of the master there would keep the line up.
    ::fcntl(m, F_SETFD, FD_CLOEXEC);
    ::fcntl(slave, F_SETFD, FD_CLOEXEC);
    master = std::make_unique<boost::asio::posix::stream_descriptor>(io, m);
    std::error_code ec;
    std::filesystem::remove(link_path, ec);
    std::filesystem::create_symlink(name, link_path);
    read();
  }
  void unplug() {
    std::error_code ec;
    std::filesystem::remove(link_path, ec);
    master.reset();
    if (slave >= 0) ::close(slave);
    slave = -1;
  }
  void send(devices::Bytes bytes) {
    if (bytes.empty() || !master) return;
    auto out = std::make_shared<devices::Bytes>(std::move(bytes));
    boost::asio::async_write(*master, boost::asio::buffer(*out), [out](auto, auto) {});
  }
  void read() {
    auto* m = master.get();
    m->async_read_some(boost::asio::buffer(buf), [this, m](auto ec, std::size_t n) {
      if (ec || m != master.get()) return;
      send(sim->on_host_bytes(devices::ByteView(buf.data(), n), steady_now()));
      read();
    });
  }
  void wake() {  // a dispenser answering once its notes are out
    auto due = sim->wake_at();
    if (due && *due <= steady_now()) send(sim->on_host_bytes({}, steady_now()));
  }
};

}  // namespace kiosk::test
