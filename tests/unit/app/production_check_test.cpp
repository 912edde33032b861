// `kiosk run --config` (no --sim) refuses what only a simulation may use; `kiosk check-config`
// names each problem with its JSON path.
#include "kiosk/config/production_check.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "kiosk/source_tree.hpp"
#include "offline_queue/ed25519.hpp"

using namespace kiosk::app;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Kiosk {
  fs::path dir = fs::temp_directory_path() / ("kiosk-prod-" + std::to_string(::getpid()));
  json j;
  Kiosk() {
    fs::create_directories(dir);
    key("secret", std::string(40, 's'));
    key("pseudonym", std::string(64, 'p'));
    key("seal", std::string(64, 'a'));
    std::ifstream in(default_sim_config_path());
    j = json::parse(in);
    auto tty = [](const char* path) { return json{{"type", "tty"}, {"path", path}}; };
    j["devices"]["validator"]["transport"] = tty("/dev/kiosk/validator");
    j["devices"]["printer"]["transport"] = tty("/dev/kiosk/printer");
    j["devices"]["dispenser"]["transport"] = tty("/dev/kiosk/dispenser");
    j["devices"]["camera"] = {{"type", "v4l2"}, {"device", "/dev/kiosk/camera"}};
    j["exchange"]["url"] = "https://exchange.example.kz";
    j["exchange"]["secret_file"] = "secret";
    j["compliance"]["pseudonym_key_file"] = "pseudonym";
    j["compliance"]["seal_key_file"] = "seal";
    // The operator's command key: this kiosk's own, not the simulator's test key.
    auto op = kiosk::oq::Ed25519PrivateKey::generate();
    REQUIRE(op);
    std::ofstream(dir / "operator.pub") << op->public_pem();
    j["operator"]["command_public_key_file"] = "operator.pub";
  }
  ~Kiosk() { fs::remove_all(dir); }
  void key(const std::string& name, const std::string& text, mode_t mode = 0640) {
    std::ofstream(dir / name, std::ios::binary) << text << "\n";
    ::chmod((dir / name).c_str(), mode);
  }
  std::vector<std::string> problems() {
    auto c = load_config_text(j.dump(), (dir / "kiosk.json").string());
    REQUIRE_MESSAGE(c, (c ? "" : c.error().problems.front()));
    return production_problems(*c);
  }
};

bool names(const std::vector<std::string>& ps, const std::string& text) {
  return std::any_of(ps.begin(), ps.end(),
                     [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("a real kiosk's config has no production problem") {
  Kiosk k;
  CHECK(k.problems().empty());
  k.j["exchange"]["url"] = "http://127.0.0.1:9000";  // plain HTTP to this machine is fine
  CHECK(k.problems().empty());
}

TEST_CASE("the sim config is refused for a real kiosk, naming every simulated part") {
  auto c = load_config_file(default_sim_config_path());
  REQUIRE(c);
  auto ps = production_problems(*c);
  CHECK(names(ps, "$.devices.validator.transport.type: \"sim\" is for simulation only"));
  CHECK(names(ps, "$.devices.printer.transport.type: \"sim\""));
  CHECK(names(ps, "$.devices.dispenser.transport.type: \"sim\""));
  CHECK(names(ps, "$.devices.camera.type: \"sim\""));
  CHECK(names(ps, "$.exchange.url: \"sim\""));
}

TEST_CASE("key files others may read are refused") {
  Kiosk k;
  k.key("secret", std::string(40, 's'), 0644);
  k.key("seal", std::string(64, 'a'), 0604);
  auto ps = k.problems();
  CHECK(names(ps, "$.exchange.secret_file: "));
  CHECK(names(ps, "readable by others (mode 0644)"));
  CHECK(names(ps, "$.compliance.seal_key_file: "));
  CHECK(ps.size() == 2);
}

TEST_CASE("a secret shorter than 32 bytes and a key file that does not read are refused") {
  Kiosk k;
  k.key("secret", std::string(31, 's'));
  k.key("pseudonym", std::string(64, 'p') + " ");
  auto ps = k.problems();
  CHECK(names(ps, "$.exchange.secret_file: shorter than 32 bytes (31)"));
  CHECK(names(ps, "$.compliance.pseudonym_key_file: "));
  CHECK(names(ps, "a space"));
}

TEST_CASE("plain HTTP to another machine and the eSSP preset key are refused") {
  Kiosk k;
  k.j["exchange"]["url"] = "http://exchange.example.kz";
  k.j["devices"]["validator"]["protocol"] = "ssp";
  k.j["devices"]["validator"]["transport"]["stop_bits"] = 2;
  auto ps = k.problems();
  CHECK(names(ps, "$.exchange.url: plain http to exchange.example.kz"));
  CHECK(names(ps, "$.devices.validator.essp_fixed_key: the eSSP preset key"));
  k.j["devices"]["validator"]["essp_fixed_key"] = "1122334455667788";
  CHECK_FALSE(names(k.problems(), "essp_fixed_key"));
}

TEST_CASE("the operator's command key must read as Ed25519 and not be the simulator's test key") {
  Kiosk k;
  k.key("operator.pub", "not a key");
  CHECK(names(k.problems(), "$.operator.command_public_key_file: "));
  std::ifstream sim(sim_config_dir() + "/sim-operator-command.pub");
  std::string pem((std::istreambuf_iterator<char>(sim)), {});
  std::ofstream(k.dir / "operator.pub") << pem;
  CHECK(names(k.problems(), "the simulator's test key"));
}
