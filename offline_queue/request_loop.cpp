#include "offline_queue/request_loop.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

#include "offline_queue/exchange_client.hpp"

namespace kiosk::oq {

namespace asio = boost::asio;

struct RequestLoop::State : std::enable_shared_from_this<State> {
  State(asio::io_context& io, Transport transport, WallClockMs clock, NextStep next)
      : transport(std::move(transport)),
        clock(std::move(clock)),
        next(std::move(next)),
        timer(io) {}

  void pump() {
    if (!running || in_flight) return;
    auto step = next(clock());
    if (auto* wait = std::get_if<Wait>(&step)) {
      timer.expires_after(
          std::chrono::milliseconds(std::max<std::int64_t>(0, wait->until_ms - clock())));
      timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        if (auto self = weak.lock(); self && !ec) self->pump();
      });
      return;
    }
    auto send = std::get<Send>(std::move(step));
    in_flight = true;
    transport(std::move(send.request),
              [weak = weak_from_this(), settle = std::move(send.settle)](ExchangeResult r) {
                if (auto self = weak.lock()) self->on_answer(settle, r);
              });
  }

  void on_answer(const Settle& settle, const ExchangeResult& r) {
    in_flight = false;
    settle(r, clock());
    if (running) post_pump();
  }

  void post_pump() {
    asio::post(timer.get_executor(), [weak = weak_from_this()] {
      if (auto self = weak.lock()) self->pump();
    });
  }

  Transport transport;
  WallClockMs clock;
  NextStep next;
  asio::steady_timer timer;
  bool running = false;
  bool in_flight = false;
};

RequestLoop::RequestLoop(asio::io_context& io, Transport transport, WallClockMs clock,
                         NextStep next)
    : state_(std::make_shared<State>(io, std::move(transport), std::move(clock), std::move(next))) {
}

RequestLoop::RequestLoop(asio::io_context& io, ExchangeClient& client, WallClockMs clock,
                         NextStep next)
    : RequestLoop(
          io,
          [&client](HttpRequest req, std::function<void(ExchangeResult)> done) {
            client.request(std::move(req), std::move(done));
          },
          std::move(clock), std::move(next)) {}

RequestLoop::~RequestLoop() { stop(); }

void RequestLoop::start() {
  if (state_->running) return;
  state_->running = true;
  kick();
}

void RequestLoop::stop() {
  state_->running = false;
  state_->timer.cancel();
}

void RequestLoop::kick() {
  if (!state_->running) return;
  state_->timer.cancel();
  state_->post_pump();
}

bool RequestLoop::running() const { return state_->running; }
bool RequestLoop::in_flight() const { return state_->in_flight; }

}  // namespace kiosk::oq
