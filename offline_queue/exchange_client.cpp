// clang-format off
#include <utility>  // Boost 1.74's asio/awaitable.hpp uses std::exchange without including it
// clang-format on
#include "offline_queue/exchange_client.hpp"

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <deque>
#include <utility>  // std::exchange, needed by Boost 1.74 asio/awaitable.hpp

#include "offline_queue/endpoint_url.hpp"
#include "offline_queue/request_signing.hpp"

namespace kiosk::oq {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

using Kind = ExchangeError::Kind;

bool is_reset(const error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
         ec == http::error::end_of_stream || ec == http::error::partial_message ||
         ec == asio::ssl::error::stream_truncated;
}

// What a failed step means; `connecting` says whether the connection was being set up.
ExchangeError map_error(const error_code& ec, bool connecting) {
  Kind kind = connecting ? Kind::Connect : Kind::Reset;
  if (ec == beast::error::timeout)
    kind = Kind::Timeout;
  else if (ec == http::error::body_limit || ec == http::error::header_limit ||
           ec == http::error::buffer_overflow)
    kind = Kind::TooLarge;
  else if (is_reset(ec))
    kind = Kind::Reset;
  else if (ec.category() == asio::error::get_ssl_category())
    kind = Kind::Tls;
  else if (ec.category() == http::make_error_code(http::error::bad_version).category())
    kind = Kind::Protocol;
  if (connecting && kind == Kind::Timeout) kind = Kind::Connect;
  return ExchangeError{kind, ec.message()};
}

// Header values and targets go on the wire verbatim: refuse anything that could split a line.
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c >= 0x7f) return false;
  return true;
}

template <class Stream>
asio::awaitable<error_code> write_then_read(Stream& stream, beast::flat_buffer& buffer,
                                            http::request<http::string_body>& req,
                                            http::response_parser<http::string_body>& parser) {
  error_code ec;
  co_await http::async_write(stream, req, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return ec;
  // The header first, without eager parsing: Beast 1.74 loses the body_limit error of a
  // Content-Length that is too large when the body arrives in the same read and the parser is
  // eager (as http::async_read makes it).
  co_await http::async_read_header(stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return ec;
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  co_return ec;
}

}  // namespace

struct ExchangeClient::Impl {
  Impl(asio::io_context& io, ExchangeEndpoint endpoint, WallClockMs wall_clock)
      : io(io),
        ep(std::move(endpoint)),
        clock(std::move(wall_clock)),
        resolver(io),
        resolve_timer(io) {
    auto parsed = parse_endpoint_url(ep.url);
    if (!parsed) {
      config_error = ExchangeError{Kind::Config, "exchange url: " + parsed.error()};
      return;
    }
    url = *parsed;
    if (!url.tls && !is_loopback_host(url.host)) {
      config_error = ExchangeError{Kind::Config, "plain http is allowed to loopback hosts only"};
      return;
    }
    if (!is_token(ep.kiosk_id)) {
      config_error = ExchangeError{Kind::Config, "kiosk id must be printable ASCII"};
      return;
    }
    if (url.tls) {
      ssl_ctx.emplace(asio::ssl::context::tls_client);
      ssl_ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1);
      ssl_ctx->set_verify_mode(asio::ssl::verify_peer);
      error_code ec;
      if (ep.ca_file.empty())
        ssl_ctx->set_default_verify_paths(ec);
      else
        ssl_ctx->load_verify_file(ep.ca_file, ec);
      if (ec) config_error = ExchangeError{Kind::Config, "CA file: " + ec.message()};
    }
    bool default_port = url.port == (url.tls ? 443 : 80);
    std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    host_header = default_port ? host : host + ":" + std::to_string(url.port);
  }

  bool connected() const { return plain != nullptr || tls != nullptr; }

  beast::tcp_stream& lowest() { return plain ? *plain : beast::get_lowest_layer(*tls); }

  // Cancels whatever is pending on the connection (the coroutine then sees the abort).
  void cancel_io() {
    if (connected()) lowest().close();
    resolver.cancel();
    resolve_timer.cancel();
  }

  // Only from the coroutine (or when none runs): destroys the connection.
  void drop_connection() {
    if (connected()) lowest().close();
    plain.reset();
    tls.reset();
    buffer.clear();
  }

  asio::awaitable<std::optional<ExchangeError>> connect() {
    auto deadline = std::chrono::steady_clock::now() + ep.connect_timeout;
    error_code ec;
    resolve_timer.expires_at(deadline);
    resolve_timer.async_wait([this](const error_code& e) {
      if (!e) resolver.cancel();
    });
    auto endpoints = co_await resolver.async_resolve(url.host, std::to_string(url.port),
                                                     asio::redirect_error(asio::use_awaitable, ec));
    resolve_timer.cancel();
    if (closed) co_return ExchangeError{Kind::Cancelled, "client closed"};
    if (ec)
      co_return ExchangeError{ec == asio::error::operation_aborted ? Kind::Connect : Kind::Resolve,
                              "resolve: " + ec.message()};
    if (!url.tls)
      for (const auto& e : endpoints)
        if (!e.endpoint().address().is_loopback())
          co_return ExchangeError{Kind::Config, "plain http resolved to a non-loopback address"};
    if (url.tls) {
      tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(io, *ssl_ctx);
      if (!SSL_set_tlsext_host_name(tls->native_handle(), url.host.c_str()))
        co_return ExchangeError{Kind::Tls, "cannot set SNI host name"};
      tls->set_verify_callback(asio::ssl::host_name_verification(url.host));
    } else {
      plain = std::make_unique<beast::tcp_stream>(io);
    }
    lowest().expires_at(deadline);
    co_await lowest().async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (!ec && tls)
      co_await tls->async_handshake(asio::ssl::stream_base::client,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (closed) co_return ExchangeError{Kind::Cancelled, "client closed"};
    if (ec) {
      drop_connection();
      co_return map_error(ec, /*connecting=*/true);
    }
    lowest().expires_never();
    co_return std::nullopt;
  }

  asio::awaitable<Result> perform(const HttpRequest& in) {
    if (config_error) co_return std::unexpected(*config_error);
    http::verb verb = http::string_to_verb(in.method);
    std::string target = url.prefix + in.target;
    if (verb == http::verb::unknown || !is_token(target) || target.front() != '/' ||
        (in.idempotency_key && !is_token(*in.idempotency_key)))
      co_return std::unexpected(ExchangeError{Kind::Config, "malformed request"});

    http::request<http::string_body> req{verb, target, 11};
    std::string method(http::to_string(verb));
    std::int64_t ts = clock() / 1000;
    req.set(http::field::host, host_header);
    req.set(http::field::user_agent, "kiosk-offline-queue/1");
    req.set(http::field::accept, "application/json");
    if (!in.body.empty()) req.set(http::field::content_type, "application/json");
    req.set("X-Kiosk-Id", ep.kiosk_id);
    req.set("X-Timestamp", std::to_string(ts));
    req.set("X-Signature", sign_request(ep.secret, method, target, ts, in.body));
    if (in.idempotency_key) req.set("Idempotency-Key", *in.idempotency_key);
    req.keep_alive(true);
    req.body() = in.body;
    req.prepare_payload();
    bool may_resend = verb == http::verb::get || in.idempotency_key.has_value();

    for (int attempt = 0;; ++attempt) {
      bool reused = connected();
      if (!reused)
        if (auto err = co_await connect()) co_return std::unexpected(*err);
      http::response_parser<http::string_body> parser;
      parser.body_limit(ep.max_response_bytes);
      parser.header_limit(16 * 1024);
      lowest().expires_after(ep.request_timeout);
      error_code ec = plain ? co_await write_then_read(*plain, buffer, req, parser)
                            : co_await write_then_read(*tls, buffer, req, parser);
      if (closed) co_return std::unexpected(ExchangeError{Kind::Cancelled, "client closed"});
      if (ec) {
        drop_connection();
        // A keep-alive connection the server closed while idle: send once more on a fresh one.
        if (reused && attempt == 0 && may_resend && !parser.got_some() && is_reset(ec)) continue;
        co_return std::unexpected(map_error(ec, /*connecting=*/false));
      }
      lowest().expires_never();
      auto& res = parser.get();
      if (res.body().size() > ep.max_response_bytes) {  // belt and braces, see write_then_read
        drop_connection();
        co_return std::unexpected(ExchangeError{Kind::TooLarge, "body limit exceeded"});
      }
      HttpResponse out{static_cast<int>(res.result_int()), std::move(res.body())};
      if (!res.keep_alive()) drop_connection();
      co_return out;
    }
  }

  static asio::awaitable<void> run(std::shared_ptr<Impl> self) {
    while (!self->closed && !self->queue.empty()) {
      auto [req, done] = std::move(self->queue.front());
      self->queue.pop_front();
      Result result = std::unexpected(ExchangeError{Kind::Protocol, "internal error"});
      try {
        result = co_await self->perform(req);
      } catch (const std::exception& e) {
        result = std::unexpected(ExchangeError{Kind::Protocol, e.what()});
        self->drop_connection();
      }
      if (self->closed) break;
      done(std::move(result));
    }
    if (self->closed) self->drop_connection();
    self->running = false;
  }

  asio::io_context& io;
  ExchangeEndpoint ep;
  WallClockMs clock;
  std::optional<ExchangeError> config_error;
  EndpointUrl url;
  std::string host_header;
  std::optional<asio::ssl::context> ssl_ctx;
  tcp::resolver resolver;
  asio::steady_timer resolve_timer;
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  std::deque<std::pair<HttpRequest, Callback>> queue;
  bool running = false;
  bool closed = false;
};

ExchangeClient::ExchangeClient(asio::io_context& io, ExchangeEndpoint endpoint,
                               WallClockMs wall_clock)
    : impl_(std::make_shared<Impl>(io, std::move(endpoint), std::move(wall_clock))) {}

ExchangeClient::~ExchangeClient() { close(); }

void ExchangeClient::request(HttpRequest req, Callback done) {
  if (impl_->closed) {
    asio::post(impl_->io, [done = std::move(done)] {
      done(std::unexpected(ExchangeError{Kind::Cancelled, "client closed"}));
    });
    return;
  }
  impl_->queue.emplace_back(std::move(req), std::move(done));
  if (impl_->running) return;
  impl_->running = true;
  asio::co_spawn(impl_->io, Impl::run(impl_), asio::detached);
}

void ExchangeClient::close() {
  if (impl_->closed) return;
  impl_->closed = true;
  impl_->queue.clear();
  impl_->cancel_io();
  if (!impl_->running) impl_->drop_connection();
}

const std::optional<ExchangeError>& ExchangeClient::config_error() const {
  return impl_->config_error;
}

const ExchangeEndpoint& ExchangeClient::endpoint() const { return impl_->ep; }

std::string_view to_string(ExchangeError::Kind k) {
  switch (k) {
    case Kind::Config:
      return "config";
    case Kind::Resolve:
      return "resolve";
    case Kind::Connect:
      return "connect";
    case Kind::Tls:
      return "tls";
    case Kind::Timeout:
      return "timeout";
    case Kind::Reset:
      return "reset";
    case Kind::Protocol:
      return "protocol";
    case Kind::TooLarge:
      return "too_large";
    case Kind::Cancelled:
      return "cancelled";
  }
  return "unknown";
}

}  // namespace kiosk::oq
