// Posts /v1/heartbeat every interval on the io_context: the body is built at send time by
// `build` (offline_queue/heartbeat_message.hpp), signed like every request by the ExchangeClient.
// Not queued: a heartbeat is only worth its latest value, so a failed one is not retried, and
// the next one goes at the next interval. A failure is logged once per outage (and the
// recovery once); it never blocks anything. The answer's `commands_after` goes to
// `on_commands_after` (the command poller polls at once when it is above what it has).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>

#include "flows/time.hpp"
#include "offline_queue/exchange_client.hpp"
#include "offline_queue/heartbeat_message.hpp"

namespace kiosk::app {

class HeartbeatSender {
 public:
  using Build = std::function<oq::Heartbeat()>;
  using OnCommandsAfter = std::function<void(std::int64_t)>;

  HeartbeatSender(boost::asio::io_context& io, oq::ExchangeClient& client, Millis interval,
                  Build build, OnCommandsAfter on_commands_after);
  ~HeartbeatSender();

  void start();  // the first heartbeat at once
  void stop();
  std::int64_t sent() const { return sent_; }
  std::int64_t answered() const { return answered_; }
  std::size_t last_body_bytes() const { return last_bytes_; }

 private:
  void send();
  void schedule();
  void on_answer(const oq::ExchangeClient::Result& r);

  boost::asio::io_context& io_;
  oq::ExchangeClient& client_;
  Millis interval_;
  Build build_;
  OnCommandsAfter on_commands_after_;
  boost::asio::steady_timer timer_;
  bool stopped_ = true;
  bool in_flight_ = false;
  bool failing_ = false;  // logged once per outage
  std::int64_t sent_ = 0, answered_ = 0;
  std::size_t last_bytes_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace kiosk::app
