#include "kiosk/simulate/sim_network.hpp"

#include "offline_queue/request_signing.hpp"

namespace kiosk::simulate {

SimNetwork::SimNetwork(sim::ExchangeService& exchange, EventQueue& queue, VirtualClock& clock,
                       SimRng rng, FaultCounts& faults, std::string kiosk_id, std::string secret)
    : exchange_(exchange),
      queue_(queue),
      clock_(clock),
      rng_(rng),
      faults_(faults),
      kiosk_id_(std::move(kiosk_id)),
      secret_(std::move(secret)) {}

sim::SimResponse SimNetwork::apply(const oq::HttpRequest& req) {
  const std::int64_t now_ms = clock_.wall_ms();
  const std::int64_t ts = now_ms / 1000;
  sim::SimRequest in;
  in.method = req.method;
  in.target = req.target;
  in.body = req.body;
  in.kiosk_id = kiosk_id_;
  in.timestamp = std::to_string(ts);
  in.signature = oq::sign_request(secret_, req.method, req.target, ts, req.body);
  in.idempotency_key = req.idempotency_key.value_or("");
  return exchange_.handle(in, now_ms);
}

void SimNetwork::send(const oq::HttpRequest& req, std::function<void(oq::ExchangeResult)> done) {
  using K = oq::ExchangeError::Kind;
  auto fail = [done](K kind, const char* what) {
    return [done, kind, what] { done(std::unexpected(oq::ExchangeError{kind, what})); };
  };
  if (partitioned_) {  // counted once per episode, by whoever starts it
    queue_.after(connect_timeout, "net.connect_failed", fail(K::Connect, "partitioned"));
    return;
  }
  const Millis there{rng_.between(5, 120)}, back{rng_.between(5, 120)};
  const double roll = static_cast<double>(rng_.below(1'000'000)) / 1e6;
  double edge = 0;
  auto in_band = [&](double p) {
    edge += p;
    return roll < edge;
  };
  if (in_band(rates_.error)) {
    faults_.add(Fault::NetError);
    queue_.after(there + back, "net.answer", [done] {
      done(oq::HttpResponse{503, R"({"error":{"code":"unavailable","message":"injected"}})"});
    });
    return;
  }
  if (in_band(rates_.drop)) {
    faults_.add(Fault::NetDrop);
    if (rng_.chance(0.5)) queue_.after(there, "net.arrive", [this, req] { (void)apply(req); });
    queue_.after(request_timeout, "net.timeout", fail(K::Timeout, "no answer"));
    return;
  }
  if (in_band(rates_.junk)) {
    faults_.add(Fault::NetJunk);
    const bool applied = rng_.chance(0.5), as_200 = rng_.chance(0.5);
    queue_.after(there, "net.arrive", [this, req, applied, as_200, back, done] {
      if (applied) (void)apply(req);
      queue_.after(back, "net.answer", [done, as_200] {
        if (as_200)
          done(oq::HttpResponse{200, "<html>gateway</html>"});
        else
          done(std::unexpected(oq::ExchangeError{K::Protocol, "not http"}));
      });
    });
    return;
  }
  if (in_band(rates_.slow)) {
    faults_.add(Fault::NetSlow);
    queue_.after(there, "net.arrive", [this, req] { (void)apply(req); });
    queue_.after(request_timeout, "net.timeout", fail(K::Timeout, "slow"));
    return;
  }
  if (in_band(rates_.answer_lost)) {
    faults_.add(Fault::NetAnswerLost);
    queue_.after(there, "net.arrive", [this, req, back, done] {
      (void)apply(req);
      queue_.after(back, "net.reset", [done] {
        done(std::unexpected(oq::ExchangeError{K::Reset, "connection reset"}));
      });
    });
    return;
  }
  const bool junk_rates = req.target == "/v1/rates" && rng_.chance(rates_junk_);
  if (junk_rates) faults_.add(Fault::RatesJunk);
  queue_.after(there, "net.arrive", [this, req, back, done, junk_rates] {
    sim::SimResponse r = apply(req);
    if (junk_rates) r = sim::SimResponse{200, R"({"rates":"soon"})"};
    queue_.after(back, "net.answer", [done, r = std::move(r)] {
      done(oq::HttpResponse{r.status, r.body});
    });
  });
}

}  // namespace kiosk::simulate
