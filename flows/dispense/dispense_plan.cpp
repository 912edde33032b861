#include "flows/dispense/dispense_plan.hpp"

#include "flows/dispense/change_table.hpp"

namespace kiosk::flows::dispense {

const char* to_string(PlanError::Kind k) {
  switch (k) {
    case PlanError::Kind::Invalid:
      return "invalid";
    case PlanError::Kind::NotMultiple:
      return "not_multiple";
    case PlanError::Kind::NotEnoughCash:
      return "not_enough_cash";
    case PlanError::Kind::NoCombination:
      return "no_combination";
    case PlanError::Kind::TooManyNotes:
      return "too_many_notes";
    case PlanError::Kind::TooLarge:
      return "too_large";
  }
  return "unknown";
}

int DispenseBatch::notes() const {
  int n = 0;
  for (const auto& t : takes) n += t.count;
  return n;
}

std::vector<int> DispensePlan::per_cassette(int cassettes) const {
  std::vector<int> out(cassettes > 0 ? cassettes : 0, 0);
  for (const auto& t : takes)
    if (t.index >= 0 && t.index < cassettes) out[t.index] += t.count;
  return out;
}

std::vector<DispenseBatch> split_batches(const std::vector<CassetteTake>& takes, int per_command) {
  std::vector<DispenseBatch> out;
  if (per_command <= 0) return out;
  DispenseBatch cur;
  int room = per_command;
  for (const CassetteTake& t : takes) {
    int left = t.count;
    while (left > 0) {
      int n = std::min(left, room);
      cur.takes.push_back(CassetteTake{t.index, t.kzt, n});
      left -= n;
      room -= n;
      if (room == 0) {
        out.push_back(std::move(cur));
        cur = {};
        room = per_command;
      }
    }
  }
  if (!cur.takes.empty()) out.push_back(std::move(cur));
  return out;
}

std::expected<DispensePlan, PlanError> plan_dispense(const std::vector<Cassette>& cassettes,
                                                     Kzt amount, const DispenseLimits& limits) {
  using K = PlanError::Kind;
  auto fail = [](K k, std::string m) { return std::unexpected(PlanError{k, std::move(m)}); };
  if (auto bad = validate_cassettes(cassettes, limits)) return std::unexpected(*bad);
  if (amount <= Kzt{0}) return fail(K::Invalid, "the amount must be positive");
  std::int64_t on_hand = 0;
  for (const Cassette& c : cassettes) {
    if (c.count > 0 && c.kzt.value > (INT64_MAX - on_hand) / c.count) {
      on_hand = INT64_MAX;
      break;
    }
    on_hand += c.kzt.value * c.count;
  }
  if (amount.value > on_hand)
    return fail(K::NotEnoughCash, "the cassettes hold " + format_kzt(Kzt{on_hand}));
  const std::int64_t g = note_gcd(cassettes);
  if (amount.value % g != 0)
    return fail(K::NotMultiple, "the amount must be a multiple of " + format_kzt(Kzt{g}));
  auto table = ChangeTable::build(cassettes, amount.value / g, limits.max_states);
  if (!table) return std::unexpected(table.error());
  const std::int64_t units = amount.value / g;
  if (!table->payable(units))
    return fail(K::NoCombination, "no mix of the notes on hand makes " + format_kzt(amount));
  const int notes = table->notes(units);
  if (limits.max_notes && notes > *limits.max_notes)
    return fail(K::TooManyNotes, "needs " + std::to_string(notes) + " notes, more than " +
                                     std::to_string(*limits.max_notes));
  DispensePlan plan;
  plan.amount = amount;
  plan.total_notes = notes;
  std::vector<int> counts = table->counts(units);
  for (std::size_t c = 0; c < counts.size(); ++c) {
    const Cassette& cas = table->loaded()[c];
    if (counts[c] > 0) plan.takes.push_back(CassetteTake{cas.index, cas.kzt, counts[c]});
  }
  plan.batches = split_batches(plan.takes, limits.per_command);
  return plan;
}

}  // namespace kiosk::flows::dispense
