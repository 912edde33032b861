// The exchange simulator's cash-out desk, sans-IO: orders, deposits, redeem codes, claims and
// dispense reports (exchange-api.md, "Cash-out and redeem"). ExchangeService routes the /v1/
// cash-out and redeem requests here after authentication and idempotency; the /sim/deposits
// control endpoint moves deposits along (seen, confirmed, under-paid, expired) or lets them move
// by themselves after configured delays ("slow confirmations" is a long delay).
//
// The desk is the authority the kiosks rely on: an order is claimed for dispensing once, by one
// idempotency key, whichever kiosk asks; a claim needs a settled deposit.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "offline_queue/cash_out_messages.hpp"
#include "offline_queue/rates_message.hpp"
#include "sim/exchange/exchange_service_types.hpp"

namespace kiosk::sim {

struct SimOrder {
  std::string kiosk_id;  // where it was created
  std::string tx_id;
  oq::OrderView view;
  std::string deposit_address;
  std::string payment_uri;
  std::int64_t created_ms = 0;
  std::int64_t expires_ms = 0;
  std::string claim_key;  // idempotency key of the claim that won, "" while unclaimed
  std::optional<oq::DispensedReport> report;
};

// Deposits that move by themselves: after `seen_after_ms` the full amount is seen, after
// `confirm_after_ms` it has every confirmation. Negative: never (moved only by /sim/deposits).
struct DepositTiming {
  std::int64_t seen_after_ms = -1;
  std::int64_t confirm_after_ms = -1;
  bool operator==(const DepositTiming&) const = default;
};

class CashOutDesk {
 public:
  std::int64_t order_ttl_ms = 15 * 60 * 1000;
  int required_confirmations = 1;
  DepositTiming timing;

  SimResponse create(const std::string& kiosk, const std::string& body,
                     const oq::RatesSnapshot& rates, std::int64_t now_ms);
  SimResponse view(const std::string& order_id, std::int64_t now_ms);
  SimResponse redeem(const std::string& code, std::int64_t now_ms);
  SimResponse claim(const std::string& order_id, const std::string& body, const std::string& key,
                    std::int64_t now_ms);
  SimResponse dispensed(const std::string& order_id, const std::string& body, std::int64_t now_ms);

  // Simulator controls. `order_id` "" means the newest order. `atoms` defaults to the amount due.
  enum class DepositAction { Seen, Confirm, Expire };
  SimResponse move_deposit(const std::string& order_id, DepositAction action,
                           std::optional<flows::Atoms> atoms, std::int64_t now_ms);

  const std::map<std::string, SimOrder>& orders() const { return orders_; }

 private:
  void advance(SimOrder& order, std::int64_t now_ms) const;
  SimOrder* find(const std::string& order_id, std::int64_t now_ms);

  std::map<std::string, SimOrder> orders_;      // by order id
  std::map<std::string, std::string> by_code_;  // redeem code -> order id
  std::map<std::string, std::string> by_tx_;    // kiosk + "/" + tx_id -> order id
  std::string newest_;
  std::uint64_t next_ = 1;
};

}  // namespace kiosk::sim
