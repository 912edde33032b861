#include "ui/http_session.hpp"

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>
#include <filesystem>

#include "ui/route.hpp"
#include "ui/server_state.hpp"
#include "ui/ws_session.hpp"

namespace kiosk::ui::detail {
namespace beast = boost::beast;
namespace http = beast::http;
namespace fs = std::filesystem;

namespace {
constexpr auto kReadTimeout = std::chrono::seconds(30);

// The pages load only their own files and talk only to their own server.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'self'";

// Boost 1.74's Beast speaks boost::string_view.
std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

template <class Response>
void set_common_headers(Response& res, std::string_view content_type) {
  res.set(http::field::server, "kiosk-ui");
  res.set(http::field::content_type, beast::string_view(content_type.data(), content_type.size()));
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Content-Security-Policy", kContentSecurityPolicy);
}

// The file under `root`, resolved through symlinks, if it is a regular file still inside `root`.
std::optional<fs::path> contained_file(const fs::path& root, const std::string& relative) {
  std::error_code ec;
  auto path = fs::canonical(root / relative, ec);
  if (ec || !fs::is_regular_file(path, ec)) return std::nullopt;
  const auto rel = path.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return path;
}
}  // namespace

HttpSession::HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerState> state)
    : stream_(std::move(socket)), state_(std::move(state)) {}

void HttpSession::run() { read_next(); }

void HttpSession::close() {
  if (upgraded_) return;
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
}

void HttpSession::read_next() {
  parser_.emplace();
  parser_->body_limit(kMaxBodyBytes);
  stream_.expires_after(kReadTimeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                     self->on_read(ec, bytes);
                   });
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return shutdown();
  if (ec) return stream_.close();  // timeout, reset, malformed request: nothing worth answering
  handle(parser_->release());
}

void HttpSession::handle(Request req) {
  if (!is_loopback_host(sv(req[http::field::host]))) {
    state_->log("warn", "ui.http_refused", "status=403 reason=host");
    return send_text(req, 403, "forbidden host\n");
  }
  if (beast::websocket::is_upgrade(req)) return upgrade(std::move(req));
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    return send_text(req, 405, "method not allowed\n");
  }
  const auto route = route_target(sv(req.target()), state_->config().sim_console);
  if (!route) {
    state_->log(
        "info", "ui.http_refused",
        "status=" + std::to_string(route.error().status) + " reason=" + route.error().reason);
    return send_text(req, route.error().status,
                     route.error().status == 404 ? "not found\n" : "bad request\n");
  }
  switch (route->kind) {
    case Route::Kind::Health:
      if (!state_->config().health) return send_text(req, 200, "ok");
      return send_answer(req, state_->config().health());
    case Route::Kind::Metrics:
      if (!state_->config().metrics) return send_text(req, 404, "not found\n");
      return send_answer(req, state_->config().metrics());
    case Route::Kind::StaticFile:
      return serve_file(req, route->file);
    case Route::Kind::CustomerSocket:
    case Route::Kind::SimSocket:
      return send_text(req, 426, "websocket upgrade required\n");
  }
}

void HttpSession::upgrade(Request req) {
  const auto route = route_target(sv(req.target()), state_->config().sim_console);
  const bool socket_route = route && (route->kind == Route::Kind::CustomerSocket ||
                                      route->kind == Route::Kind::SimSocket);
  if (!socket_route) {
    state_->log("info", "ui.http_refused", "status=404 reason=no_socket_here");
    return send_text(req, 404, "not found\n");
  }
  if (!is_allowed_origin(sv(req[http::field::origin]), sv(req[http::field::host]))) {
    state_->log("warn", "ui.http_refused", "status=403 reason=origin");
    return send_text(req, 403, "forbidden origin\n");
  }
  const auto channel = route->kind == Route::Kind::SimSocket ? Channel::Sim : Channel::Customer;
  upgraded_ = true;
  std::make_shared<WsSession>(std::move(stream_), channel, state_)->run(std::move(req));
}

void HttpSession::serve_file(const Request& req, const std::string& file) {
  const auto path = contained_file(state_->www_root(), file);
  beast::error_code ec;
  http::file_body::value_type body;
  if (path) body.open(path->c_str(), beast::file_mode::scan, ec);
  if (!path || ec) {
    state_->log("info", "ui.http_refused", "status=404 reason=no_file");
    return send_text(req, 404, "not found\n");
  }
  const auto size = body.size();
  const auto type = content_type_for(file);
  if (req.method() == http::verb::head) {
    auto res = std::make_shared<http::response<http::empty_body>>(http::status::ok, req.version());
    set_common_headers(*res, type);
    res->content_length(size);
    res->keep_alive(req.keep_alive());
    return send(std::move(res));
  }
  auto res = std::make_shared<http::response<http::file_body>>(
      std::piecewise_construct, std::make_tuple(std::move(body)),
      std::make_tuple(http::status::ok, req.version()));
  set_common_headers(*res, type);
  res->content_length(size);
  res->keep_alive(req.keep_alive());
  send(std::move(res));
}

void HttpSession::send_text(const Request& req, unsigned status, std::string body) {
  send_answer(req, HttpAnswer{status, "text/plain; charset=utf-8", std::move(body)});
}

void HttpSession::send_answer(const Request& req, HttpAnswer answer) {
  const unsigned status = answer.status;
  std::string body = std::move(answer.body);
  auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status),
                                                                 req.version());
  set_common_headers(*res, answer.content_type);
  // A 503 from /healthz is an answer, not a broken request: the connection may stay open.
  res->keep_alive(req.keep_alive() && (status < 400 || status == 503));
  if (req.method() == http::verb::head) {
    res->content_length(body.size());  // what GET would send, without the body
  } else {
    res->body() = std::move(body);
    res->prepare_payload();
  }
  send(std::move(res));
}

template <class Response>
void HttpSession::send(std::shared_ptr<Response> res) {
  const bool close = res->need_eof();
  auto& ref = *res;
  http::async_write(stream_, ref,
                    [self = shared_from_this(), res = std::move(res), close](
                        beast::error_code ec, std::size_t) { self->on_write(ec, close); });
}

void HttpSession::on_write(beast::error_code ec, bool close) {
  if (ec) return stream_.close();
  if (close || state_->stopped()) return shutdown();
  read_next();
}

void HttpSession::shutdown() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace kiosk::ui::detail
