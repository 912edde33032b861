#include "kiosk/shell/dispense_executor.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "kiosk/log.hpp"
#include "kiosk/shell/crash_points.hpp"

namespace kiosk::app {
namespace {

using Result = devices::DispenseOutcome::Result;

}  // namespace

std::string cassette_counts_text(const std::vector<int>& counts) {
  std::string out;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    if (!out.empty()) out += ',';
    out += std::to_string(i) + ":" + std::to_string(counts[i]);
  }
  return out;
}

std::vector<int> parse_cassette_counts(std::string_view text, std::size_t cassettes) {
  std::vector<int> counts(cassettes, 0);
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    auto colon = item.find(':');
    std::size_t index = 0;
    int n = 0;
    if (colon != std::string_view::npos) {
      auto a = std::from_chars(item.data(), item.data() + colon, index);
      auto b = std::from_chars(item.data() + colon + 1, item.data() + item.size(), n);
      if (a.ec == std::errc{} && b.ec == std::errc{} && index < cassettes && n >= 0)
        counts[index] += n;
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return counts;
}

std::expected<void, std::string> journal_batch_result(oq::Store& store, const PayoutOrder& order,
                                                      std::size_t batch,
                                                      const devices::DispenseOutcome& outcome,
                                                      std::int64_t at_ms) {
  // "moves": "index:delivered:rejected;..." (flows/dispense/plan_text.hpp reads it back).
  std::string moves;
  std::int64_t kzt = 0;
  for (std::size_t i = 0; i < outcome.cassettes.size(); ++i) {
    const auto& c = outcome.cassettes[i];
    if (c.delivered == 0 && c.rejected == 0) continue;
    if (!moves.empty()) moves += ';';
    moves +=
        std::to_string(i) + ":" + std::to_string(c.delivered) + ":" + std::to_string(c.rejected);
    if (i < order.denominations.size()) kzt += order.denominations[i].value * c.delivered;
  }
  nlohmann::json payload = {{"order_id", order.order_id},
                            {"batch", static_cast<std::int64_t>(batch)},
                            {"result", devices::to_string(outcome.result)},
                            {"moves", moves},
                            {"delivered_kzt", kzt},
                            {"error", outcome.error}};
  // The response was lost; these are the device's LAST STATUS figures, asked right after.
  if (outcome.from_last_status) payload["source"] = "last_status";
  auto row = store.append(oq::JournalEntry{order.tx_id, kBatchResult, payload.dump(), at_ms});
  if (!row) return std::unexpected(row.error().what);
  return {};
}

DispenseExecutor::DispenseExecutor(oq::Store& store, DispenseCommand dispense, ShellClock clock)
    : store_(store), dispense_(std::move(dispense)), clock_(std::move(clock)) {}

void DispenseExecutor::run(PayoutOrder order, std::function<void(const PayoutResult&)> done) {
  order_ = std::move(order);
  done_ = std::move(done);
  total_ = PayoutResult{};
  total_.cassettes.assign(order_.denominations.size(), {});
  batch_ = 0;
  busy_ = true;
  next_batch();
}

void DispenseExecutor::next_batch() {
  const auto& counts = order_.batches[batch_];
  std::int64_t kzt = 0;
  for (std::size_t i = 0; i < counts.size() && i < order_.denominations.size(); ++i)
    kzt += order_.denominations[i].value * counts[i];
  nlohmann::json payload = {{"order_id", order_.order_id},
                            {"batch", static_cast<std::int64_t>(batch_)},
                            {"cassettes", cassette_counts_text(counts)},
                            {"kzt", kzt}};
  crash_point("before_batch_intent");
  auto row =
      store_.append(oq::JournalEntry{order_.tx_id, kBatchIntent, payload.dump(), clock_.wall_ms()});
  if (!row) {
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", kBatchIntent}, {"error", row.error().what}});
    PayoutResult r = total_;
    r.result = Result::Partial;  // nothing more was sent: what ran is all that moved
    r.journal_failed = true;
    r.error = "journal_unwritable";
    r.shortfall = order_.amount - r.delivered;
    return finish(std::move(r));
  }
  for (std::size_t i = 0; i < counts.size() && i < total_.cassettes.size(); ++i)
    total_.cassettes[i].requested += counts[i];
  crash_point("after_batch_intent");
  dispense_(counts, [this](const devices::DispenseOutcome& o) { on_outcome(o); });
  crash_point("after_command");
}

void DispenseExecutor::on_outcome(const devices::DispenseOutcome& outcome) {
  crash_point("after_response");
  for (std::size_t i = 0; i < outcome.cassettes.size() && i < total_.cassettes.size(); ++i) {
    total_.cassettes[i].delivered += outcome.cassettes[i].delivered;
    total_.cassettes[i].rejected += outcome.cassettes[i].rejected;
    if (i < order_.denominations.size())
      total_.delivered +=
          flows::Kzt{order_.denominations[i].value * outcome.cassettes[i].delivered};
  }
  bool last = batch_ + 1 == order_.batches.size() || outcome.result != Result::Complete;
  PayoutResult totals = total_;
  totals.result = outcome.result;
  totals.error = outcome.error;
  totals.shortfall = order_.amount - total_.delivered;
  if (totals.result == Result::Complete && totals.shortfall.value != 0)
    totals.result = Result::Partial;
  auto written = journal_batch_result(store_, order_, batch_, outcome, clock_.wall_ms());
  if (!written) {
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", kBatchResult}, {"error", written.error()}});
    totals.journal_failed = true;
    if (totals.result == Result::Complete && !last) totals.result = Result::Partial;
    return finish(std::move(totals));
  }
  crash_point("after_batch_result");
  if (last) return finish(std::move(totals));
  ++batch_;
  next_batch();
}

void DispenseExecutor::finish(PayoutResult result) {
  busy_ = false;
  auto done = std::move(done_);
  done_ = nullptr;
  if (done) done(result);
}

}  // namespace kiosk::app
