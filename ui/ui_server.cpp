#include "ui/ui_server.hpp"

#include <boost/asio/dispatch.hpp>

#include "ui/server_state.hpp"

namespace kiosk::ui {
namespace asio = boost::asio;

UiServer::UiServer(asio::io_context& ioc, UiServerConfig config)
    : ioc_(ioc), state_(std::make_shared<detail::ServerState>(ioc, std::move(config))) {}

UiServer::~UiServer() { stop(); }

std::expected<void, std::string> UiServer::start() {
  if (port_ != 0) return std::unexpected(std::string("ui: server already started"));
  auto port = state_->listen();
  if (!port) return std::unexpected(port.error());
  port_ = *port;
  asio::dispatch(ioc_, [state = state_] { state->accept_next(); });
  return {};
}

void UiServer::stop() {
  asio::dispatch(ioc_, [state = state_] { state->stop(); });
}

void UiServer::broadcast(Channel ch, const nlohmann::json& msg) {
  asio::dispatch(ioc_, [state = state_, ch, msg] { state->broadcast(ch, msg); });
}

void UiServer::forget(Channel ch, std::string type) {
  asio::dispatch(ioc_, [state = state_, ch, type = std::move(type)] { state->forget(ch, type); });
}

void UiServer::on_message(MessageHandler handler) {
  asio::dispatch(ioc_, [state = state_, handler = std::move(handler)]() mutable {
    state->set_handler(std::move(handler));
  });
}

}  // namespace kiosk::ui
