// A harness for the cash-out and redeem flow tests: a policy, a market, cassettes and helpers.
#pragma once

#include <algorithm>

#include "flows/cash_out/cash_out_flow.hpp"
#include "flows/cash_out/redeem_flow.hpp"

namespace kiosk::flows::cash_out::testing {

using namespace std::chrono_literals;
using R = DispenseFinished::Result;

inline Policy test_policy() {
  Policy p;
  p.min_amount = Kzt{2000};
  p.max_tx = Kzt{100000};
  p.amount_step = Kzt{1000};
  p.fee_bps = 100;
  p.limits.per_command = 60;
  p.operator_name = "Test Operator";
  p.receipt_qr_prefix = "https://example.kz/tx/";
  return p;
}

inline Market test_market(Instant received, bool online = true) {
  Market m;
  m.offers = {AssetOffer{"BTC/bitcoin", "Bitcoin", "BTC", 8, *Rate::parse("47000000")},
              AssetOffer{"USDT/tron", "Tether (TRC-20)", "USDT", 6, *Rate::parse("500")}};
  m.as_of = "2026-11-25T10:00:00Z";
  m.received_at = received;
  m.online = online;
  return m;
}

inline std::vector<dispense::Cassette> test_cassettes() {
  return {{0, Kzt{5000}, 10}, {1, Kzt{2000}, 3}, {2, Kzt{1000}, 0}};
}

inline Order test_order(Atoms atoms = 55000, int confirmations = 2) {
  return Order{"ord-1",       "bc1qdepositaddress",   "bitcoin:bc1qdepositaddress?amount=0.00055",
               atoms,         "2026-11-25T10:30:00Z", confirmations,
               "RC-7K2M-9QXT"};
}

template <class Fx>
struct Effects {
  template <class T>
  static int count(const Fx& fx) {
    return static_cast<int>(std::count_if(
        fx.begin(), fx.end(), [](const Effect& e) { return std::holds_alternative<T>(e); }));
  }
  template <class T>
  static const T* first(const Fx& fx) {
    for (auto& e : fx)
      if (auto* p = std::get_if<T>(&e)) return p;
    return nullptr;
  }
};
using E = Effects<std::vector<Effect>>;

inline std::vector<std::string> journal_types(const std::vector<Effect>& all) {
  std::vector<std::string> out;
  for (auto& e : all) {
    if (auto* j = std::get_if<Journal>(&e)) out.push_back(j->record.type);
    if (auto* c = std::get_if<CreateOrder>(&e)) out.push_back(c->record.type);
    if (auto* d = std::get_if<Dispense>(&e)) out.push_back(d->intent.type);
    if (auto* r = std::get_if<ReportDispensed>(&e)) out.push_back(r->record.type);
  }
  return out;
}

struct Harness {
  Instant now{1'000'000};
  int next_id = 1;
  CashOutFlow flow;
  std::vector<Effect> all;

  explicit Harness(Policy p = test_policy())
      : flow(std::move(p), [this] { return "co-" + std::to_string(next_id++); }) {
    flow.set_market(test_market(now));
    flow.set_cassettes(test_cassettes());
    flow.set_available(true, "");
  }
  std::vector<Effect> send(const Event& e) {
    auto fx = flow.handle(e, now);
    all.insert(all.end(), fx.begin(), fx.end());
    return fx;
  }
  std::vector<Effect> touch(std::string action, std::string value = "") {
    return send(Touch{std::move(action), std::move(value)});
  }
  std::vector<Effect> advance(Millis d) {
    now += d;
    return send(Tick{});
  }
  // Welcome -> language -> asset -> amount: ends on CreatingOrder (no compliance gate).
  void choose(std::int64_t kzt = 26000) {
    touch("choose_language", "ru");
    touch("choose_asset", "BTC/bitcoin");
    touch("choose_amount", std::to_string(kzt));
  }
  // ... -> AwaitingDeposit.
  void order(std::int64_t kzt = 26000, Order o = test_order(), Millis expires_in = 15min) {
    choose(kzt);
    send(OrderCreated{std::move(o), expires_in});
  }
  std::vector<Effect> confirmed(Atoms received = 55000, int confirmations = 2) {
    return send(DepositStatus{DepositState::Confirmed, received, confirmations});
  }
  int count_all_dispense() const { return E::count<Dispense>(all); }
};

}  // namespace kiosk::flows::cash_out::testing
