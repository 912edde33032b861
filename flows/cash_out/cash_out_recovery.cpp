#include "flows/cash_out/cash_out_recovery.hpp"

#include <algorithm>
#include <charconv>

#include "flows/dispense/plan_text.hpp"

namespace kiosk::flows::cash_out {

const char* to_string(RecoveryDecision d) {
  switch (d) {
    case RecoveryDecision::NothingToDo:
      return "nothing_to_do";
    case RecoveryDecision::Closed:
      return "closed";
    case RecoveryDecision::Settled:
      return "settled";
    case RecoveryDecision::Unknown:
      return "unknown";
  }
  return "unknown";
}

namespace {

// Adds `moves` into `total` by cassette index.
void add_moves(std::vector<dispense::CassetteMove>& total,
               const std::vector<dispense::CassetteMove>& moves) {
  for (const auto& m : moves) {
    auto it =
        std::find_if(total.begin(), total.end(), [&](const auto& t) { return t.index == m.index; });
    if (it == total.end()) {
      total.push_back(m);
    } else {
      it->delivered += m.delivered;
      it->rejected += m.rejected;
    }
  }
}

std::vector<int> requested_of(const dispense::DispenseBatch& b) {
  std::vector<int> out;
  for (const auto& t : b.takes) {
    if (t.index >= static_cast<int>(out.size())) out.resize(t.index + 1, 0);
    out[t.index] += t.count;
  }
  return out;
}

// "0:3,2:1" (the shell's batch intent: notes per cassette index) -> {3, 0, 1}.
std::vector<int> counts_from_text(std::string_view text) {
  std::vector<int> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    auto colon = item.find(':');
    int index = -1, n = 0;
    if (colon != std::string_view::npos) {
      auto a = std::from_chars(item.data(), item.data() + colon, index);
      auto b = std::from_chars(item.data() + colon + 1, item.data() + item.size(), n);
      if (a.ec == std::errc{} && b.ec == std::errc{} && index >= 0 && index < 64 && n >= 0) {
        if (index >= static_cast<int>(out.size()))
          out.resize(static_cast<std::size_t>(index) + 1, 0);
        out[static_cast<std::size_t>(index)] += n;
      }
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

bool same_request(std::vector<int> a, std::vector<int> b) {
  auto trim = [](std::vector<int>& v) {
    while (!v.empty() && v.back() == 0) v.pop_back();
  };
  trim(a);
  trim(b);
  return a == b;
}

Record closed_row(const std::string& tx_id) {
  Record r{tx_id, rec::kClosed, {}};
  r.fields.emplace_back("reason", FieldValue{std::string("recovered")});
  return r;
}

}  // namespace

RecoveryOutcome recover_cash_out(const RecoveryInput& in) {
  RecoveryOutcome out;
  const Record* intent = nullptr;
  const Record* created = nullptr;
  bool has_result = false, closed = false, code_issued = false;
  std::vector<const Record*> batches;
  std::vector<const Record*> batch_intents;  // the shell's row before each command
  for (const Record& r : in.rows) {
    if (r.type == rec::kBatchIntent) batch_intents.push_back(&r);
    out.tx_id = r.tx_id;
    if (r.type == rec::kDispenseIntent) intent = &r;
    if (r.type == rec::kOrderCreated) created = &r;
    if (r.type == rec::kBatchResult) batches.push_back(&r);
    if (r.type == rec::kDispenseResult) has_result = true;
    if (r.type == rec::kRedeemCodeIssued) code_issued = true;
    if (r.type == rec::kClosed) closed = true;
  }
  if (has_result || (closed && !intent)) {
    if (!closed) {  // finished the dispense, crashed before closing: close it
      out.decision = RecoveryDecision::Closed;
      out.effects.push_back(Journal{closed_row(out.tx_id)});
    }
    return out;
  }
  if (!intent) {
    if (in.rows.empty()) return out;
    out.decision = RecoveryDecision::Closed;
    Record close = closed_row(out.tx_id);
    if (created) {
      out.order_id = created->get_string("order_id").value_or("");
      close.set("order_id", out.order_id).set("redeem_code_printed", code_issued);
    }
    out.effects.push_back(Journal{std::move(close)});
    return out;
  }

  out.order_id = intent->get_string("order_id").value_or("");
  dispense::DispensePlan plan;
  plan.amount = Kzt{intent->get_int("fiat_kzt").value_or(0)};
  auto takes = dispense::takes_from_text(intent->get_string("plan").value_or(""));
  if (takes) {
    plan.takes = *takes;
    for (const auto& t : plan.takes) plan.total_notes += t.count;
  }
  // The batches as the shell drove them: the same split as the flow's plan.
  int per_command = static_cast<int>(
      std::max<std::int64_t>(1, intent->get_int("per_command").value_or(plan.total_notes)));
  plan.batches = dispense::split_batches(plan.takes, per_command);

  // Totals from the batches the shell journaled as finished.
  std::vector<dispense::CassetteMove> moved;
  bool trusted = takes.has_value();
  for (const Record* b : batches) {
    auto m = dispense::moves_from_text(b->get_string("moves").value_or(""));
    if (!m || b->get_string("result").value_or("") == "unknown") trusted = false;
    if (m) add_moves(moved, *m);
  }
  // A batch is in flight when its intent row exists without a result row: the command may have
  // reached the device. Without an intent row for the next batch, it was never sent: the shell
  // journals the batch intent before every command (kiosk/shell/dispense_executor.hpp).
  const std::size_t in_flight = batches.size();
  bool maybe_sent = batch_intents.size() > in_flight;
  if (trusted && maybe_sent && in_flight < plan.batches.size()) {
    std::vector<int> want = requested_of(plan.batches[in_flight]);
    if (in_flight < batch_intents.size())
      want = counts_from_text(batch_intents[in_flight]->get_string("cassettes").value_or(""));
    // The device's "last dispense" names no transaction: if the batch before this one asked for
    // the same notes, the device may be telling about that one.
    std::optional<std::vector<int>> before = in.previous_request;
    if (in_flight > 0 && in_flight - 1 < batch_intents.size())
      before = counts_from_text(batch_intents[in_flight - 1]->get_string("cassettes").value_or(""));
    else if (in_flight > 0)
      before = requested_of(plan.batches[in_flight - 1]);
    bool device_ok = in.device && in.device->finished.result != DispenseFinished::Result::Unknown &&
                     same_request(in.device->requested, want) &&
                     !(before && same_request(*before, want));
    if (device_ok)
      add_moves(moved, in.device->finished.moves);
    else
      trusted = false;
  }
  DispenseFinished f{
      trusted ? DispenseFinished::Result::Complete : DispenseFinished::Result::Unknown, moved,
      trusted ? "" : "restart: outcome unknown"};
  Settlement st = settle(plan, f, in.cassettes);
  out.settlement = st;
  out.decision = trusted ? RecoveryDecision::Settled : RecoveryDecision::Unknown;
  out.effects = settlement_effects(out.tx_id, out.order_id, st, true);
  out.effects.push_back(Journal{closed_row(out.tx_id)});
  return out;
}

}  // namespace kiosk::flows::cash_out
