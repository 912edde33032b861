#include "ui/route.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>

using kiosk::ui::content_type_for;
using kiosk::ui::is_allowed_origin;
using kiosk::ui::is_loopback_host;
using kiosk::ui::Route;
using kiosk::ui::route_target;

TEST_CASE("route: the root, health and socket routes") {
  auto root = route_target("/", false);
  REQUIRE(root);
  CHECK(root->kind == Route::Kind::StaticFile);
  CHECK(root->file == "index.html");

  CHECK(route_target("/healthz", false)->kind == Route::Kind::Health);
  CHECK(route_target("/metrics", false)->kind == Route::Kind::Metrics);
  CHECK(route_target("/metrics?x=1", true)->kind == Route::Kind::Metrics);
  CHECK(route_target("/ws", false)->kind == Route::Kind::CustomerSocket);
  CHECK(route_target("/ws?x=1", false)->kind == Route::Kind::CustomerSocket);
  CHECK(route_target("/app.js?v=3#top", false)->file == "app.js");
  CHECK(route_target("/img/logo.svg", false)->file == "img/logo.svg");
}

TEST_CASE("route: the console exists only when sim_console is on") {
  CHECK(route_target("/sim", false).error().status == 404);
  CHECK(route_target("/sim.html", false).error().status == 404);
  CHECK(route_target("/sim.js", false).error().status == 404);
  CHECK(route_target("/ws/sim", false).error().status == 404);

  CHECK(route_target("/sim", true)->file == "sim.html");
  CHECK(route_target("/sim.js", true)->file == "sim.js");
  CHECK(route_target("/ws/sim", true)->kind == Route::Kind::SimSocket);
}

TEST_CASE("route: traversal and odd targets are refused before touching files") {
  for (const char* target :
       {"/..", "/../secret.txt", "/a/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret",
        "/..%2fsecret.txt", "/.%2e/secret.txt", "//etc/passwd", "/a//b", "/.hidden",
        "/./index.html", "/a\\..\\secret", "/index.html/", "/a b", "/x\x01"}) {
    CAPTURE(target);
    auto r = route_target(target, true);
    REQUIRE_FALSE(r);
    CHECK(r.error().status == 404);
  }
  CHECK(route_target("", false).error().status == 400);
  CHECK(route_target("index.html", false).error().status == 400);
  CHECK(route_target("http://127.0.0.1/", false).error().status == 400);
  CHECK(route_target("/" + std::string(600, 'a'), false).error().status == 400);
}

TEST_CASE("route: content types by extension") {
  CHECK(content_type_for("index.html") == "text/html; charset=utf-8");
  CHECK(content_type_for("app.js") == "text/javascript; charset=utf-8");
  CHECK(content_type_for("style.css") == "text/css; charset=utf-8");
  CHECK(content_type_for("img/logo.svg") == "image/svg+xml");
  CHECK(content_type_for("a.png") == "image/png");
  CHECK(content_type_for("noext") == "application/octet-stream");
  CHECK(content_type_for("dir.js/file") == "application/octet-stream");
}

TEST_CASE("route: loopback hosts and origins") {
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.0.0.1:8080"));
  CHECK(is_loopback_host("localhost:1"));
  CHECK(is_loopback_host("[::1]:8080"));
  CHECK_FALSE(is_loopback_host(""));
  CHECK_FALSE(is_loopback_host("evil.example"));
  CHECK_FALSE(is_loopback_host("127.0.0.1.evil.example:80"));
  CHECK_FALSE(is_loopback_host("127.0.0.1:80x"));
  CHECK_FALSE(is_loopback_host("127.0.0.1:"));
  CHECK_FALSE(is_loopback_host("[::1"));

  // Only the page's own origin: "http://" + the Host it was served from.
  CHECK(is_allowed_origin("http://127.0.0.1:8080", "127.0.0.1:8080"));
  CHECK(is_allowed_origin("http://localhost", "localhost"));
  CHECK(is_allowed_origin("http://[::1]:80", "[::1]:80"));
  CHECK_FALSE(is_allowed_origin("", "127.0.0.1:8080"));  // no Origin: not our page
  CHECK_FALSE(is_allowed_origin("http://127.0.0.1:9000", "127.0.0.1:8080"));  // another local site
  CHECK_FALSE(is_allowed_origin("http://localhost:8080", "127.0.0.1:8080"));
  CHECK_FALSE(is_allowed_origin("null", "127.0.0.1:8080"));
  CHECK_FALSE(is_allowed_origin("https://evil.example", "127.0.0.1:8080"));
  CHECK_FALSE(is_allowed_origin("http://evil.example:8080", "evil.example:8080"));
}

// A smoke test in the spirit of a fuzz target: random targets never yield a file name that could
// leave www_dir.
TEST_CASE("route: random targets never produce a file outside www_dir") {
  std::mt19937 rng(20240601);
  const std::string alphabet("/.%2eE\\abc?#\0 :", 15);
  for (int i = 0; i < 20000; ++i) {
    std::string target = "/";
    const int len = static_cast<int>(rng() % 12);
    for (int j = 0; j < len; ++j) target += alphabet[rng() % alphabet.size()];
    auto r = route_target(target, rng() % 2 == 0);
    if (!r || r->kind != Route::Kind::StaticFile) continue;
    CAPTURE(target);
    CHECK(r->file.find("..") == std::string::npos);
    CHECK(r->file.find('%') == std::string::npos);
    CHECK(r->file.find('\\') == std::string::npos);
    CHECK(r->file.front() != '/');
  }
}
