// `kiosk simulate`: the whole cash-in kiosk on virtual time, driven by one seed (README.md in this
// folder). Customers, faults, crashes and the exchange's network are drawn from the seed; the
// invariants (invariants.hpp) are checked after every step; after the last customer the faults
// stop and a liveness phase checks that the outbox drains exactly once and the kiosk is back in
// service. Same seed, same commit: the same run, step for step, and the same journal hash.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/simulate/fault_kinds.hpp"

namespace kiosk::simulate {

struct SimOptions {
  std::uint64_t seed = 1;
  std::int64_t sessions = 100;
  bool faults = true;
  bool crashes = true;
  bool elide_polls = true;                // false: the validator is polled every 200 ms while awake
  std::optional<std::int64_t> replay_to;  // stop just before this step
  std::string db_dir;                     // where the run's SQLite file lives ("": a temp dir)
  // A deliberate bug for the checker's own test: "phantom_credit" journals a credit for a note
  // that never reached the cassette. Never set outside tests.
  std::string inject_bug;
};

struct SimResult {
  std::uint64_t seed = 0;
  std::int64_t sessions = 0;  // customers who came
  std::int64_t steps = 0;
  FaultCounts faults;
  std::int64_t crashes = 0;
  std::vector<std::string> violations;  // "step N (t=...): what"
  std::string journal_hash;             // hash of the last journal row
  double wall_s = 0;
  nlohmann::json details;  // purchases, virtual days, outbox counts, what is not covered
  std::optional<std::int64_t> stopped_at;  // --replay-to

  nlohmann::json to_json() const;
};

SimResult run_simulation(const app::KioskConfig& config, const SimOptions& options);

}  // namespace kiosk::simulate
