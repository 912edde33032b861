// The Asio loop every delivery pump runs on (outbox, KYC, journal sync, blocked list): a steady
// timer, start/stop/kick, one request in flight at a time. The pump supplies only what is its
// own: `next(now)` turns its core's next step into a request (with how to settle the answer) or
// a time to come back at.
//
//   pump(): not running, or a request in flight -> nothing
//           step = next(now)
//           Wait{until} -> the timer fires at `until` (or earlier, on kick())
//           Send{request, settle} -> send; on the answer: settle(answer, now), then pump() again
//                                    (posted) if still running
//
// stop() sends nothing new; an answer still in flight is settled. After destruction an answer
// still in flight is dropped without settling (the callbacks hold only a weak pointer), so the
// core must be told with its abandon() if it outlives the pump. Runs on the io_context's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <variant>

#include "offline_queue/exchange_types.hpp"
#include "offline_queue/wall_clock.hpp"

namespace boost::asio {
class io_context;
}

namespace kiosk::oq {

class ExchangeClient;

class RequestLoop {
 public:
  // Records an answer; `now_ms` is the loop's clock when it arrived.
  using Settle = std::function<void(const ExchangeResult&, std::int64_t now_ms)>;
  struct Send {
    HttpRequest request;
    Settle settle;
  };
  struct Wait {
    std::int64_t until_ms;  // on the loop's clock
  };
  using Step = std::variant<Send, Wait>;
  using NextStep = std::function<Step(std::int64_t now_ms)>;
  // Sends one request and calls back once with its answer (ExchangeClient::request; a fake in
  // tests).
  using Transport = std::function<void(HttpRequest, std::function<void(ExchangeResult)>)>;

  RequestLoop(boost::asio::io_context& io, Transport transport, WallClockMs clock, NextStep next);
  // Through `client`, which must outlive the loop.
  RequestLoop(boost::asio::io_context& io, ExchangeClient& client, WallClockMs clock,
              NextStep next);
  ~RequestLoop();
  RequestLoop(const RequestLoop&) = delete;
  RequestLoop& operator=(const RequestLoop&) = delete;

  void start();  // then look at once
  void stop();   // no new sends; the timer is cancelled; an answer in flight is still settled
  void kick();   // look now instead of at the timer (a request in flight is not disturbed)

  bool running() const;
  bool in_flight() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace kiosk::oq
