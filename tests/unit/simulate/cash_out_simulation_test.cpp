// Cash-out and redeem in the whole-kiosk simulation (kiosk/simulate/): the real station, shell
// and LCDM driver pay customers out, codes come back to be redeemed, and the cash-out checker's
// failure path is itself tested.
#include <doctest/doctest.h>

#include "kiosk/simulate/simulation.hpp"
#include "tests/unit/simulate/sim_test_support.hpp"

using kiosk::simulate::run_simulation;
using kiosk::simulate::SimOptions;

namespace {
using kiosk::simulate::test::options;
using kiosk::simulate::test::sim_config;
int detail(const kiosk::simulate::SimResult& r, const char* key) { return r.details.value(key, 0); }
}  // namespace

TEST_CASE("without faults sellers are paid out and codes taken home are redeemed later") {
  auto o = options(21, 150);
  o.faults = false;
  auto r = run_simulation(sim_config(), o);
  CHECK(r.violations.empty());
  CHECK(detail(r, "sell_sessions") > 0);
  CHECK(detail(r, "payouts") > 0);
  CHECK(detail(r, "paid_out_kzt") > 0);
  CHECK(detail(r, "redeem_codes_issued") > 0);
  CHECK(detail(r, "redeem_sessions") > 0);
  CHECK(detail(r, "redeem_payouts") > 0);
  CHECK(detail(r, "payouts_unknown") == 0);
  CHECK(detail(r, "dispenser_notes_delivered") > 0);
}

TEST_CASE("with faults every dispenser fault kind is drawn and the money still balances") {
  auto r = run_simulation(sim_config(), options(22, 300));
  CHECK(r.violations.empty());
  const nlohmann::json f = r.faults.to_json();
  CHECK(f["crash"].get<int>() > 0);
  int dispenser_faults = 0;
  for (auto it = f.begin(); it != f.end(); ++it)
    if (it.key().starts_with("dispenser_")) dispenser_faults += it->get<int>();
  CHECK(dispenser_faults > 0);
  CHECK(detail(r, "payouts") > 0);
}

TEST_CASE("the checker fails a run that pays an order twice, naming the seed and the step") {
  auto o = options(21, 150);
  o.faults = false;
  o.inject_bug = "double_dispense";
  auto r = run_simulation(sim_config(), o);
  REQUIRE(r.violations.size() >= 1);
  CHECK(r.violations[0].find("seed 21 step ") == 0);
  bool named = false;
  for (const auto& v : r.violations) named |= v.find("no_double_dispense") != std::string::npos;
  CHECK(named);
}
