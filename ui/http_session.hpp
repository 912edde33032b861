// Internal to the UI server: one HTTP connection. Serves /healthz, /metrics and static files (GET,
// HEAD), keeps the connection alive between requests, and hands WebSocket upgrades of /ws and
// /ws/sim to a WsSession. Requests must name a loopback Host; upgrades must come from a loopback
// Origin.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>

#include "ui/ui_server.hpp"

namespace kiosk::ui::detail {

class ServerState;

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  static constexpr std::size_t kMaxBodyBytes = 8 * 1024;

  HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerState> state);
  void run();
  void close();

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  void read_next();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void handle(Request req);
  void upgrade(Request req);
  void serve_file(const Request& req, const std::string& file);
  void send_text(const Request& req, unsigned status, std::string body);
  void send_answer(const Request& req, HttpAnswer answer);
  template <class Response>
  void send(std::shared_ptr<Response> res);
  void on_write(boost::beast::error_code ec, bool close);
  void shutdown();

  boost::beast::tcp_stream stream_;
  std::shared_ptr<ServerState> state_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  bool upgraded_ = false;
};

}  // namespace kiosk::ui::detail
