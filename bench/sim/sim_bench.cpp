// bench-sim: simulated sessions per second of the whole-kiosk simulation (kiosk/simulate/) with
// every fault kind on, and steps per second; beside two baselines measured in the same run: the
// same seeds with no faults and no crashes (the cost of the customers, flows, drivers and store
// alone), and half the seeds with faults but every validator poll simulated (--full-polling).
// Wall-clock and process-CPU rates are both printed: on a shared machine the CPU rate is the
// one-core figure. Last line: one JSON object.
//
//   bench-sim [--seeds K] [--sessions M]     (default 4 seeds x 500 sessions)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/simulate/simulation.hpp"

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Figures {
  std::int64_t sessions = 0, steps = 0, crashes = 0, violations = 0, faults = 0;
  double wall_s = 0, cpu_s = 0;
  nlohmann::json to_json() const {
    return {{"sessions", sessions},
            {"steps", steps},
            {"crashes", crashes},
            {"faults", faults},
            {"violations", violations},
            {"wall_s", wall_s},
            {"cpu_s", cpu_s},
            {"sessions_per_s", sessions / wall_s},
            {"steps_per_s", steps / wall_s},
            {"sessions_per_cpu_s", sessions / cpu_s},
            {"steps_per_cpu_s", steps / cpu_s}};
  }
};

Figures measure(const kiosk::app::KioskConfig& c, int seeds, std::int64_t sessions, bool faults,
                nlohmann::json* fault_kinds, bool elide_polls = true) {
  Figures f;
  kiosk::simulate::FaultCounts all;
  const double cpu0 = cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  for (int k = 0; k < seeds; ++k) {
    kiosk::simulate::SimOptions o;
    o.seed = 5000 + static_cast<std::uint64_t>(k);
    o.sessions = sessions;
    o.faults = faults;
    o.crashes = faults;
    o.elide_polls = elide_polls;
    auto r = kiosk::simulate::run_simulation(c, o);
    f.sessions += r.sessions;
    f.steps += r.steps;
    f.crashes += r.crashes;
    f.violations += static_cast<std::int64_t>(r.violations.size());
    all.merge(r.faults);
  }
  f.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  f.cpu_s = cpu_seconds() - cpu0;
  const nlohmann::json kinds = all.to_json();
  for (auto it = kinds.begin(); it != kinds.end(); ++it) f.faults += it->get<std::int64_t>();
  if (fault_kinds) *fault_kinds = kinds;
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  int seeds = 4;
  std::int64_t sessions = 500;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--seeds") seeds = std::atoi(argv[i + 1]);
    if (a == "--sessions") sessions = std::atoll(argv[i + 1]);
  }
  auto config = kiosk::app::load_config_file(kiosk::app::default_sim_config_path());
  if (!config) {
    std::fprintf(stderr, "bench-sim: the sim config does not load\n");
    return 1;
  }
  nlohmann::json kinds;
  const Figures faulty = measure(*config, seeds, sessions, true, &kinds);
  const Figures calm = measure(*config, seeds, sessions, false, nullptr);
  const Figures polled = measure(*config, std::max(1, seeds / 2), sessions, true, nullptr, false);
  std::printf("with faults: %lld sessions, %.0f sessions/s (%.0f per CPU-s), %.0f steps/s\n",
              static_cast<long long>(faulty.sessions), faulty.sessions / faulty.wall_s,
              faulty.sessions / faulty.cpu_s, faulty.steps / faulty.wall_s);
  std::printf("baseline (no faults): %.0f sessions/s (%.0f per CPU-s), %.0f steps/s\n",
              calm.sessions / calm.wall_s, calm.sessions / calm.cpu_s, calm.steps / calm.wall_s);
  std::printf(
      "every poll simulated (--full-polling), with faults: %.0f sessions/s (%.0f per "
      "CPU-s), %.0f steps/s\n",
      polled.sessions / polled.wall_s, polled.sessions / polled.cpu_s,
      polled.steps / polled.wall_s);
  nlohmann::json out{{"bench", "sim"},
                     {"seeds", seeds},
                     {"sessions_per_seed", sessions},
                     {"with_faults", faulty.to_json()},
                     {"fault_kinds", kinds},
                     {"baseline_no_faults", calm.to_json()},
                     {"baseline_full_polling_with_faults", polled.to_json()},
                     {"goals",
                      {{"sessions_per_cpu_s_ge_1000", faulty.sessions / faulty.cpu_s >= 1000},
                       {"zero_violations", faulty.violations == 0 && calm.violations == 0}}}};
  std::printf("%s\n", out.dump().c_str());
  return faulty.violations == 0 && calm.violations == 0 ? 0 : 1;
}
