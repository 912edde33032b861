// Fuzz target: the dispense planner, the journal texts of plans and moves, and the redeem-code
// check (a redeem code comes from a scanned QR).
// Properties: no crash; a plan pays exactly the amount from notes on hand, within max notes, in
// batches within the per-command limit; a parsed text re-encodes to a text that parses the same.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "flows/cash_out/redeem_flow.hpp"
#include "flows/dispense/dispense_plan.hpp"
#include "flows/dispense/plan_text.hpp"

using namespace kiosk::flows;
using namespace kiosk::flows::dispense;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void fuzz_plan(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return;
  const std::int64_t notes[] = {200, 500, 1000, 2000, 5000, 10000, 20000};
  DispenseLimits lim;
  lim.per_command = 1 + data[0] % 100;
  if (data[1] & 1) lim.max_notes = 1 + data[1] / 2;
  std::int64_t amount = 100 * (static_cast<std::int64_t>(data[2]) * 256 + data[3]);
  std::vector<Cassette> cs;
  for (std::size_t i = 4; i + 1 < size && cs.size() < 6; i += 2)
    cs.push_back(Cassette{static_cast<int>(cs.size()), Kzt{notes[data[i] % 7]}, data[i + 1]});
  auto plan = plan_dispense(cs, Kzt{amount}, lim);
  if (!plan) return;
  std::int64_t paid = 0;
  int in_batches = 0;
  for (const auto& b : plan->batches) {
    check(b.notes() > 0 && b.notes() <= lim.per_command);
    in_batches += b.notes();
  }
  for (const auto& t : plan->takes) {
    check(t.count > 0 && t.count <= cs[t.index].count && t.kzt == cs[t.index].kzt);
    paid += t.kzt.value * t.count;
  }
  check(paid == amount && in_batches == plan->total_notes);
  check(!lim.max_notes || plan->total_notes <= *lim.max_notes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto t = takes_from_text(text)) check(takes_from_text(takes_to_text(*t)) == *t);
  if (auto m = moves_from_text(text)) check(moves_from_text(moves_to_text(*m)) == *m);
  (void)cash_out::plausible_redeem_code(text);
  fuzz_plan(data, size);
  return 0;
}
