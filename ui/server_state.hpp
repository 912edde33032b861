// Internal to the UI server: what the acceptor and every session share. Lives as long as the
// longest-lived of the UiServer and its sessions (they hold it by shared_ptr). io_context thread
// only.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "ui/channel.hpp"
#include "ui/replay_cache.hpp"
#include "ui/ui_server.hpp"

namespace kiosk::ui::detail {

class HttpSession;
class WsSession;

class ServerState : public std::enable_shared_from_this<ServerState> {
 public:
  // Connections beyond this (HTTP and WebSocket together) are closed at once.
  static constexpr std::size_t kMaxConnections = 64;

  ServerState(boost::asio::io_context& ioc, UiServerConfig config);

  std::expected<std::uint16_t, std::string> listen();
  void accept_next();
  void stop();
  bool stopped() const { return stopped_; }

  const UiServerConfig& config() const { return config_; }
  const std::filesystem::path& www_root() const { return www_root_; }

  // A WebSocket client finished its handshake: replay the remembered messages, then keep it.
  void join(Channel ch, const std::shared_ptr<WsSession>& session);
  void leave(Channel ch, const WsSession* session);
  // A message arrived from a client: validate, then hand it to the handler.
  void receive(Channel ch, std::string_view text);

  void broadcast(Channel ch, const nlohmann::json& msg);
  void forget(Channel ch, const std::string& type);
  void set_handler(UiServer::MessageHandler handler) { handler_ = std::move(handler); }

  // One log line: "component=ui level=<level> event=<event> <fields>".
  void log(std::string_view level, std::string_view event, std::string_view fields = {}) const;

 private:
  std::size_t live_connections();

  boost::asio::io_context& ioc_;
  UiServerConfig config_;
  std::filesystem::path www_root_;
  boost::asio::ip::tcp::acceptor acceptor_;
  bool stopped_ = false;
  UiServer::MessageHandler handler_;
  std::array<ReplayCache, 2> caches_;
  std::array<std::vector<std::weak_ptr<WsSession>>, 2> sockets_;
  std::vector<std::weak_ptr<HttpSession>> http_;
};

}  // namespace kiosk::ui::detail
