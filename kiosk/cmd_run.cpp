// `kiosk run`: a kiosk on real devices (--config FILE) or fully simulated (--sim), optionally
// playing a scenario headless (--scenario FILE).
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>

#include "kiosk/commands.hpp"
#include "kiosk/config/production_check.hpp"
#include "kiosk/log.hpp"
#include "kiosk/runtime/kiosk_runtime.hpp"
#include "kiosk/runtime/scenario_runner.hpp"
#include "kiosk/sd_notify.hpp"
#include "kiosk/source_tree.hpp"

namespace kiosk::app {

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: kiosk run --config FILE | --sim [--config FILE] [--scenario FILE]\n"
               "                 [--port N] [--db PATH] [--exchange URL]\n");
  return 2;
}

}  // namespace

int cmd_run(int argc, char** argv) {
  RunOptions opt;
  std::string config_path, scenario_path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--sim") {
      opt.sim = true;
    } else if (a == "--config" || a == "--scenario" || a == "--port" || a == "--db" ||
               a == "--exchange") {
      const char* v = value();
      if (!v) return usage();
      if (a == "--config") config_path = v;
      if (a == "--scenario") scenario_path = v;
      if (a == "--port") opt.port = std::atoi(v);
      if (a == "--db") opt.db_path = v;
      if (a == "--exchange") opt.exchange_url = v;
    } else {
      return usage();
    }
  }
  if (config_path.empty() && !opt.sim) return usage();
  if (!scenario_path.empty() && !opt.sim) {
    std::fprintf(stderr, "kiosk run: --scenario needs --sim\n");
    return 2;
  }
  if (config_path.empty()) config_path = default_sim_config_path();
  auto config = load_config_file(config_path);
  if (!config) {
    std::fprintf(stderr, "kiosk run: %s is not a usable config:\n", config_path.c_str());
    for (const auto& p : config.error().problems) std::fprintf(stderr, "  %s\n", p.c_str());
    return 1;
  }
  if (!opt.sim) {
    auto unsafe = production_problems(*config);
    if (!unsafe.empty()) {
      std::fprintf(stderr, "kiosk run: %s is not safe for a real kiosk:\n", config_path.c_str());
      for (const auto& p : unsafe) std::fprintf(stderr, "  %s\n", p.c_str());
      return 1;
    }
  }
  opt.config = std::move(*config);
  nlohmann::json scenario;
  if (!scenario_path.empty()) {
    std::ifstream in(scenario_path);
    scenario = nlohmann::json::parse(in, nullptr, false);
    if (!in || scenario.is_discarded() || !scenario.contains("steps") ||
        !scenario["steps"].is_array()) {
      std::fprintf(stderr, "kiosk run: %s: not a scenario (a JSON object with a \"steps\" list)\n",
                   scenario_path.c_str());
      return 2;
    }
    if (!opt.port) opt.port = 0;  // headless: any free port
  }

  log_event(LogLevel::Info, "kiosk.files",
            {{"config", config_path},
             {"www", opt.config.www_dir.empty() ? www_dir() : opt.config.www_dir}});
  boost::asio::io_context io;
  KioskRuntime kiosk(io, opt);
  if (auto r = kiosk.start(); !r) {
    std::fprintf(stderr, "kiosk run: cannot start: %s\n", r.error().c_str());
    return 1;
  }
  int exit_code = 0;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto ec, int) {
    if (ec) return;
    sd_notify("STOPPING=1");
    kiosk.shutdown(Millis{3000}, [&] { io.stop(); });
  });
  // Under systemd (kiosk.service, Type=notify): ready once every part is up; the watchdog is fed
  // from this event loop, so a stuck loop gets the service restarted.
  sd_notify("READY=1");
  boost::asio::steady_timer watchdog(io);
  std::function<void()> feed = [&] {
    sd_notify("WATCHDOG=1");
    watchdog.expires_after(*sd_watchdog_interval());
    watchdog.async_wait([&](auto ec) {
      if (!ec) feed();
    });
  };
  if (sd_watchdog_interval()) feed();
  std::unique_ptr<ScenarioRunner> runner;
  if (!scenario.is_null()) {
    runner = std::make_unique<ScenarioRunner>(io, kiosk, scenario);
    runner->start([&](const nlohmann::json& summary) {
      std::cout << summary.dump() << std::endl;
      exit_code = summary.value("ok", false) ? 0 : 3;
      kiosk.shutdown(Millis{3000}, [&] { io.stop(); });
    });
  } else {
    std::printf("kiosk: customer screen at http://127.0.0.1:%u\n", kiosk.ui_port());
    if (opt.sim)
      std::printf("kiosk: simulator console at http://127.0.0.1:%u/sim\n", kiosk.ui_port());
    std::fflush(stdout);
  }
  io.run();
  watchdog.cancel();
  log_event(LogLevel::Info, "kiosk.stopped");
  // Stopped by the operator's `restart` command: an exit status the service manager restarts.
  if (kiosk.restart_requested()) return KioskRuntime::kExitRestart;
  return exit_code;
}

}  // namespace kiosk::app
