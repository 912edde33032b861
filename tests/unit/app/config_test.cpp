#include <doctest/doctest.h>

#include <algorithm>
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

TEST_CASE("the embedded sim config loads") {
  auto c = load_config_file(default_sim_config_path());
  REQUIRE_MESSAGE(c, (c ? "" : c.error().problems.front()));
  CHECK(c->kiosk_id == "sim-ast-001");
  CHECK(c->cash_in.denominations.size() == 6);
  CHECK(c->cash_in.fee_bps == 300);
  CHECK(c->validator.protocol == "ccnet");
  CHECK(c->validator.transport.type == "sim");
  CHECK(c->exchange.url == "sim");
  CHECK(c->cash_in.timeouts.insert_notes == std::chrono::seconds(90));
}

TEST_CASE("unknown keys are errors with their JSON path") {
  json j = sim_json();
  j["devices"]["validator"]["transport"]["baudrate"] = 9600;
  j["colour"] = "red";
  auto c = load_config_text(j.dump(), "t.json");
  REQUIRE_FALSE(c);
  CHECK(mentions(c.error(), "$.devices.validator.transport.baudrate: unknown key"));
  CHECK(mentions(c.error(), "$.colour: unknown key"));
}

TEST_CASE("every problem is reported at once, naming the key and the problem") {
  json j = sim_json();
  j.erase("kiosk_id");
  j["fees"]["cash_in_bps"] = -5;
  j["devices"]["validator"]["protocol"] = "mdb";
  j["devices"]["printer"]["transport"] = {{"type", "usb"}};
  j["languages"] = {"kk", "de"};
  j.erase("operator");
  auto c = load_config_text(j.dump(), "t.json");
  REQUIRE_FALSE(c);
  CHECK(mentions(c.error(), "$.kiosk_id: is required"));
  CHECK(mentions(c.error(), "$.fees.cash_in_bps: must be between 0 and 5000"));
  CHECK(mentions(c.error(), "$.devices.validator.protocol: must be one of: ccnet"));
  CHECK(mentions(c.error(), "$.devices.printer.transport.usb: is required"));
  CHECK(mentions(c.error(), "unknown language \"de\""));
  CHECK(mentions(c.error(), "$.operator: is required (an object)"));
  CHECK(c.error().problems.size() >= 5);
}

TEST_CASE("wrong types and broken JSON are refused clearly") {
  json j = sim_json();
  j["limits"]["max_tx_kzt"] = "500000";
  auto c = load_config_text(j.dump(), "t.json");
  REQUIRE_FALSE(c);
  CHECK(mentions(c.error(), "$.limits.max_tx_kzt: must be a whole number"));

  auto broken = load_config_text("{\"kiosk_id\": ", "broken.json");
  REQUIRE_FALSE(broken);
  CHECK(mentions(broken.error(), "broken.json: not valid JSON"));
  CHECK_FALSE(load_config_file("/nonexistent/kiosk.json"));
}

TEST_CASE("a usb transport takes a VID:PID in hex") {
  json j = sim_json();
  j["devices"]["validator"]["transport"] = {{"type", "usb"},
                                            {"usb", {{"vid", "0403"}, {"pid", "6001"}}}};
  auto c = load_config_text(j.dump(), "t.json");
  REQUIRE(c);
  REQUIRE(c->validator.transport.usb);
  CHECK(c->validator.transport.usb->vid == 0x0403);
  CHECK(c->validator.transport.usb->pid == 0x6001);
  j["devices"]["validator"]["transport"]["usb"]["pid"] = "60x1";
  auto bad = load_config_text(j.dump(), "t.json");
  REQUIRE_FALSE(bad);
  CHECK(mentions(bad.error(), "$.devices.validator.transport.usb.pid: must be 4 hex digits"));
}

TEST_CASE("a usb transport in the flat form names its bridge") {
  json j = sim_json();
  j["devices"]["validator"]["transport"] = {
      {"type", "usb"}, {"bridge", "ch340"}, {"vid", "1a86"}, {"pid", "7523"}, {"serial", "X1"}};
  auto c = load_config_text(j.dump(), "t.json");
  REQUIRE(c);
  REQUIRE(c->validator.transport.usb);
  CHECK(c->validator.transport.bridge == "ch340");
  CHECK(c->validator.transport.usb->vid == 0x1A86);
  CHECK(c->validator.transport.usb->serial == "X1");
  j["devices"]["printer"]["transport"] = {{"type", "usb"}, {"vid", "04b8"}, {"pid", "0e15"}};
  auto printer = load_config_text(j.dump(), "t.json");
  REQUIRE(printer);
  CHECK(printer->printer.transport.bridge == "printer");  // the default for a USB printer
  j["devices"]["validator"]["transport"]["bridge"] = "cp2102";
  auto bad = load_config_text(j.dump(), "t.json");
  REQUIRE_FALSE(bad);
  CHECK(mentions(bad.error(), "$.devices.validator.transport.bridge: must be"));
}

TEST_CASE("the compliance section turns identification on with the Kazakhstan defaults") {
  auto c = load_config_file(default_sim_config_path());
  REQUIRE(c);
  REQUIRE(c->cash_in.kyc.has_value());
  const auto& rules = c->cash_in.kyc->rules;
  CHECK_FALSE(rules.anonymous_allowed);
  CHECK(rules.selfie_above == kiosk::flows::Kzt{200'000});
  CHECK(rules.retail_monthly_cap == kiosk::flows::Kzt{513'000});
  CHECK(c->compliance.utc_offset_minutes == 300);

  json j = sim_json();
  j.erase("compliance");
  auto off = load_config_text(j.dump(), "t.json");
  REQUIRE(off);
  CHECK_FALSE(off->cash_in.kyc.has_value());  // absent section: nobody is identified

  j = sim_json();
  j["compliance"]["anonymous_max_tx_kzt"] = 30000;
  auto anon = load_config_text(j.dump(), "t.json");
  REQUIRE(anon);
  CHECK(anon->cash_in.kyc->rules.anonymous_allowed);
}

TEST_CASE("a compliance section without its keys or with crossed limits is refused") {
  json j = sim_json();
  j["compliance"].erase("seal_key_file");
  j["compliance"]["selfie_above_kzt"] = 2'000'000;
  j["compliance"]["daily_limit_kzt"] = 9'000'000;
  j["compliance"]["ocr"] = true;
  auto c = load_config_text(j.dump(), "t.json");
  REQUIRE_FALSE(c);
  CHECK(mentions(c.error(), "$.compliance.seal_key_file: required"));
  CHECK(mentions(c.error(), "$.compliance.selfie_above_kzt: must not exceed review_above_kzt"));
  CHECK(mentions(c.error(), "$.compliance.daily_limit_kzt: must not exceed monthly_limit_kzt"));
  CHECK(mentions(c.error(), "$.compliance.ocr: unknown key"));
}

// Issue 18: the operator's contact and the kiosks nearby, shown to customers, are validated.
TEST_CASE("the customer's help contact: a phone number and at most five places nearby") {
  auto ok = load_config_text(sim_json().dump(), "t.json");
  REQUIRE(ok);
  CHECK(ok->support.phone == "+7 717 000 00 00");
  CHECK(ok->support.nearby_kiosks.size() == 2);

  json j = sim_json();
  j["operator"]["support_phone"] = "call us!";
  j["operator"]["nearby_kiosks"] = json::array({"a", "b", "c", "d", "e", "f"});
  auto c = load_config_text(j.dump(), "t.json");
  REQUIRE_FALSE(c);
  CHECK(mentions(c.error(), "$.operator.support_phone: must be a phone number"));
  CHECK(mentions(c.error(), "$.operator.nearby_kiosks: at most 5 places"));

  j = sim_json();
  j["operator"].erase("support_phone");
  j["operator"].erase("nearby_kiosks");
  auto none = load_config_text(j.dump(), "t.json");
  REQUIRE(none);  // optional: the screens then say to ask the staff
  CHECK(none->support.phone.empty());
}
