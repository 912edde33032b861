// The local UI server: static files for the customer screen and the simulator console, plus two
// WebSocket channels that carry screen state to the pages and touches back. Bound to loopback only.
//
// Threading: everything runs on the io_context's thread. start() may be called from any thread
// before or while the io_context runs. broadcast(), forget(), on_message() and stop() may be called
// from any thread: on the io_context's thread they act at once, from another thread they are posted
// to it. The message handler is always called on the io_context's thread.
//
// The wire protocol (screens, actions, sim console messages) is in ui/README.md.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "ui/channel.hpp"

namespace kiosk::ui {

// A computed answer (/healthz, /metrics).
struct HttpAnswer {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

struct UiServerConfig {
  std::string bind = "127.0.0.1";  // an IP address; anything but loopback is refused by start()
  std::uint16_t port = 8080;       // 0 = an ephemeral port; read it back with port()
  std::string www_dir;             // the folder holding index.html, app.js, ... (ui/www)
  bool sim_console = false;        // serve /sim, sim.* files and the /ws/sim channel
  // Message types sent live but never remembered for replay: camera frames (a document or a
  // face on a real kiosk) reach only the pages connected when they are taken.
  std::vector<std::string> not_replayed = {"camera_preview"};
  // GET /healthz and GET /metrics, called on the io_context's thread for each request. Unset:
  // /healthz answers 200 "ok" and /metrics 404.
  std::function<HttpAnswer()> health;
  std::function<HttpAnswer()> metrics;
  // Where log lines go (one `key=value` line each, no newline); stderr when empty.
  std::function<void(std::string_view)> log;
};

namespace detail {
class ServerState;
}

class UiServer {
 public:
  using MessageHandler = std::function<void(Channel, const nlohmann::json&)>;

  UiServer(boost::asio::io_context& ioc, UiServerConfig config);
  ~UiServer();  // stops the server (see stop())
  UiServer(const UiServer&) = delete;
  UiServer& operator=(const UiServer&) = delete;

  // Checks www_dir, binds and listens, and starts accepting. Errors: bad bind address, bind not on
  // loopback, www_dir without index.html, address in use. Call once.
  std::expected<void, std::string> start();

  // The port actually bound (the ephemeral one when config.port was 0); 0 before start().
  std::uint16_t port() const { return port_; }

  // Stops accepting, closes every WebSocket (going away) and HTTP connection. Idempotent.
  void stop();

  // Sends `msg` to every client of `ch`, and remembers it as the last message of its "type" on that
  // channel: a client that connects later is sent the last message of every type first.
  void broadcast(Channel ch, const nlohmann::json& msg);

  // Forgets the remembered last message of `type` on `ch` (it is no longer replayed).
  void forget(Channel ch, std::string type);

  // Messages from clients: valid JSON objects with a string "type", at most 64 KiB. Anything else
  // is dropped with a log line. Customer-channel clients can send anything, so the handler must
  // check the channel before acting on "sim" messages.
  void on_message(MessageHandler handler);

 private:
  boost::asio::io_context& ioc_;
  std::shared_ptr<detail::ServerState> state_;
  std::uint16_t port_ = 0;
};

}  // namespace kiosk::ui
