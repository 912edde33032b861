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

#include "kiosk/source_tree.hpp"
#include "pty_cable.hpp"
#include "tests/unit/ccnet/virtual_bench.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using kiosk::Instant;
using kiosk::Millis;
using kiosk::devices::Bytes;
using kiosk::devices::ByteView;
using kiosk::sim::ccnet::CcnetDeviceSim;
using kiosk::test::Cable;
using kiosk::test::occurrences;
using kiosk::test::slurp;
using kiosk::test::steady_now;

// One `kiosk run --sim --scenario` with the validator on `Cable`. `before_unplug` runs the
// customer's side (it may insert notes) while serving the line; then the cable is pulled for
// 1.2 s and plugged back, and the line is served until the kiosk exits.
struct KioskRun {
  bool skipped = false;
  bool exited = false;
  int status = 0;
  std::string log;
  nlohmann::json summary;
  std::uint64_t polls_before_replug = 0, polls_at_end = 0;
  std::int64_t stacked_kzt = 0;  // in the simulated validator's cassette at the end
};

using Serve = std::function<bool(const std::function<bool()>&, Millis)>;

KioskRun run_kiosk(const std::string& scenario,
                   const std::function<void(CcnetDeviceSim&, const Serve&)>& before_unplug) {
  KioskRun r;
  const fs::path bin = fs::read_symlink("/proc/self/exe").parent_path() / "kiosk";
  if (!fs::exists(bin)) {
    MESSAGE("skipped: " << bin.string() << " is not built (cmake --build build --target kiosk)");
    r.skipped = true;
    return r;
  }
  const fs::path src = kiosk::app::source_tree();
  const fs::path dir = fs::temp_directory_path() / ("kiosk-replug-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  nlohmann::json cfg = nlohmann::json::parse(slurp(src / "config/sim.json"));
  cfg["exchange"]["secret_file"] = (src / "config/sim-secret.txt").string();
  cfg["operator"]["command_public_key_file"] = (src / "config/sim-operator-command.pub").string();
  // The scenarios feed a note without identifying anyone: no compliance section (issue 4 tests
  // reconnects; identification is tested in tests/unit/identity and kyc).
  cfg.erase("compliance");
  cfg["devices"]["validator"]["transport"] = {{"type", "tty"},
                                              {"path", (dir / "usb-CashCode").string()}};
  std::ofstream(dir / "kiosk.json") << cfg.dump(2);
  std::ofstream(dir / "scenario.json") << scenario;

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
  for (auto& x : args) argv.push_back(x.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  REQUIRE(posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&fa);

  auto kiosk_exited = [&] {
    if (!r.exited && ::waitpid(pid, &r.status, WNOHANG) == pid) r.exited = true;
    return r.exited;
  };
  const Serve serve_until = [&](const std::function<bool()>& pred, Millis limit) {
    const Instant end = steady_now() + limit;
    bool held = false;  // pred() may act (insert a note): evaluated once per turn
    while (!(held = pred()) && !kiosk_exited() && steady_now() < end) {
      io.run_for(std::chrono::milliseconds(5));
      if (io.stopped()) io.restart();
    }
    return held;
  };
  // The kiosk has initialised the validator and polls it.
  serve_until([&] { return sim->counters().polls >= 3; }, Millis{15000});
  before_unplug(*sim, serve_until);
  CHECK_FALSE(r.exited);
  cable.unplug();
  serve_until([] { return false; }, Millis{1200});  // a few failed re-opens
  r.polls_before_replug = sim->counters().polls;
  cable.plug();
  serve_until(kiosk_exited, Millis{30000});
  if (!r.exited) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &r.status, 0);
  }
  cable.unplug();
  r.polls_at_end = sim->counters().polls;
  r.stacked_kzt = sim->counters().stacked_value();
  r.log = slurp(err);
  std::istringstream lines(slurp(out));
  std::string last;
  for (std::string l; std::getline(lines, l);)
    if (!l.empty()) last = l;
  r.summary = nlohmann::json::parse(last, nullptr, false);
  fs::remove_all(dir);
  return r;
}

void check_reconnected(const KioskRun& r) {
  INFO("kiosk summary: " << (r.summary.is_discarded() ? "none" : r.summary.dump()));
  INFO("kiosk stderr: " << r.log.substr(r.log.size() > 4000 ? r.log.size() - 4000 : 0));
  REQUIRE(r.exited);
  CHECK(WIFEXITED(r.status));
  CHECK(WEXITSTATUS(r.status) == 0);
  CHECK(occurrences(r.log, "event=device.link device=validator what=lost") == 1);
  CHECK(occurrences(r.log, "what=retry_failed") >= 1);
  CHECK(occurrences(r.log, "event=device.link device=validator what=reconnected") == 1);
  CHECK(occurrences(r.log, "event=validator.event kind=link_lost") == 1);
  CHECK(occurrences(r.log, "event=validator.event kind=link_restored") == 1);
  CHECK(occurrences(r.log, "event=validator.event kind=ready") == 2);  // re-initialised
  CHECK(r.polls_at_end > r.polls_before_replug);                       // polled over the new pty
  REQUIRE_FALSE(r.summary.is_discarded());
  CHECK(r.summary.value("ok", false));  // every step, the last wait_ready included
}

}  // namespace

TEST_CASE("kiosk: the validator's tty is unplugged and replugged; the kiosk reconnects by itself") {
  // In service, then 5 s in which the cable is pulled and plugged back, then in service again.
  auto r = run_kiosk(R"({"name": "replug_tty", "steps": [
    {"wait_ready": true, "timeout_ms": 15000},
    {"wait_ms": 5000},
    {"wait_ready": true, "timeout_ms": 15000}]})",
                     [](CcnetDeviceSim&, const Serve&) {});
  if (r.skipped) return;
  check_reconnected(r);
  CHECK(r.summary.value("steps_run", 0) == 3);
}

TEST_CASE("kiosk: cable pulled after a note is credited: the session ends, the credit is bought") {
  auto r = run_kiosk(
      R"({"name": "replug_mid_session", "steps": [
    {"wait_ready": true, "timeout_ms": 15000},
    {"tap": "choose_language", "value": "ru"},
    {"tap": "choose_asset", "value": "BTC/bitcoin"},
    {"show_qr": {"asset": "BTC/bitcoin", "valid": true}},
    {"wait_screen": "insert_notes"},
    {"wait_credit": 5000, "timeout_ms": 15000},
    {"wait_screen": "done", "timeout_ms": 15000},
    {"tap": "finish"},
    {"wait_ready": true, "timeout_ms": 15000},
    {"wait_outbox_empty": true, "timeout_ms": 15000}]})",
      [](CcnetDeviceSim& sim, const Serve& serve) {
        // The customer feeds a note once the kiosk enables the validator.
        REQUIRE(serve([&] { return sim.enabled_mask().bits() != 0; }, Millis{15000}));
        REQUIRE(serve([&] { return sim.insert_note(kiosk::flows::Kzt{5000}); }, Millis{5000}));
        REQUIRE(serve([&] { return sim.counters().stacked_notes() == 1; }, Millis{5000}));
        serve([] { return false; }, Millis{600});  // the kiosk hears BILL STACKED
      });
  if (r.skipped) return;
  check_reconnected(r);
  CHECK(r.summary.value("fiat_in_kzt", 0) == 5000);
  CHECK(r.summary.value("purchases", 0) == 1);
  // The kiosk's own cash_conserved compares its in-process simulator, not in use here ("n/a",
  // with why): the device's count is checked instead. The note is in the cassette, bought once.
  CHECK(r.summary["invariants"]["cash_conserved"] == "n/a");
  CHECK(r.summary["not_checked"].contains("cash_conserved"));
  CHECK(r.stacked_kzt == 5000);
  CHECK(r.summary["invariants"].value("purchases_match_credits", false));
  CHECK(r.summary["invariants"].value("no_double_purchase", false));
}
