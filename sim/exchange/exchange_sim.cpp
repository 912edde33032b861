// clang-format off
#include <utility>  // Boost 1.74's asio/awaitable.hpp uses std::exchange without including it
// clang-format on
#include "sim/exchange/exchange_sim.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <list>
#include <random>

#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/log_line.hpp"
#include "sim/exchange/junk_answer.hpp"

namespace kiosk::sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

struct ExchangeSim::State {
  State(asio::io_context& io, ExchangeSimConfig cfg)
      : io(io),
        config(std::move(cfg)),
        service(config.kiosks, config.rates),
        faults(config.faults),
        rng(config.seed),
        acceptor(io) {
    service.command_desk().set_signing_key(config.command_key);
    if (!config.kiosks.empty())
      service.command_desk().set_default_kiosk(config.kiosks.begin()->first);
  }

  double roll() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }

  static asio::awaitable<void> accept_loop(std::shared_ptr<State> st) {
    while (!st->stopped) {
      error_code ec;
      tcp::socket sock =
          co_await st->acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (st->stopped) break;
      if (ec) continue;
      ++st->accepted;
      auto it = st->sessions.insert(st->sessions.end(),
                                    std::make_shared<beast::tcp_stream>(std::move(sock)));
      asio::co_spawn(st->io, session(st, it), asio::detached);
    }
  }

  using SessionIt = std::list<std::shared_ptr<beast::tcp_stream>>::iterator;

  static asio::awaitable<void> session(std::shared_ptr<State> st, SessionIt it) {
    std::shared_ptr<beast::tcp_stream> stream = *it;
    beast::flat_buffer buffer;
    for (;;) {
      error_code ec;
      http::request_parser<http::string_body> parser;
      parser.body_limit(st->config.max_request_bytes);
      stream->expires_after(std::chrono::seconds(60));
      // Header first (non-eager): Beast 1.74 drops the body_limit error when eager.
      co_await http::async_read_header(*stream, buffer, parser,
                                       asio::redirect_error(asio::use_awaitable, ec));
      if (!ec)
        co_await http::async_read(*stream, buffer, parser,
                                  asio::redirect_error(asio::use_awaitable, ec));
      if (ec || st->stopped) break;
      auto& req = parser.get();
      SimRequest in{std::string(req.method_string()),
                    std::string(req.target()),
                    req.body(),
                    std::string(req["X-Kiosk-Id"]),
                    std::string(req["X-Timestamp"]),
                    std::string(req["X-Signature"]),
                    std::string(req["Idempotency-Key"])};
      SimResponse out;
      if (in.target.starts_with("/sim/")) {
        out = handle_control(in, st->faults, st->service, st->config.wall_clock());
      } else {
        ++st->received;
        if (st->faults.partitioned) break;
        if (st->faults.latency_ms > 0) {
          asio::steady_timer delay(st->io, std::chrono::milliseconds(st->faults.latency_ms));
          co_await delay.async_wait(asio::redirect_error(asio::use_awaitable, ec));
          if (st->stopped || st->faults.partitioned) break;
        }
        if (st->roll() < st->faults.error_rate) {
          out = SimResponse{503, oq::error_body("unavailable", "injected fault")};
        } else if (st->roll() < st->faults.drop_rate) {
          if (st->roll() < 0.5) (void)st->service.handle(in, st->config.wall_clock());
          break;  // close without an answer
        } else if (st->faults.junk_rate > 0 && st->roll() < st->faults.junk_rate) {
          if (st->roll() < 0.5) (void)st->service.handle(in, st->config.wall_clock());
          std::string junk = junk_answer(junk_kind(st->junk_sent++));
          co_await asio::async_write(stream->socket(), asio::buffer(junk),
                                     asio::redirect_error(asio::use_awaitable, ec));
          break;  // then close: the client must not take it for an answer
        } else {
          out = st->service.handle(in, st->config.wall_clock());
        }
      }
      http::response<http::string_body> res{static_cast<http::status>(out.status), req.version()};
      res.set(http::field::server, "kiosk-exchange-sim");
      res.set(http::field::content_type, "application/json");
      res.keep_alive(req.keep_alive());
      res.body() = std::move(out.body);
      res.prepare_payload();
      stream->expires_after(std::chrono::seconds(60));
      co_await http::async_write(*stream, res, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || !res.keep_alive() || st->stopped) break;
    }
    error_code ignored;
    stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream->close();
    if (!st->stopped) st->sessions.erase(it);
  }

  asio::io_context& io;
  ExchangeSimConfig config;
  ExchangeService service;
  SimFaults faults;
  std::mt19937_64 rng;
  tcp::acceptor acceptor;
  std::list<std::shared_ptr<beast::tcp_stream>> sessions;
  std::int64_t accepted = 0;
  std::int64_t received = 0;
  std::uint64_t junk_sent = 0;
  std::uint16_t bound_port = 0;
  bool stopped = false;
};

ExchangeSim::ExchangeSim(asio::io_context& io, ExchangeSimConfig config)
    : state_(std::make_shared<State>(io, std::move(config))) {
  tcp::endpoint ep(asio::ip::make_address(state_->config.bind_address), state_->config.port);
  state_->acceptor.open(ep.protocol());
  state_->acceptor.set_option(asio::socket_base::reuse_address(true));
  state_->acceptor.bind(ep);
  state_->acceptor.listen();
  state_->bound_port = state_->acceptor.local_endpoint().port();
  asio::co_spawn(io, State::accept_loop(state_), asio::detached);
  oq::log_line("info", "exchange_sim", "listening", {{"port", std::to_string(port())}});
}

ExchangeSim::~ExchangeSim() { stop(); }

void ExchangeSim::stop() {
  if (state_->stopped) return;
  state_->stopped = true;
  error_code ignored;
  state_->acceptor.close(ignored);
  for (auto& s : state_->sessions) s->close();
  state_->sessions.clear();
}

std::uint16_t ExchangeSim::port() const { return state_->bound_port; }

std::string ExchangeSim::url() const {
  return "http://" + state_->config.bind_address + ":" + std::to_string(port());
}

const SimFaults& ExchangeSim::faults() const { return state_->faults; }
void ExchangeSim::set_faults(const SimFaults& faults) { state_->faults = faults; }
void ExchangeSim::set_rates(const oq::RatesSnapshot& rates) { state_->service.set_rates(rates); }
ExchangeService& ExchangeSim::service() { return state_->service; }
const std::vector<RecordedRequest>& ExchangeSim::requests() const {
  return state_->service.requests();
}
std::int64_t ExchangeSim::connections_accepted() const { return state_->accepted; }
std::int64_t ExchangeSim::requests_received() const { return state_->received; }

}  // namespace kiosk::sim
