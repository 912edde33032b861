// A kiosk configured with "protocol": "id003" loads, builds the ID003 driver, and in --sim mode
// gets the ID003 simulator behind its validator link.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/runtime/runtime_parts.hpp"
#include "kiosk/runtime/sim_validator.hpp"
#include "kiosk/source_tree.hpp"
#include "virtual_bench.hpp"

using namespace id003_test;
using kiosk::flows::Kzt;

namespace {

std::string sim_config_with_protocol(const std::string& protocol) {
  std::ifstream in(kiosk::app::source_tree() + "/config/sim.json");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const std::string from = "\"protocol\": \"ccnet\"";
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), "\"protocol\": \"" + protocol + "\"");
  return text;
}

}  // namespace

TEST_CASE("config: the validator protocol may be id003; an unknown one is refused") {
  auto c = kiosk::app::load_config_text(sim_config_with_protocol("id003"), "test.json");
  REQUIRE(c);
  CHECK(c->validator.protocol == "id003");
  CHECK(kiosk::app::make_validator_driver(c->validator)->protocol() == "id003");
  auto bad = kiosk::app::load_config_text(sim_config_with_protocol("jcm"), "test.json");
  REQUIRE_FALSE(bad);
  bool named = false;
  for (const auto& p : bad.error().problems)
    named = named || p.find("$.devices.validator.protocol") != std::string::npos;
  CHECK(named);
}

TEST_CASE("--sim: the ID003 simulator answers the ID003 driver through the sim world's adapter") {
  auto sim = kiosk::app::make_sim_validator("id003");
  kiosk::app::DeviceConfig cfg;
  cfg.protocol = "id003";
  auto driver = kiosk::app::make_validator_driver(cfg);
  Instant now{0};
  std::vector<ValidatorEvent> events;
  auto apply = [&](ValidatorStep s) {
    events.insert(events.end(), s.events.begin(), s.events.end());
    if (!s.tx.empty()) {
      auto answer = sim->on_host_bytes(s.tx, now);
      if (!answer.empty()) {
        auto s2 = driver->on_bytes(answer, now);
        events.insert(events.end(), s2.events.begin(), s2.events.end());
        if (!s2.tx.empty()) (void)sim->on_host_bytes(s2.tx, now);
      }
    }
  };
  auto saw = [&](Kind k) {
    return std::any_of(events.begin(), events.end(), [k](auto& e) { return e.kind == k; });
  };
  for (int i = 0; i < 2000 && !saw(Kind::Ready); ++i) {
    now += Millis{10};
    apply(driver->on_tick(now));
  }
  REQUIRE(saw(Kind::Ready));
  CHECK(sim->state_name() != "power_up");
  CHECK(sim->counters().stacked_value() == 0);
}
