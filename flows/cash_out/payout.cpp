#include "flows/cash_out/payout.hpp"

#include <algorithm>

#include "flows/dispense/plan_text.hpp"

namespace kiosk::flows::cash_out {

const char* to_string(DispenseFinished::Result r) {
  switch (r) {
    case DispenseFinished::Result::Complete:
      return "complete";
    case DispenseFinished::Result::Partial:
      return "partial";
    case DispenseFinished::Result::Unknown:
      return "unknown";
  }
  return "unknown";
}

const char* to_string(DepositState s) {
  switch (s) {
    case DepositState::Waiting:
      return "waiting";
    case DepositState::Seen:
      return "seen";
    case DepositState::Confirmed:
      return "confirmed";
    case DepositState::Expired:
      return "expired";
    case DepositState::Dispensed:
      return "dispensed";
  }
  return "unknown";
}

bool deposit_ready(Atoms crypto_atoms, int required_confirmations, const DepositStatus& status,
                   int min_confirmations) {
  if (status.state != DepositState::Confirmed || crypto_atoms == 0) return false;
  if (status.confirmations < std::max(required_confirmations, min_confirmations)) return false;
  return status.received_atoms >= crypto_atoms;
}

Settlement settle(const dispense::DispensePlan& plan, const DispenseFinished& finished,
                  const std::vector<dispense::Cassette>& cassettes) {
  Settlement s;
  s.planned = plan.amount;
  s.moves = finished.moves;
  s.error = finished.error;
  auto note_of = [&](int index) -> std::int64_t {
    for (const auto& t : plan.takes)
      if (t.index == index) return t.kzt.value;
    for (const auto& c : cassettes)
      if (c.index == index) return c.kzt.value;
    return 0;  // a cassette nobody knows: counted as notes, valued at nothing, left to the operator
  };
  for (const auto& m : finished.moves) {
    if (m.delivered > 0) {
      s.delivered[note_of(m.index)] += m.delivered;
      s.delivered_kzt += Kzt{note_of(m.index) * m.delivered};
    }
    s.rejected += std::max(m.rejected, 0);
  }
  if (finished.result == DispenseFinished::Result::Unknown) {
    s.result = DispenseFinished::Result::Unknown;
  } else if (s.delivered_kzt < s.planned) {
    s.result = DispenseFinished::Result::Partial;
    s.shortfall = s.planned - s.delivered_kzt;
  } else {
    s.result = DispenseFinished::Result::Complete;
  }
  return s;
}

Record intent_record(const std::string& tx_id, const std::string& order_id,
                     const dispense::DispensePlan& plan, const std::string& flow) {
  return Record{tx_id, rec::kDispenseIntent, {}}
      .set("order_id", order_id)
      .set("flow", flow)
      .set("fiat_kzt", plan.amount.value)
      .set("plan", dispense::takes_to_text(plan.takes))
      .set("total_notes", std::int64_t{plan.total_notes})
      .set("batches", static_cast<std::int64_t>(plan.batches.size()))
      .set("per_command",
           std::int64_t{plan.batches.size() > 1 ? plan.batches[0].notes() : plan.total_notes});
}

std::vector<Effect> settlement_effects(const std::string& tx_id, const std::string& order_id,
                                       const Settlement& s, bool recovered) {
  std::vector<Effect> fx;
  const std::string result = to_string(s.result);
  fx.push_back(Journal{Record{tx_id, rec::kDispenseResult, {}}
                           .set("order_id", order_id)
                           .set("result", result)
                           .set("moves", dispense::moves_to_text(s.moves))
                           .set("fiat_kzt", s.delivered_kzt.value)
                           .set("planned_kzt", s.planned.value)
                           .set("shortfall_kzt", s.shortfall.value)
                           .set("rejected", std::int64_t{s.rejected})
                           .set("error", s.error)
                           .set("recovered", recovered)});
  Record report = Record{tx_id, rec::kDispensedQueued, {}}
                      .set("order_id", order_id)
                      .set("result", result)
                      .set("fiat_kzt", s.delivered_kzt.value);
  fx.push_back(
      ReportDispensed{std::move(report), tx_id, order_id, s.delivered, s.delivered_kzt, result});
  if (s.result == DispenseFinished::Result::Unknown)
    fx.push_back(SuspendCashOut{"dispense_outcome_unknown", tx_id});
  return fx;
}

}  // namespace kiosk::flows::cash_out
