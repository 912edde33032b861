#include "kiosk/runtime/sim_badge.hpp"

#include "kiosk/maintenance/badge_pin.hpp"
#include "kiosk/source_tree.hpp"
#include "offline_queue/technician_badge.hpp"

namespace kiosk::app {

std::expected<std::string, std::string> sim_badge_payload(const nlohmann::json& msg,
                                                          const std::string& kiosk_id,
                                                          std::int64_t now_s) {
  oq::TechnicianBadge b;
  b.technician = msg.value("technician", std::string("T-0042"));
  b.kiosks = {msg.value("kiosk", kiosk_id)};
  const nlohmann::json perms = msg.contains("permissions") && msg["permissions"].is_array()
                                   ? msg["permissions"]
                                   : nlohmann::json{"refill", "collect", "diagnostics", "config"};
  for (const auto& p : perms) {
    auto perm = p.is_string() ? oq::badge_permission_from(p.get<std::string>()) : std::nullopt;
    if (!perm) return std::unexpected("unknown permission " + p.dump());
    b.permissions.push_back(*perm);
  }
  const bool expired = msg.value("expired", false);
  b.issued_at = expired ? now_s - 13 * 3600 : now_s - 60;
  b.expires_at = expired ? now_s - 3600 : now_s + 12 * 3600;
  b.id = "sim-badge-" + b.technician + "-" + std::to_string(now_s);
  if (msg.contains("pin") && msg["pin"].is_string()) {
    // A fixed salt and the smallest cost the kiosk takes: a test badge, quick to check.
    auto h = hash_pin(msg["pin"].get<std::string>(), "sim-badge-salt-16", oq::kMinPinLog2N);
    if (!h) return std::unexpected(h.error());
    b.pin = *h;
  }
  auto key =
      msg.value("forged", false)
          ? oq::Ed25519PrivateKey::generate()
          : oq::Ed25519PrivateKey::from_pem_file(sim_config_dir() + "/sim-operator-command.key");
  if (!key) return std::unexpected("the test operator key: " + key.error());
  return oq::sign_badge(b, *key);
}

}  // namespace kiosk::app
