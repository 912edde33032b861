#include "flows/dispense/payable.hpp"

#include "flows/dispense/change_table.hpp"

namespace kiosk::flows::dispense {
namespace {

// The table up to `max`, or nullopt when nothing can be paid.
std::optional<ChangeTable> table_up_to(const std::vector<Cassette>& cassettes,
                                       const DispenseLimits& limits, Kzt max) {
  if (validate_cassettes(cassettes, limits) || max <= Kzt{0}) return std::nullopt;
  const std::int64_t g = note_gcd(cassettes);
  if (g == 0) return std::nullopt;
  auto t = ChangeTable::build(cassettes, max.value / g, limits.max_states);
  if (!t) return std::nullopt;
  return std::move(*t);
}

bool fits(const ChangeTable& t, const DispenseLimits& limits, Kzt amount) {
  if (amount <= Kzt{0} || amount.value % t.unit() != 0) return false;
  int n = t.notes(amount.value / t.unit());
  return n >= 0 && (!limits.max_notes || n <= *limits.max_notes);
}

}  // namespace

std::vector<Kzt> payable_amounts(const std::vector<Cassette>& cassettes,
                                 const DispenseLimits& limits, Kzt min, Kzt max, Kzt step) {
  std::vector<Kzt> out;
  if (step <= Kzt{0} || min > max) return out;
  auto t = table_up_to(cassettes, limits, max);
  if (!t) return out;
  for (Kzt a = min; a <= max; a += step)
    if (fits(*t, limits, a)) out.push_back(a);
  return out;
}

std::optional<Kzt> largest_payable(const std::vector<Cassette>& cassettes,
                                   const DispenseLimits& limits, Kzt at_most) {
  auto t = table_up_to(cassettes, limits, at_most);
  if (!t) return std::nullopt;
  for (std::int64_t u = at_most.value / t->unit(); u > 0; --u)
    if (fits(*t, limits, Kzt{u * t->unit()})) return Kzt{u * t->unit()};
  return std::nullopt;
}

bool is_payable(const std::vector<Cassette>& cassettes, const DispenseLimits& limits, Kzt amount) {
  return plan_dispense(cassettes, amount, limits).has_value();
}

}  // namespace kiosk::flows::dispense
