// The exchange simulator's service (sim/exchange/exchange_service.hpp) behind a simulated network:
// a signed request from the kiosk reaches the service after a one-way delay, is applied there, and
// its answer comes back after another, unless the network, drawn from the seed, loses, delays,
// damages or blocks it. Faults are per request (rates) or episodes (a partition). Answers are
// delivered on the event queue, never inside send().
//
// What a fault does to the request, as on a real network:
//   drop:        the request may or may not have been applied; the client times out
//   503:         not applied (the exchange refused it)
//   junk:        applied or not; the client reads bytes that are not an answer
//   slow:        applied; the answer arrives after the client gave up
//   answer lost: applied; the connection resets before the answer
//   partition:   nothing reaches the exchange; connect fails after the connect timeout
#pragma once

#include <functional>
#include <string>

#include "kiosk/simulate/event_queue.hpp"
#include "kiosk/simulate/fault_kinds.hpp"
#include "kiosk/simulate/sim_rng.hpp"
#include "offline_queue/exchange_types.hpp"
#include "sim/exchange/exchange_service.hpp"

namespace kiosk::simulate {

struct NetworkFaultRates {
  double drop = 0, error = 0, junk = 0, slow = 0, answer_lost = 0;
};

class SimNetwork {
 public:
  SimNetwork(sim::ExchangeService& exchange, EventQueue& queue, VirtualClock& clock, SimRng rng,
             FaultCounts& faults, std::string kiosk_id, std::string secret);

  // Signs and sends; `done` runs later on the queue with the answer or a transport error.
  void send(const oq::HttpRequest& req, std::function<void(oq::ExchangeResult)> done);

  void set_rates(NetworkFaultRates r) { rates_ = r; }
  void set_partitioned(bool p) { partitioned_ = p; }
  bool partitioned() const { return partitioned_; }
  // GET /v1/rates answers junk with this probability (a 200 the kiosk must not take for rates).
  void set_rates_junk(double p) { rates_junk_ = p; }

  Millis connect_timeout{5000};
  Millis request_timeout{15000};

 private:
  sim::SimResponse apply(const oq::HttpRequest& req);

  sim::ExchangeService& exchange_;
  EventQueue& queue_;
  VirtualClock& clock_;
  SimRng rng_;
  FaultCounts& faults_;
  std::string kiosk_id_, secret_;
  NetworkFaultRates rates_;
  double rates_junk_ = 0;
  bool partitioned_ = false;
};

}  // namespace kiosk::simulate
