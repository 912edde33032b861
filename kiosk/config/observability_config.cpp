#include "kiosk/config/observability_config.hpp"

#include <filesystem>

namespace kiosk::app {

namespace {
constexpr std::size_t kMaxSocketPath = 107;  // sizeof(sockaddr_un::sun_path) - 1
}

void read_heartbeat_interval(JsonObjectReader& op, ObservabilityConfig& o) {
  o.heartbeat_interval_ms = static_cast<int>(
      op.integer("heartbeat_interval_ms", 1000, 3'600'000, o.heartbeat_interval_ms));
}

void read_ctl(JsonObjectReader& root, ObservabilityConfig& o) {
  if (!root.has("ctl")) return;
  JsonObjectReader c(root.raw("ctl"), "$.ctl", root.problems());
  o.ctl_socket_path = c.str("socket_path");
  if (o.ctl_socket_path.empty())
    c.problems().add(c.path("socket_path"), "must name a file (e.g. /run/kiosk/ctl.sock)");
  else if (o.ctl_socket_path.size() > kMaxSocketPath - 40)
    c.problems().add(c.path("socket_path"), "is too long for a Unix socket (at most 67 bytes)");
  else if (o.ctl_socket_path.back() == '/')
    c.problems().add(c.path("socket_path"), "must name a file, not a folder");
}

std::string resolve_ctl_socket(const ObservabilityConfig& o, const std::string& db_path) {
  if (o.ctl_socket_path.empty()) return "";
  std::filesystem::path p = o.ctl_socket_path;
  if (p.is_relative()) p = std::filesystem::path(db_path).parent_path() / p;
  return p.string();
}

}  // namespace kiosk::app
