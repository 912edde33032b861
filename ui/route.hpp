// Maps an HTTP request target to what the UI server serves. Pure: no file system access.
//
// Static names are deliberately narrow: every path segment is [A-Za-z0-9_-] plus dots, must not
// start with a dot (so "..", "." and hidden files are refused) nor hold "..", and nothing else is
// allowed: a '%'
// (any percent-encoding, so "%2e%2e" too), a backslash, an empty segment ("//etc") or a NUL is
// refused before the file system is ever touched.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace kiosk::ui {

struct Route {
  enum class Kind {
    Health,          // GET /healthz -> UiServerConfig::health (200 "ok" only in service)
    Metrics,         // GET /metrics -> UiServerConfig::metrics (Prometheus text)
    StaticFile,      // `file` is relative to www_dir, e.g. "index.html", "img/logo.svg"
    CustomerSocket,  // /ws
    SimSocket,       // /ws/sim
  };
  Kind kind;
  std::string file;  // only for StaticFile
};

struct RouteRefusal {
  int status;          // 400 for a malformed target, 404 for anything not served
  std::string reason;  // short key for the log line ("traversal", "not_found", ...)
};

// Console-only files (sim.html, sim.js, sim.css) and the /sim, /ws/sim routes exist only when
// `sim_console` is on. The query string ("?x=1") and fragment are ignored.
std::expected<Route, RouteRefusal> route_target(std::string_view target, bool sim_console);

// Content-Type for a file name, by extension; "application/octet-stream" when unknown.
std::string_view content_type_for(std::string_view file);

// True for a Host header naming the loopback interface: "127.0.0.1[:port]", "localhost[:port]",
// "[::1][:port]". Refusing other hosts defeats DNS-rebinding pages talking to the kiosk.
bool is_loopback_host(std::string_view host);

// True only when a WebSocket's Origin header is the page's own origin: "http://" + the request's
// Host, itself a loopback host ("http://127.0.0.1:8080" for Host "127.0.0.1:8080"). A missing
// Origin (a process that is not our page), any other web page, and a page served by another local
// web server (another port) are refused.
bool is_allowed_origin(std::string_view origin, std::string_view host);

}  // namespace kiosk::ui
