// A harness for CashInFlow tests: a policy, a market, and helpers to drive a session.
#pragma once

#include <algorithm>

#include "flows/cash_in/cash_in_flow.hpp"

namespace kiosk::flows::cash_in::testing {

using namespace std::chrono_literals;

inline Policy test_policy() {
  Policy p;
  p.denominations = {Kzt{500}, Kzt{1000}, Kzt{2000}, Kzt{5000}, Kzt{10000}, Kzt{20000}};
  p.fee_bps = 200;  // 2 %
  p.max_tx = Kzt{50000};
  p.operator_name = "Test Operator";
  p.receipt_qr_prefix = "https://example.kz/tx/";
  return p;
}

inline Market test_market(Instant received, bool online = true) {
  Market m;
  m.offers = {AssetOffer{"BTC/bitcoin", "Bitcoin", "BTC", 8, *Rate::parse("48000000")},
              AssetOffer{"USDT/tron", "Tether (TRC-20)", "USDT", 6, *Rate::parse("505.5")}};
  m.as_of = "2026-11-25T10:00:00Z";
  m.received_at = received;
  m.online = online;
  return m;
}

// Accepts any payload starting with "ok:" as the address after the prefix.
inline WalletResolver test_resolver() {
  return [](std::string_view payload,
            const std::string&) -> std::expected<WalletCheck, WalletRefusal> {
    if (payload.starts_with("ok:")) return WalletCheck{std::string(payload.substr(3)), {}, {}};
    return std::unexpected(WalletRefusal{"bad_checksum", "checksum does not match"});
  };
}

struct Harness {
  Instant now{1'000'000};
  int next_id = 1;
  CashInFlow flow;
  std::vector<Effect> all;  // every effect so far

  explicit Harness(Policy p = test_policy(), bool online = true)
      : flow(std::move(p), test_resolver(), [this] { return "tx-" + std::to_string(next_id++); }) {
    flow.set_market(test_market(now, online));
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
  std::vector<Effect> note(NoteEvent::Kind k, std::int64_t kzt = 0, std::string detail = "") {
    return send(NoteEvent{k, Kzt{kzt}, std::move(detail)});
  }
  std::vector<Effect> advance(Millis d) {
    now += d;
    return send(Tick{});
  }
  // Welcome -> language -> asset -> wallet: ends on InsertNotes.
  void start_session(std::string asset = "BTC/bitcoin") {
    touch("choose_language", "ru");
    touch("choose_asset", asset);
    send(WalletScanned{"ok:bc1qexampleaddress"});
  }
  // A note accepted by the flow and stacked by the validator.
  void insert(std::int64_t kzt) {
    note(NoteEvent::Kind::Escrowed, kzt);
    note(NoteEvent::Kind::Stacked, kzt);
  }
  template <class T>
  int count(const std::vector<Effect>& fx) const {
    return static_cast<int>(std::count_if(
        fx.begin(), fx.end(), [](const Effect& e) { return std::holds_alternative<T>(e); }));
  }
  template <class T>
  const T* first(const std::vector<Effect>& fx) const {
    for (auto& e : fx)
      if (auto* p = std::get_if<T>(&e)) return p;
    return nullptr;
  }
  std::vector<std::string> journal_types() const {
    std::vector<std::string> out;
    for (auto& e : all) {
      if (auto* j = std::get_if<Journal>(&e)) out.push_back(j->record.type);
      if (auto* q = std::get_if<QueuePurchase>(&e)) out.push_back(q->record.type);
    }
    return out;
  }
  int journal_count(std::string_view type) const {
    auto t = journal_types();
    return static_cast<int>(std::count(t.begin(), t.end(), type));
  }
};

}  // namespace kiosk::flows::cash_in::testing
