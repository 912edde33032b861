// The running kiosk (build/bin/kiosk run --sim, everything simulated except the validator) drives a
// CCNET validator over a tty: a pty whose slave is reached through a by-id style symlink, with
// the CCNET simulator served on its master here. The cable is pulled (master closed, symlink
// gone) and plugged back (a new pty behind the same name): the kiosk must report the loss, re-open
// the port, re-initialise the validator and be back in service, all within one scenario run.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/unit/ccnet/virtual_bench.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using kiosk::Instant;
using kiosk::Millis;
using kiosk::devices::Bytes;
using kiosk::devices::ByteView;
using kiosk::sim::ccnet::CcnetDeviceSim;

Instant steady_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

// The validator's end of the cable.
struct Cable {
  boost::asio::io_context& io;
  std::shared_ptr<CcnetDeviceSim> sim;
  fs::path link_path;
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
    fs::remove(link_path, ec);
    fs::create_symlink(name, link_path);
    read();
  }
  void unplug() {
    std::error_code ec;
    fs::remove(link_path, ec);
    master.reset();
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

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::size_t occurrences(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("kiosk: the validator's tty is unplugged and replugged; the kiosk reconnects by itself") {
  const fs::path bin = fs::read_symlink("/proc/self/exe").parent_path() / "kiosk";
  if (!fs::exists(bin)) {
    MESSAGE("skipped: " << bin.string() << " is not built (cmake --build build --target kiosk)");
    return;
  }
  const fs::path src = KIOSK_SOURCE_DIR;
  const fs::path dir = fs::temp_directory_path() / ("kiosk-replug-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);

  nlohmann::json cfg = nlohmann::json::parse(slurp(src / "config/sim.json"));
  cfg["exchange"]["secret_file"] = (src / "config/sim-secret.txt").string();
  cfg["devices"]["validator"]["transport"] = {{"type", "tty"},
                                              {"path", (dir / "usb-CashCode").string()}};
  std::ofstream(dir / "kiosk.json") << cfg.dump(2);
  // In service, then 5 s in which the cable is pulled and plugged back, then in service again.
  std::ofstream(dir / "scenario.json") << R"({"name": "replug_tty", "steps": [
    {"wait_ready": true, "timeout_ms": 15000},
    {"wait_ms": 5000},
    {"wait_ready": true, "timeout_ms": 15000}]})";

  boost::asio::io_context io;
  auto sim = std::make_shared<CcnetDeviceSim>(ccnet_test::fast_sim_config());
  Cable cable{io, sim, dir / "usb-CashCode", nullptr};
  cable.plug();

  const std::string out = (dir / "run.out").string(), err = (dir / "run.log").string();
  std::vector<std::string> args{bin.string(),
                                "run",
                                "--sim",
                                "--port",
                                "0",
                                "--config",
                                (dir / "kiosk.json").string(),
                                "--db",
                                (dir / "kiosk.db").string(),
                                "--scenario",
                                (dir / "scenario.json").string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  REQUIRE(posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&fa);

  auto serve_until = [&](const std::function<bool()>& pred, Millis limit) {
    const Instant end = steady_now() + limit;
    while (!pred() && steady_now() < end) {
      io.run_for(std::chrono::milliseconds(5));
      if (io.stopped()) io.restart();
    }
    return pred();
  };
  int status = 0;
  bool exited = false;
  auto kiosk_exited = [&] {
    if (!exited && ::waitpid(pid, &status, WNOHANG) == pid) exited = true;
    return exited;
  };
  // The kiosk has initialised the validator and polls it (it enables notes only for a customer).
  const bool polling =
      serve_until([&] { return kiosk_exited() || sim->counters().polls >= 3; }, Millis{15000});
  CHECK(polling);
  CHECK_FALSE(exited);
  cable.unplug();
  serve_until([] { return false; }, Millis{1200});  // a few failed re-opens
  const auto polls_before_replug = sim->counters().polls;
  cable.plug();
  serve_until(kiosk_exited, Millis{30000});
  if (!exited) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  cable.unplug();

  const std::string log = slurp(err);
  const std::string summary = slurp(out);
  INFO("kiosk stdout: " << summary.substr(summary.size() > 2000 ? summary.size() - 2000 : 0));
  INFO("kiosk stderr: " << log.substr(log.size() > 4000 ? log.size() - 4000 : 0));
  REQUIRE(exited);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(occurrences(log, "event=device.link device=validator what=lost") == 1);
  CHECK(occurrences(log, "what=retry_failed") >= 1);
  CHECK(occurrences(log, "event=device.link device=validator what=reconnected") == 1);
  CHECK(occurrences(log, "event=validator.event kind=link_lost") == 1);
  CHECK(occurrences(log, "event=validator.event kind=link_restored") == 1);
  CHECK(occurrences(log, "event=validator.event kind=ready") == 2);  // re-initialised
  // Back in service: the scenario's last wait_ready passed, over the new pty.
  std::string last_line;
  std::istringstream lines(summary);
  for (std::string l; std::getline(lines, l);)
    if (!l.empty()) last_line = l;
  auto s = nlohmann::json::parse(last_line, nullptr, false);
  REQUIRE_FALSE(s.is_discarded());
  CHECK(s.value("ok", false));
  CHECK(s.value("steps_run", 0) == 3);
  CHECK(sim->counters().polls > polls_before_replug + 3);
  fs::remove_all(dir);
}
