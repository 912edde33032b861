// The exchange simulator's HTTP shell: a Boost.Beast HTTP/1.1 server on loopback that feeds
// ExchangeService (the API) and handle_control (/sim/...) and injects SimFaults on /v1/ requests.
// Runs on any io_context: the kiosk's own (`kiosk run --sim`) or its own (`kiosk exchange-sim`).
// Not thread-safe: call its methods on the io_context's thread (or while it is not running).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "offline_queue/ed25519.hpp"
#include "offline_queue/rates_message.hpp"
#include "offline_queue/wall_clock.hpp"
#include "sim/exchange/exchange_service.hpp"
#include "sim/exchange/sim_control.hpp"

namespace boost::asio {
class io_context;
}

namespace kiosk::sim {

struct ExchangeSimConfig {
  std::uint16_t port = 0;  // 0: an ephemeral port, see ExchangeSim::port()
  std::string bind_address = "127.0.0.1";
  std::map<std::string, std::string> kiosks;  // kiosk_id -> HMAC secret
  oq::RatesSnapshot rates = default_sim_rates();
  SimFaults faults;        // at start
  std::uint64_t seed = 1;  // fault RNG
  oq::WallClockMs wall_clock = oq::system_wall_clock_ms();
  std::size_t max_request_bytes = 8 * 1024 * 1024;  // a KYC body carries two JPEGs in base64
  // The operator key /sim/commands/sign signs with (the test key, config/sim-operator-command.key).
  std::optional<oq::Ed25519PrivateKey> command_key;
};

class ExchangeSim {
 public:
  // Binds and starts accepting at once. Throws boost::system::system_error if it cannot bind
  // (start-up edge).
  ExchangeSim(boost::asio::io_context& io, ExchangeSimConfig config);
  // Stops: closes the listener and every connection.
  ~ExchangeSim();
  ExchangeSim(const ExchangeSim&) = delete;
  ExchangeSim& operator=(const ExchangeSim&) = delete;

  std::uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:PORT"
  void stop();

  const SimFaults& faults() const;
  void set_faults(const SimFaults& faults);
  void set_rates(const oq::RatesSnapshot& rates);
  ExchangeService& service();
  const std::vector<RecordedRequest>& requests() const;
  // Connections accepted so far (tests use it to see keep-alive reuse).
  std::int64_t connections_accepted() const;
  // /v1/ requests read off the wire so far, before any fault is applied.
  std::int64_t requests_received() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace kiosk::sim
