// `kiosk simulate`: the deterministic whole-kiosk simulation (kiosk/simulate/README.md).
//
//   kiosk simulate [--seed N] [--sessions M] [--seeds K] [--no-faults] [--no-crashes]
//                  [--replay-to STEP] [--config FILE]
//
// Prints one JSON object per seed; with --seeds K (seeds N .. N+K-1) a totals object follows as
// the last line. Exit 1 when an invariant broke, 2 on bad arguments or config.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "kiosk/commands.hpp"
#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/simulate/simulation.hpp"

namespace kiosk::app {

namespace {
int usage() {
  std::fprintf(stderr,
               "usage: kiosk simulate [--seed N] [--sessions M] [--seeds K] [--no-faults] "
               "[--no-crashes] [--full-polling] [--replay-to STEP] [--config FILE]\n");
  return 2;
}
}  // namespace

int cmd_simulate(int argc, char** argv) {
  simulate::SimOptions o;
  std::int64_t seeds = 1;
  std::string config_path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--no-faults") {
      o.faults = false;
    } else if (a == "--no-crashes") {
      o.crashes = false;
    } else if (a == "--full-polling") {
      o.elide_polls = false;
    } else if (a == "--seed" || a == "--sessions" || a == "--seeds" || a == "--replay-to" ||
               a == "--config" || a == "--inject-bug") {
      const char* v = value();
      if (!v) return usage();
      if (a == "--seed") o.seed = std::strtoull(v, nullptr, 10);
      if (a == "--sessions") o.sessions = std::atoll(v);
      if (a == "--seeds") seeds = std::atoll(v);
      if (a == "--replay-to") o.replay_to = std::atoll(v);
      if (a == "--config") config_path = v;
      if (a == "--inject-bug") o.inject_bug = v;  // for the checker's own tests
    } else {
      return usage();
    }
  }
  if (seeds < 1 || o.sessions < 1) return usage();
  if (config_path.empty()) config_path = default_sim_config_path();
  auto config = load_config_file(config_path);
  if (!config) {
    std::fprintf(stderr, "kiosk simulate: %s is not a usable config:\n", config_path.c_str());
    for (const auto& p : config.error().problems) std::fprintf(stderr, "  %s\n", p.c_str());
    return 2;
  }
  bool broken = false;
  simulate::FaultCounts faults;
  std::int64_t sessions = 0, steps = 0, crashes = 0, violations = 0;
  double wall = 0;
  const std::uint64_t first = o.seed;
  for (std::int64_t k = 0; k < seeds; ++k) {
    o.seed = first + static_cast<std::uint64_t>(k);
    auto r = simulate::run_simulation(*config, o);
    std::printf("%s\n", r.to_json().dump().c_str());
    std::fflush(stdout);
    broken |= !r.violations.empty();
    faults.merge(r.faults);
    sessions += r.sessions;
    steps += r.steps;
    crashes += r.crashes;
    violations += static_cast<std::int64_t>(r.violations.size());
    wall += r.wall_s;
  }
  if (seeds > 1) {
    nlohmann::json t{{"seeds", seeds},
                     {"first_seed", first},
                     {"sessions", sessions},
                     {"steps", steps},
                     {"faults", faults.to_json()},
                     {"crashes", crashes},
                     {"violations", violations},
                     {"sessions_per_s", wall > 0 ? static_cast<double>(sessions) / wall : 0.0},
                     {"steps_per_s", wall > 0 ? static_cast<double>(steps) / wall : 0.0},
                     {"wall_s", wall}};
    std::printf("%s\n", t.dump().c_str());
  }
  return broken ? 1 : 0;
}

}  // namespace kiosk::app
