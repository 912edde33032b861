#include "kiosk/observe/heartbeat_sender.hpp"

#include "kiosk/log.hpp"

namespace kiosk::app {

HeartbeatSender::HeartbeatSender(boost::asio::io_context& io, oq::ExchangeClient& client,
                                 Millis interval, Build build, OnCommandsAfter on_commands_after)
    : io_(io),
      client_(client),
      interval_(interval),
      build_(std::move(build)),
      on_commands_after_(std::move(on_commands_after)),
      timer_(io) {}

HeartbeatSender::~HeartbeatSender() { *alive_ = false; }

void HeartbeatSender::start() {
  stopped_ = false;
  send();
}

void HeartbeatSender::stop() {
  stopped_ = true;
  timer_.cancel();
}

void HeartbeatSender::send() {
  if (stopped_) return;
  if (in_flight_) return schedule();  // a slow exchange: never two at once
  std::string body = oq::heartbeat_body(build_());
  last_bytes_ = body.size();
  ++sent_;
  in_flight_ = true;
  client_.request(oq::HttpRequest{"POST", "/v1/heartbeat", std::move(body), std::nullopt},
                  [this, alive = alive_](oq::ExchangeClient::Result r) {
                    if (!*alive) return;
                    in_flight_ = false;
                    on_answer(r);
                  });
  schedule();
}

void HeartbeatSender::on_answer(const oq::ExchangeClient::Result& r) {
  std::string problem;
  std::int64_t commands_after = -1;
  if (!r) {
    problem = r.error().what;
  } else if (r->status != 200) {
    problem = "status " + std::to_string(r->status);
  } else if (auto seq = oq::parse_heartbeat_answer(r->body); !seq) {
    problem = "bad answer: " + seq.error().what;
  } else {
    commands_after = *seq;
  }
  if (!problem.empty()) {
    if (!failing_) log_event(LogLevel::Warn, "heartbeat.failing", {{"error", problem}});
    failing_ = true;
    return;
  }
  ++answered_;
  if (failing_) log_event(LogLevel::Info, "heartbeat.ok");
  failing_ = false;
  if (on_commands_after_ && !stopped_) on_commands_after_(commands_after);
}

void HeartbeatSender::schedule() {
  if (stopped_) return;
  timer_.expires_after(interval_);
  timer_.async_wait([this, alive = alive_](auto ec) {
    if (!ec && *alive) send();
  });
}

}  // namespace kiosk::app
