// The whole-kiosk simulation (kiosk/simulate/): a run is a pure function of its seed, the
// checker can fail, and --replay-to stops where it is told.
#include "kiosk/simulate/simulation.hpp"

#include <doctest/doctest.h>

#include "tests/unit/simulate/sim_test_support.hpp"

using kiosk::simulate::run_simulation;
using kiosk::simulate::SimOptions;

namespace {
using kiosk::simulate::test::options;
using kiosk::simulate::test::sim_config;
}  // namespace

TEST_CASE("the same seed replays the same run: same steps, same journal hash") {
  auto a = run_simulation(sim_config(), options(7, 60));
  auto b = run_simulation(sim_config(), options(7, 60));
  CHECK(a.violations.empty());
  CHECK(a.sessions == 60);
  CHECK_FALSE(a.journal_hash.empty());
  CHECK(a.journal_hash == b.journal_hash);
  CHECK(a.steps == b.steps);
  CHECK(a.faults.to_json() == b.faults.to_json());
  CHECK(a.details == b.details);
}

TEST_CASE("a different seed gives a different run") {
  auto a = run_simulation(sim_config(), options(7, 60));
  auto c = run_simulation(sim_config(), options(8, 60));
  CHECK(c.violations.empty());
  CHECK(a.journal_hash != c.journal_hash);
}

TEST_CASE("the checker fails a run with a phantom credit, naming the seed and the step") {
  auto o = options(3, 60);
  o.inject_bug = "phantom_credit";
  auto r = run_simulation(sim_config(), o);
  REQUIRE(r.violations.size() >= 1);
  CHECK(r.violations[0].find("no_phantom_credit") != std::string::npos);
  CHECK(r.violations[0].find("seed 3 step ") == 0);
  CHECK(r.to_json()["violations"].size() == r.violations.size());
}

TEST_CASE("--replay-to stops just before the step, after the same steps as the full run") {
  auto full = run_simulation(sim_config(), options(11, 20));
  REQUIRE(full.steps > 1000);
  auto o = options(11, 20);
  o.replay_to = 1000;
  auto r = run_simulation(sim_config(), o);
  REQUIRE(r.stopped_at.has_value());
  CHECK(*r.stopped_at == 1000);
  CHECK(r.steps == 999);
  CHECK(r.violations.empty());
}

TEST_CASE("without faults nothing is injected and every customer is served without a crash") {
  auto o = options(5, 40);
  o.faults = false;
  auto r = run_simulation(sim_config(), o);
  CHECK(r.violations.empty());
  CHECK(r.crashes == 0);
  const nlohmann::json faults = r.faults.to_json();
  for (auto it = faults.begin(); it != faults.end(); ++it) CHECK_MESSAGE(*it == 0, it.key());
  CHECK(r.details["purchases"].get<int>() > 0);
  CHECK(r.details["recovered_purchases"].get<int>() == 0);
}
