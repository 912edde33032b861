#include "ui/ui_server.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>

#include "kiosk/source_tree.hpp"
#include "ui_test_client.hpp"

using kiosk::ui::Channel;
using kiosk::ui::UiServerConfig;
using nlohmann::json;
using namespace ui_test;

namespace {

// www/ with an index, a console page and a file in a subfolder; a secret beside www/ (not in it)
// and a symlink from www/ to the secret.
struct Site {
  TempDir dir;
  std::string www;
  Site() {
    dir.write("www/index.html", "<!doctype html><title>customer</title>");
    dir.write("www/sim.html", "<!doctype html><title>console</title>");
    dir.write("www/app.js", "console.log(1);");
    dir.write("www/img/logo.svg", "<svg/>");
    dir.write("secret.txt", "TOP-SECRET");
    std::filesystem::create_symlink(dir.path / "secret.txt", dir.path / "www" / "leak.txt");
    www = (dir.path / "www").string();
  }
  UiServerConfig config(bool sim_console = false) const {
    UiServerConfig c;
    c.www_dir = www;
    c.sim_console = sim_console;
    return c;
  }
};

json screen(const std::string& name) {
  return {{"type", "screen"},
          {"screen", name},
          {"lang", "en"},
          {"deadline_s", nullptr},
          {"data", json::object()}};
}

}  // namespace

TEST_CASE("ui server: serves index.html at / and answers /healthz") {
  Site site;
  RunningServer s(site.config());
  REQUIRE(s.start());
  CHECK(s.port() != 0);

  auto index = http_get(s.port(), "/");
  CHECK(index.status == 200);
  CHECK(index.content_type == "text/html; charset=utf-8");
  CHECK(index.body.find("<title>customer</title>") != std::string::npos);

  auto health = http_get(s.port(), "/healthz");
  CHECK(health.status == 200);
  CHECK(health.body == "ok");

  auto js = http_get(s.port(), "/app.js");
  CHECK(js.status == 200);
  CHECK(js.content_type == "text/javascript; charset=utf-8");
  CHECK(http_get(s.port(), "/img/logo.svg").content_type == "image/svg+xml");
  CHECK(http_get(s.port(), "/missing.html").status == 404);

  auto head = http_get(s.port(), "/", "", http::verb::head);
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(http_get(s.port(), "/", "", http::verb::post).status == 405);
  auto head_health = http_get(s.port(), "/healthz", "", http::verb::head);
  CHECK(head_health.status == 200);
  CHECK(head_health.body.empty());
}

TEST_CASE("ui server: /healthz and /metrics answer what the kiosk computes") {
  Site site;
  {
    RunningServer plain(site.config());
    REQUIRE(plain.start());
    CHECK(http_get(plain.port(), "/metrics").status == 404);  // no metrics configured
  }
  auto config = site.config();
  std::atomic<int> in_service = 0;
  config.health = [&in_service]() -> kiosk::ui::HttpAnswer {
    if (in_service) return {200, "text/plain; charset=utf-8", "ok"};
    return {503, "application/json", R"({"mode":"out_of_service","reason":"validator_jammed"})"};
  };
  config.metrics = [] {
    return kiosk::ui::HttpAnswer{200, "text/plain; version=0.0.4; charset=utf-8",
                                 "# HELP kiosk_up Up.\n# TYPE kiosk_up gauge\nkiosk_up 1\n"};
  };
  RunningServer s(config);
  REQUIRE(s.start());
  auto down = http_get(s.port(), "/healthz");
  CHECK(down.status == 503);
  CHECK(down.content_type == "application/json");
  CHECK(json::parse(down.body)["reason"] == "validator_jammed");
  in_service = 1;
  CHECK(http_get(s.port(), "/healthz").body == "ok");
  auto metrics = http_get(s.port(), "/metrics");
  CHECK(metrics.status == 200);
  CHECK(metrics.content_type == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(metrics.body.find("kiosk_up 1\n") != std::string::npos);
}

TEST_CASE("ui server: path traversal never reaches a file outside www_dir") {
  Site site;
  RunningServer s(site.config(true));
  REQUIRE(s.start());
  for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
                             "/..%2fsecret.txt", "/img/../../secret.txt", "//secret.txt",
                             "/leak.txt", "/.%2e/secret.txt", "/img/..%5c..%5csecret.txt"}) {
    CAPTURE(target);
    auto r = http_get(s.port(), target);
    CHECK(r.status >= 400);
    CHECK(r.body.find("TOP-SECRET") == std::string::npos);
  }
  CHECK(s.logged("event=ui.http_refused status=404 reason=traversal"));
  CHECK(s.logged("reason=no_file"));  // the symlink resolved outside www_dir
}

TEST_CASE("ui server: a non-loopback Host header is refused") {
  Site site;
  RunningServer s(site.config());
  REQUIRE(s.start());
  CHECK(http_get(s.port(), "/", "evil.example").status == 403);
  CHECK(http_get(s.port(), "/", "localhost:" + std::to_string(s.port())).status == 200);
}

TEST_CASE("ui server: the console is served only with sim_console on") {
  Site site;
  {
    RunningServer s(site.config(false));
    REQUIRE(s.start());
    CHECK(http_get(s.port(), "/sim").status == 404);
    CHECK(http_get(s.port(), "/sim.html").status == 404);
    CHECK_THROWS(WsClient(s.port(), "/ws/sim"));
  }
  {
    RunningServer s(site.config(true));
    REQUIRE(s.start());
    auto sim = http_get(s.port(), "/sim");
    CHECK(sim.status == 200);
    CHECK(sim.body.find("<title>console</title>") != std::string::npos);
    WsClient console(s.port(), "/ws/sim");
  }
}

TEST_CASE("ui server: a new client is sent the last message of each type at once") {
  Site site;
  RunningServer s(site.config());
  REQUIRE(s.start());
  s.on_io([&] {
    s.server->broadcast(Channel::Customer, screen("welcome"));
    s.server->broadcast(Channel::Customer, {{"type", "banner"}, {"text", "offline"}});
    s.server->broadcast(Channel::Customer, screen("choose_asset"));
    s.server->broadcast(Channel::Sim, {{"type", "sim_state"}});
  });

  WsClient client(s.port());
  auto first = client.read();
  auto second = client.read();
  REQUIRE(first);
  REQUIRE(second);
  CHECK(json::parse(*first)["screen"] == "choose_asset");  // the last "screen", not "welcome"
  CHECK(json::parse(*second)["type"] == "banner");
  CHECK_FALSE(client.read(200ms));  // nothing else: the sim channel's state stays there

  // forget() stops the replay of a type.
  s.on_io([&] { s.server->forget(Channel::Customer, "banner"); });
  WsClient late(s.port());
  REQUIRE(late.read());
  CHECK_FALSE(late.read(200ms));
}

// Issue 18: a page that connected got the last camera frame from the replay, which on a real kiosk
// is a document or a face. Frames go to the pages connected when they are taken, never later.
TEST_CASE("ui server: camera frames are never replayed to a page that connects later") {
  Site site;
  RunningServer s(site.config());
  REQUIRE(s.start());
  WsClient early(s.port());
  s.on_io([&] { s.server->broadcast(Channel::Customer, screen("scan_document")); });
  REQUIRE(early.read());  // live or replayed: either way the page is registered from here on
  s.on_io([&] {
    s.server->broadcast(Channel::Customer,
                        {{"type", "camera_preview"}, {"src", "data:image/jpeg;base64,AAAA"}});
  });
  auto frame = early.read();
  REQUIRE(frame);
  CHECK(json::parse(*frame)["type"] == "camera_preview");  // live: sent to who is connected

  WsClient late(s.port());
  auto first = late.read();
  REQUIRE(first);
  CHECK(json::parse(*first)["screen"] == "scan_document");
  CHECK_FALSE(late.read(200ms));  // and no frame
}

TEST_CASE("ui server: broadcasts reach every client of the channel only") {
  Site site;
  RunningServer s(site.config(true));
  REQUIRE(s.start());
  WsClient a(s.port());
  WsClient b(s.port());
  WsClient console(s.port(), "/ws/sim");
  s.log.wait_for(3);  // listening + two joins at least; then make sure all three joined
  for (int i = 0; i < 100 && !s.logged("channel=sim clients=1"); ++i)
    std::this_thread::sleep_for(10ms);

  s.server->broadcast(Channel::Customer, screen("processing"));  // from another thread: posted
  auto ra = a.read();
  auto rb = b.read();
  REQUIRE(ra);
  REQUIRE(rb);
  CHECK(*ra == *rb);
  CHECK(json::parse(*ra)["screen"] == "processing");

  s.server->broadcast(Channel::Sim, {{"type", "sim_state"}, {"log", {"x"}}});
  auto rc = console.read();
  REQUIRE(rc);
  CHECK(json::parse(*rc)["type"] == "sim_state");
}

TEST_CASE("ui server: client messages reach on_message with their channel") {
  Site site;
  RunningServer s(site.config(true));
  Inbox<std::pair<Channel, json>> inbox;
  s.server->on_message([&](Channel ch, const json& msg) { inbox.push({ch, msg}); });
  REQUIRE(s.start());

  WsClient customer(s.port());
  WsClient console(s.port(), "/ws/sim");
  customer.send(R"({"type":"action","action":"choose_language","value":"ru"})");
  auto got = inbox.wait_for(1);
  REQUIRE(got.size() == 1);
  CHECK(got[0].first == Channel::Customer);
  CHECK(got[0].second["value"] == "ru");

  console.send(R"({"type":"sim","action":"insert_note","kzt":5000})");
  got = inbox.wait_for(2);
  REQUIRE(got.size() == 2);
  CHECK(got[1].first == Channel::Sim);
  CHECK(got[1].second["kzt"] == 5000);
}

TEST_CASE("ui server: bad client messages are dropped with a log line, the connection lives on") {
  Site site;
  RunningServer s(site.config());
  Inbox<json> inbox;
  s.server->on_message([&](Channel, const json& msg) { inbox.push(msg); });
  REQUIRE(s.start());

  WsClient client(s.port());
  client.send("{not json");
  client.send("[1,2,3]");
  client.send(R"({"action":"no type"})");
  client.send(R"({"type":"action","pad":")" + std::string(70 * 1024, 'x') + "\"}");
  client.send(R"({"type":"action","action":"confirm"})");

  auto got = inbox.wait_for(1);
  REQUIRE(got.size() == 1);
  CHECK(got[0]["action"] == "confirm");
  CHECK(s.logged("event=ui.message_dropped channel=customer reason=invalid_json"));
  CHECK(s.logged("reason=not_object"));
  CHECK(s.logged("reason=no_type"));
  CHECK(s.logged("reason=oversized"));

  // The same client still receives broadcasts.
  s.server->broadcast(Channel::Customer, screen("done"));
  auto r = client.read();
  REQUIRE(r);
  CHECK(json::parse(*r)["screen"] == "done");
}

TEST_CASE("ui server: a WebSocket from a foreign web page is refused") {
  Site site;
  RunningServer s(site.config());
  REQUIRE(s.start());
  CHECK_THROWS(WsClient(s.port(), "/ws", "http://evil.example"));
  WsClient ok(s.port(), "/ws", "http://127.0.0.1:" + std::to_string(s.port()));
  CHECK(s.logged("reason=origin"));
}

// Issue 13 item 8: any local process could act as the customer by leaving the Origin out, and a
// page served by another local web server (another port) was let in as well.
TEST_CASE("ui server: a WebSocket without the page's own origin is refused, customer and console") {
  Site site;
  RunningServer s(site.config(true));
  REQUIRE(s.start());
  const std::string other_port = "http://127.0.0.1:" + std::to_string(s.port() == 1 ? 2 : 1);
  for (std::string path : {"/ws", "/ws/sim"}) {
    CAPTURE(path);
    CHECK_THROWS(WsClient(s.port(), path, ""));
    CHECK_THROWS(WsClient(s.port(), path, other_port));
    CHECK_THROWS(WsClient(s.port(), path, "http://localhost:" + std::to_string(s.port())));
    CHECK_NOTHROW(WsClient(s.port(), path));
  }
}

TEST_CASE("ui server: a broadcast with invalid UTF-8 is sent with replacement, not a crash") {
  Site site;
  RunningServer s(site.config());
  REQUIRE(s.start());
  WsClient client(s.port());
  s.server->broadcast(Channel::Customer, {{"type", "screen"}, {"screen", "bad\xff"}});
  auto r = client.read();
  REQUIRE(r);
  CHECK(json::parse(*r)["screen"] == "bad\xEF\xBF\xBD");
}

TEST_CASE("ui server: stop() closes clients and the listener") {
  Site site;
  RunningServer s(site.config());
  REQUIRE(s.start());
  const auto port = s.port();
  WsClient client(port);
  for (int i = 0; i < 100 && !s.logged("clients=1"); ++i) std::this_thread::sleep_for(10ms);

  s.on_io([&] { s.server->stop(); });
  CHECK_FALSE(client.read());
  CHECK(client.last_error == websocket::error::closed);
  CHECK_THROWS(http_get(port, "/healthz"));
  s.server->broadcast(Channel::Customer, screen("welcome"));  // harmless after stop
}

TEST_CASE("ui server: start() refuses a bad configuration") {
  Site site;
  {
    asio::io_context ioc;
    auto c = site.config();
    c.bind = "0.0.0.0";
    kiosk::ui::UiServer server(ioc, c);
    auto r = server.start();
    REQUIRE_FALSE(r);
    CHECK(r.error().find("not loopback") != std::string::npos);
  }
  {
    asio::io_context ioc;
    auto c = site.config();
    c.bind = "localhost";
    CHECK_FALSE(kiosk::ui::UiServer(ioc, c).start());
  }
  {
    asio::io_context ioc;
    auto c = site.config();
    c.www_dir = (site.dir.path / "nowhere").string();
    auto r = kiosk::ui::UiServer(ioc, c).start();
    REQUIRE_FALSE(r);
    CHECK(r.error().find("index.html") != std::string::npos);
  }
  {
    RunningServer first(site.config());
    REQUIRE(first.start());
    asio::io_context ioc;
    auto c = site.config();
    c.port = first.port();
    c.log = [](std::string_view) {};
    auto r = kiosk::ui::UiServer(ioc, c).start();
    REQUIRE_FALSE(r);
    CHECK(r.error().find("cannot listen") != std::string::npos);
  }
}

TEST_CASE("ui server: the real ui/www is served with the right types") {
  UiServerConfig c;
  c.www_dir = kiosk::app::source_tree() + "/ui/www";
  c.sim_console = true;
  RunningServer s(c);
  REQUIRE(s.start());
  for (auto [target, type] : {std::pair<std::string, std::string>{"/", "text/html; charset=utf-8"},
                              {"/app.js", "text/javascript; charset=utf-8"},
                              {"/i18n.js", "text/javascript; charset=utf-8"},
                              {"/style.css", "text/css; charset=utf-8"},
                              {"/sim", "text/html; charset=utf-8"},
                              {"/sim.js", "text/javascript; charset=utf-8"}}) {
    CAPTURE(target);
    auto r = http_get(s.port(), target);
    CHECK(r.status == 200);
    CHECK(r.content_type == type);
  }
}
