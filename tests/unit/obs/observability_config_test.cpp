#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "kiosk/config/kiosk_config.hpp"

using namespace kiosk::app;
using nlohmann::json;

namespace {
json sim_json() {
  std::ifstream in(default_sim_config_path());
  return json::parse(in);
}
bool mentions(const ConfigError& e, const std::string& text) {
  return std::any_of(e.problems.begin(), e.problems.end(),
                     [&](const std::string& p) { return p.find(text) != std::string::npos; });
}
}  // namespace

TEST_CASE("the sim and city configs name a heartbeat interval and a ctl socket") {
  auto sim = load_config_file(default_sim_config_path());
  REQUIRE(sim);
  CHECK(sim->observability.heartbeat_interval_ms == 2000);
  CHECK(resolve_ctl_socket(sim->observability, "var/kiosk.db") == "var/kiosk-ctl.sock");
  CHECK(resolve_ctl_socket(sim->observability, "/tmp/x/k.db") == "/tmp/x/kiosk-ctl.sock");
  const auto dir = std::filesystem::path(default_sim_config_path()).parent_path();
  for (const char* city : {"astana.json", "almaty.json"}) {
    auto c = load_config_file((dir / city).string());
    REQUIRE_MESSAGE(c, city);
    CHECK(c->observability.heartbeat_interval_ms == 60000);
    CHECK(resolve_ctl_socket(c->observability, c->db_path) == "/run/kiosk/ctl.sock");
  }
}

TEST_CASE("bad observability keys are refused with their path; absent ones take defaults") {
  json j = sim_json();
  j["operator"]["heartbeat_interval_ms"] = 10;
  j["ctl"]["socket_path"] = "";
  auto c = load_config_text(j.dump(), "t.json");
  REQUIRE_FALSE(c);
  CHECK(mentions(c.error(), "$.operator.heartbeat_interval_ms"));
  CHECK(mentions(c.error(), "$.ctl.socket_path"));

  j = sim_json();
  j["ctl"]["socket_path"] = "/run/" + std::string(100, 'k') + "/ctl.sock";
  j["ctl"]["mode"] = "0777";
  c = load_config_text(j.dump(), "t.json");
  REQUIRE_FALSE(c);
  CHECK(mentions(c.error(), "too long"));
  CHECK(mentions(c.error(), "$.ctl.mode"));

  j = sim_json();
  j["operator"].erase("heartbeat_interval_ms");
  j.erase("ctl");
  c = load_config_text(j.dump(), "t.json");
  REQUIRE(c);
  CHECK(c->observability.heartbeat_interval_ms == 60000);
  CHECK(resolve_ctl_socket(c->observability, "var/kiosk.db").empty());
}
