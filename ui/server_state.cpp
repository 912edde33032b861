#include "ui/server_state.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cstdio>
#include <system_error>

#include "ui/client_message.hpp"
#include "ui/http_session.hpp"
#include "ui/ws_session.hpp"

namespace kiosk::ui::detail {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
std::size_t index_of(Channel ch) { return ch == Channel::Customer ? 0 : 1; }

template <class T>
std::size_t prune(std::vector<std::weak_ptr<T>>& list) {
  std::erase_if(list, [](const auto& weak) { return weak.expired(); });
  return list.size();
}
}  // namespace

ServerState::ServerState(asio::io_context& ioc, UiServerConfig config)
    : ioc_(ioc), config_(std::move(config)), acceptor_(ioc) {}

std::expected<std::uint16_t, std::string> ServerState::listen() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(config_.bind, ec);
  if (ec) return std::unexpected("ui: bind address '" + config_.bind + "' is not an IP address");
  if (!address.is_loopback()) {
    return std::unexpected("ui: bind address " + config_.bind +
                           " is not loopback; the UI server listens on 127.0.0.1 only");
  }
  std::error_code fec;
  www_root_ = std::filesystem::canonical(config_.www_dir, fec);
  if (fec || !std::filesystem::is_regular_file(www_root_ / "index.html", fec)) {
    return std::unexpected("ui: www_dir '" + config_.www_dir + "' has no index.html");
  }

  const tcp::endpoint endpoint(address, config_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor_.close();
    return std::unexpected("ui: cannot listen on " + config_.bind + ":" +
                           std::to_string(config_.port) + ": " + ec.message());
  }
  const auto port = acceptor_.local_endpoint().port();
  log("info", "ui.listening",
      "bind=" + config_.bind + " port=" + std::to_string(port) +
          " sim_console=" + (config_.sim_console ? "on" : "off"));
  return port;
}

void ServerState::accept_next() {
  if (stopped_) return;
  acceptor_.async_accept(
      ioc_, [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
        if (self->stopped_ || ec == asio::error::operation_aborted) return;
        if (ec) {
          self->log("warn", "ui.accept_failed", "error=\"" + ec.message() + "\"");
        } else if (self->live_connections() >= kMaxConnections) {
          self->log("warn", "ui.connection_refused", "reason=too_many");
          socket.close(ec);
        } else {
          auto session = std::make_shared<HttpSession>(std::move(socket), self);
          self->http_.push_back(session);
          session->run();
        }
        self->accept_next();
      });
}

std::size_t ServerState::live_connections() {
  return prune(http_) + prune(sockets_[0]) + prune(sockets_[1]);
}

void ServerState::stop() {
  if (stopped_) return;
  stopped_ = true;
  boost::system::error_code ec;
  acceptor_.close(ec);
  for (auto& list : sockets_) {
    for (auto& weak : list) {
      if (auto session = weak.lock()) session->close();
    }
    list.clear();
  }
  for (auto& weak : http_) {
    if (auto session = weak.lock()) session->close();
  }
  http_.clear();
  log("info", "ui.stopped");
}

void ServerState::join(Channel ch, const std::shared_ptr<WsSession>& session) {
  if (stopped_) {
    session->close();
    return;
  }
  for (auto& text : caches_[index_of(ch)].snapshot()) session->send(text);
  auto& list = sockets_[index_of(ch)];
  prune(list);
  list.push_back(session);
  log("info", "ui.client_joined",
      "channel=" + std::string(channel_name(ch)) + " clients=" + std::to_string(list.size()));
}

void ServerState::leave(Channel ch, const WsSession* session) {
  auto& list = sockets_[index_of(ch)];
  std::erase_if(list, [&](const auto& weak) {
    auto locked = weak.lock();
    return !locked || locked.get() == session;
  });
}

void ServerState::receive(Channel ch, std::string_view text) {
  auto msg = parse_client_message(text);
  if (!msg) {
    log("warn", "ui.message_dropped",
        "channel=" + std::string(channel_name(ch)) + " reason=" + msg.error().reason +
            " bytes=" + std::to_string(text.size()));
    return;
  }
  if (handler_) handler_(ch, *msg);
}

void ServerState::broadcast(Channel ch, const nlohmann::json& msg) {
  if (stopped_) return;
  // Replace invalid UTF-8 rather than throw: a bad string must not take the kiosk down.
  auto text = std::make_shared<const std::string>(
      msg.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  const auto& skip = config_.not_replayed;
  const bool live_only =
      msg.is_object() && msg.contains("type") && msg["type"].is_string() &&
      std::find(skip.begin(), skip.end(), msg["type"].get<std::string>()) != skip.end();
  if (!live_only && !caches_[index_of(ch)].remember(msg, text)) {
    log("warn", "ui.broadcast_untyped", "channel=" + std::string(channel_name(ch)));
  }
  auto& list = sockets_[index_of(ch)];
  prune(list);
  for (auto& weak : list) {
    if (auto session = weak.lock()) session->send(text);
  }
}

void ServerState::forget(Channel ch, const std::string& type) {
  caches_[index_of(ch)].forget(type);
}

void ServerState::log(std::string_view level, std::string_view event,
                      std::string_view fields) const {
  std::string line = "component=ui level=";
  line.append(level).append(" event=").append(event);
  if (!fields.empty()) line.append(" ").append(fields);
  if (config_.log) {
    config_.log(line);
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

}  // namespace kiosk::ui::detail
