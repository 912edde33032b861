// The answer to GET /v1/rates, typed (exchange-api.md, "Reads").
//
//   {"as_of": "2024-05-01T10:00:00Z",
//    "rates": [{"asset": "BTC", "network": "bitcoin", "decimals": 8,
//               "buy_kzt_per_unit": "48231000.25", "sell_kzt_per_unit": "47000000"}]}
//
// buy = tenge a customer pays per unit (cash-in), sell = tenge a customer gets per unit (cash-out).
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flows/money.hpp"
#include "offline_queue/json_read.hpp"

namespace kiosk::oq {

struct AssetRate {
  std::string asset;    // "BTC", "USDT"
  std::string network;  // "bitcoin", "tron"
  int decimals = 0;     // 0..30
  flows::Rate buy = flows::Rate::from_parts(1, 0);
  flows::Rate sell = flows::Rate::from_parts(1, 0);
  bool operator==(const AssetRate&) const = default;
};

struct RatesSnapshot {
  std::string as_of;
  std::vector<AssetRate> rates;
  // The rate for an asset on a network, if quoted.
  const AssetRate* find(std::string_view asset, std::string_view network) const;
  bool operator==(const RatesSnapshot&) const = default;
};

// Strict: every rate needs asset, network, decimals 0..30 and two positive decimal rates; an
// asset/network pair may appear once. Unknown fields are ignored.
std::expected<RatesSnapshot, MessageError> parse_rates(std::string_view json);

// The same JSON form (what the simulator answers, what the app keeps as its last snapshot).
std::string rates_to_json(const RatesSnapshot& snapshot);

}  // namespace kiosk::oq
