#include "ui/route.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace kiosk::ui {
namespace {

constexpr std::size_t kMaxTargetLength = 512;

bool segment_char_ok(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

bool is_console_file(std::string_view file) {
  return file == "sim.html" || file == "sim.js" || file == "sim.css";
}

std::string_view extension_of(std::string_view file) {
  const auto slash = file.rfind('/');
  const auto dot = file.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  return file.substr(dot + 1);
}

// "127.0.0.1:8080" -> "127.0.0.1"; "[::1]:80" -> "[::1]"; rejects a non-numeric port.
std::expected<std::string_view, bool> strip_port(std::string_view hostport) {
  std::size_t colon = std::string_view::npos;
  if (!hostport.empty() && hostport.front() == '[') {
    const auto close = hostport.find(']');
    if (close == std::string_view::npos) return std::unexpected(false);
    if (close + 1 < hostport.size()) {
      if (hostport[close + 1] != ':') return std::unexpected(false);
      colon = close + 1;
    }
  } else {
    colon = hostport.find(':');
  }
  if (colon == std::string_view::npos) return hostport;
  const auto port = hostport.substr(colon + 1);
  if (port.empty() || port.size() > 5) return std::unexpected(false);
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::unexpected(false);
  }
  return hostport.substr(0, colon);
}

}  // namespace

std::expected<Route, RouteRefusal> route_target(std::string_view target, bool sim_console) {
  if (target.size() > kMaxTargetLength) return std::unexpected(RouteRefusal{400, "too_long"});
  if (const auto cut = target.find_first_of("?#"); cut != std::string_view::npos) {
    target = target.substr(0, cut);
  }
  if (target.empty() || target.front() != '/') {
    return std::unexpected(RouteRefusal{400, "not_origin_form"});
  }
  if (target == "/healthz") return Route{Route::Kind::Health, {}};
  if (target == "/metrics") return Route{Route::Kind::Metrics, {}};
  if (target == "/ws") return Route{Route::Kind::CustomerSocket, {}};
  if (target == "/ws/sim") {
    if (!sim_console) return std::unexpected(RouteRefusal{404, "console_off"});
    return Route{Route::Kind::SimSocket, {}};
  }
  if (target == "/") return Route{Route::Kind::StaticFile, "index.html"};
  if (target == "/sim") {
    if (!sim_console) return std::unexpected(RouteRefusal{404, "console_off"});
    return Route{Route::Kind::StaticFile, "sim.html"};
  }

  const std::string_view path = target.substr(1);
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const auto segment = path.substr(start, end - start);
    if (segment.empty()) return std::unexpected(RouteRefusal{404, "empty_segment"});
    if (segment.front() == '.' || segment.find("..") != std::string_view::npos) {
      return std::unexpected(RouteRefusal{404, "traversal"});
    }
    if (!std::all_of(segment.begin(), segment.end(), segment_char_ok)) {
      return std::unexpected(RouteRefusal{404, "bad_char"});
    }
    start = end + 1;
  }
  if (!sim_console && is_console_file(path)) {
    return std::unexpected(RouteRefusal{404, "console_off"});
  }
  return Route{Route::Kind::StaticFile, std::string(path)};
}

std::string_view content_type_for(std::string_view file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTypes{{
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"txt", "text/plain; charset=utf-8"},
      {"webmanifest", "application/manifest+json"},
  }};
  const auto ext = extension_of(file);
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

bool is_loopback_host(std::string_view host) {
  const auto name = strip_port(host);
  if (!name) return false;
  return *name == "127.0.0.1" || *name == "localhost" || *name == "[::1]";
}

bool is_allowed_origin(std::string_view origin, std::string_view host) {
  constexpr std::string_view kHttp = "http://";
  if (!origin.starts_with(kHttp) || !is_loopback_host(host)) return false;
  return origin.substr(kHttp.size()) == host;
}

}  // namespace kiosk::ui
