#include "kiosk/config/production_check.hpp"

#include "kiosk/config/key_files.hpp"
#include "kiosk/source_tree.hpp"
#include "offline_queue/endpoint_url.hpp"
#include "offline_queue/key_file.hpp"

namespace kiosk::app {

namespace {

constexpr std::uint64_t kEsspPresetKey = 0x0123456701234567ULL;
const char* kSimOnly = ": \"sim\" is for simulation only (kiosk run --sim)";

// "exchange.secret_file /etc/kiosk/x: holds a space" -> "$.exchange.secret_file: /etc/kiosk/x: ..."
std::string at(const std::string& key, const std::string& problem) {
  std::string p = problem;
  if (p.starts_with(key + " ")) p = p.substr(key.size() + 1);
  return "$." + key + ": " + p;
}

void check_exposure(std::vector<std::string>& out, const std::string& key,
                    const std::string& path) {
  if (auto e = oq::key_file_exposure(path)) out.push_back(at(key, *e));
}

void check_exchange(std::vector<std::string>& out, const KioskConfig& c) {
  if (c.exchange.url == "sim") {
    out.push_back(std::string("$.exchange.url") + kSimOnly);
  } else if (auto u = oq::parse_endpoint_url(c.exchange.url); !u) {
    out.push_back("$.exchange.url: " + u.error());
  } else if (!u->tls && !oq::is_loopback_host(u->host)) {
    out.push_back("$.exchange.url: plain http to " + u->host +
                  ", which is not this machine: use https://");
  }
  const std::string key = "exchange.secret_file";
  if (auto s = read_exchange_secret(c); !s)
    out.push_back(at(key, s.error()));
  else if (s->size() < kMinSecretBytes)
    out.push_back(at(key, "shorter than 32 bytes (" + std::to_string(s->size()) + ")"));
  check_exposure(out, key, config_relative(c, c.exchange.secret_file));
}

void check_compliance_keys(std::vector<std::string>& out, const KioskConfig& c) {
  const auto& cc = c.compliance;
  if (!cc.pseudonym_key_file.empty()) {
    if (auto k = read_pseudonym_key(c); !k)
      out.push_back(at("compliance.pseudonym_key_file", k.error()));
    check_exposure(out, "compliance.pseudonym_key_file", config_relative(c, cc.pseudonym_key_file));
  }
  if (!cc.seal_key_file.empty()) {
    if (auto k = read_seal_key(c); !k) out.push_back(at("compliance.seal_key_file", k.error()));
    check_exposure(out, "compliance.seal_key_file", config_relative(c, cc.seal_key_file));
  }
}

// The operator's command key: a PEM Ed25519 public key, and not the simulator's test key (whose
// private half is in the source tree: anyone could sign commands for the kiosk).
void check_command_key(std::vector<std::string>& out, const KioskConfig& c) {
  if (c.commands.public_key_file.empty()) return;  // commands are not polled
  const std::string key = "operator.command_public_key_file";
  auto k = read_command_public_key(c);
  if (!k) {
    out.push_back(at(key, k.error()));
    return;
  }
  auto sim = oq::Ed25519PublicKey::from_pem_file(sim_config_dir() + "/sim-operator-command.pub");
  if (sim && sim->pem() == k->pem())
    out.push_back("$." + key + ": the simulator's test key (its private half is public)");
}

}  // namespace

std::vector<std::string> production_problems(const KioskConfig& c) {
  std::vector<std::string> out;
  if (c.validator.transport.type == "sim")
    out.push_back(std::string("$.devices.validator.transport.type") + kSimOnly);
  if (c.validator.protocol == "ssp" && c.validator.essp_fixed_key == kEsspPresetKey)
    out.push_back(
        "$.devices.validator.essp_fixed_key: the eSSP preset key 0123456701234567; set the "
        "unit's own key");
  if (c.printer.transport.type == "sim")
    out.push_back(std::string("$.devices.printer.transport.type") + kSimOnly);
  if (c.dispenser && c.dispenser->transport.type == "sim")
    out.push_back(std::string("$.devices.dispenser.transport.type") + kSimOnly);
  if (c.camera.type == "sim") out.push_back(std::string("$.devices.camera.type") + kSimOnly);
  check_exchange(out, c);
  check_compliance_keys(out, c);
  check_command_key(out, c);
  return out;
}

}  // namespace kiosk::app
