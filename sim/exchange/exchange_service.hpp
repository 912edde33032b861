// The exchange simulator's brain, sans-IO: one authenticated HTTP request in, one answer out.
// Implements the kiosk <-> exchange API v1 (offline_queue/exchange-api.md) as far as listed in
// README.md: authentication (HMAC + timestamp window), idempotency keys, GET /v1/rates,
// GET /v1/config, POST /v1/cash-in, POST /v1/journal, POST /v1/heartbeat, cash-out and
// redeem (cash_out_desk.hpp), KYC, usage and the blocked list (kyc_desk.hpp). Every request it sees
// is recorded so tests can assert exactly-once delivery. The HTTP shell is exchange_sim.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "offline_queue/rates_message.hpp"
#include "sim/exchange/cash_out_desk.hpp"
#include "sim/exchange/command_desk.hpp"
#include "sim/exchange/exchange_service_types.hpp"
#include "sim/exchange/heartbeat_desk.hpp"
#include "sim/exchange/journal_endpoint.hpp"
#include "sim/exchange/kyc_desk.hpp"

namespace kiosk::sim {

// The default quotes: BTC/bitcoin, LTC/litecoin, ETH/ethereum, USDT/tron, USDT/ethereum.
oq::RatesSnapshot default_sim_rates();

// The value of `key` in the target's query string ("" if absent); no percent-decoding.
std::string query_value(const std::string& target, std::string_view key);

class ExchangeService {
 public:
  ExchangeService(std::map<std::string, std::string> kiosk_secrets, oq::RatesSnapshot rates);

  // `now_ms` is Unix milliseconds (for the signature window and as_of stamps).
  SimResponse handle(const SimRequest& req, std::int64_t now_ms);

  void set_rates(oq::RatesSnapshot rates) { rates_ = std::move(rates); }
  const oq::RatesSnapshot& rates() const { return rates_; }
  void add_kiosk(const std::string& kiosk_id, const std::string& secret);
  // 0 = no limit; above it POST /v1/cash-in answers 403 limit_exceeded.
  void set_max_cash_in_kzt(std::int64_t kzt) { max_cash_in_kzt_ = kzt; }

  const std::vector<RecordedRequest>& requests() const { return requests_; }
  CashOutDesk& cash_out_desk() { return desk_; }
  // KYC, usage per person and the blocked list (kyc_desk.hpp).
  KycDesk& kyc_desk() { return kyc_; }
  // Operator commands: the queue the kiosks poll and the results they post (command_desk.hpp).
  CommandDesk& command_desk() { return commands_; }
  const CommandDesk& command_desk() const { return commands_; }
  // Highest journal seq accepted from a kiosk (0 if none).
  std::int64_t journal_acked_through(const std::string& kiosk_id) const;
  // The journal rows each kiosk has synced (POST /v1/journal).
  const JournalMirror& journals() const { return journals_; }
  std::optional<std::string> last_heartbeat(const std::string& kiosk_id) const;
  // The latest heartbeat per kiosk (GET /sim/heartbeats).
  const HeartbeatDesk& heartbeats() const { return heartbeats_; }
  // The highest operator command seq held for a kiosk (0: none), answered as the heartbeat's
  // `commands_after`. The command queue connects here.
  std::int64_t commands_after(const std::string& kiosk_id) const;

 private:
  SimResponse route(const std::string& kiosk, const SimRequest& req, std::int64_t now_ms);
  SimResponse cash_in(const std::string& kiosk, const SimRequest& req, std::int64_t now_ms);
  SimResponse compliance(const std::string& kiosk, const SimRequest& req, const std::string& path,
                         std::int64_t now_ms);
  SimResponse journal(const std::string& kiosk, const SimRequest& req);
  SimResponse heartbeat(const std::string& kiosk, const SimRequest& req, std::int64_t now_ms);
  SimResponse cash_out(const std::string& kiosk, const SimRequest& req, const std::string& path,
                       std::int64_t now_ms);

  struct Remembered {
    std::string fingerprint;  // sha256 of method, target and body
    SimResponse response;
  };

  std::map<std::string, std::string> secrets_;
  oq::RatesSnapshot rates_;
  std::int64_t max_cash_in_kzt_ = 0;
  std::map<std::pair<std::string, std::string>, Remembered> idempotency_;  // (kiosk, key)
  std::map<std::pair<std::string, std::string>, std::string> cash_in_tx_;  // (kiosk, tx) -> key
  JournalMirror journals_;
  HeartbeatDesk heartbeats_;
  std::vector<RecordedRequest> requests_;
  CashOutDesk desk_;
  KycDesk kyc_;
  CommandDesk commands_;
};

}  // namespace kiosk::sim
