#include "flows/dispense/change_table.hpp"

#include <algorithm>
#include <deque>
#include <numeric>
#include <set>

namespace kiosk::flows::dispense {

std::optional<PlanError> validate_cassettes(const std::vector<Cassette>& cassettes,
                                            const DispenseLimits& limits) {
  auto invalid = [](std::string why) {
    return PlanError{PlanError::Kind::Invalid, std::move(why)};
  };
  if (limits.per_command <= 0) return invalid("the per-command note limit must be positive");
  if (limits.max_notes && *limits.max_notes <= 0) return invalid("max notes must be positive");
  std::set<int> seen;
  for (const Cassette& c : cassettes) {
    if (c.kzt <= Kzt{0}) return invalid("a cassette's denomination must be positive");
    if (c.count < 0) return invalid("a cassette's count cannot be negative");
    if (c.index < 0 || !seen.insert(c.index).second)
      return invalid("cassette indexes must be distinct and >= 0");
  }
  return std::nullopt;
}

std::int64_t note_gcd(const std::vector<Cassette>& cassettes) {
  std::int64_t g = 0;
  for (const Cassette& c : cassettes)
    if (c.count > 0 && c.kzt > Kzt{0}) g = std::gcd(g, c.kzt.value);
  return g;
}

std::expected<ChangeTable, PlanError> ChangeTable::build(const std::vector<Cassette>& cassettes,
                                                         std::int64_t max_units,
                                                         std::int64_t max_states) {
  auto too_large = [] {
    return std::unexpected(PlanError{PlanError::Kind::TooLarge, "the amount is too large to plan"});
  };
  if (max_units < 0) max_units = 0;
  if (max_units + 1 > max_states) return too_large();
  ChangeTable t;
  t.unit_ = note_gcd(cassettes);
  for (const Cassette& c : cassettes)
    if (c.count > 0) t.loaded_.push_back(c);
  std::sort(t.loaded_.begin(), t.loaded_.end(),
            [](const Cassette& a, const Cassette& b) { return a.index < b.index; });
  const int n = static_cast<int>(t.loaded_.size());

  // Scarcity rank: fewest notes first, ties by index.
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const Cassette &x = t.loaded_[a], &y = t.loaded_[b];
    return x.count != y.count ? x.count < y.count : x.index < y.index;
  });
  std::vector<int> rank(n);
  for (int r = 0; r < n; ++r) rank[order[r]] = r;

  // Usable counts and the base B of the cost encoding (larger than any component or step count).
  std::vector<std::int64_t> usable(n), step(n);
  std::int64_t total = 0;
  for (int c = 0; c < n; ++c) {
    step[c] = t.loaded_[c].kzt.value / t.unit_;
    usable[c] = std::min<std::int64_t>(t.loaded_[c].count, max_units / step[c]);
    total += usable[c];
  }
  const Cost base = std::max(total, max_units) + 1;
  std::vector<Cost> pow(n + 2, 1);
  const Cost limit = Cost{1} << 124;
  for (int i = 1; i <= n + 1; ++i) {
    if (pow[i - 1] > limit / base) return too_large();
    pow[i] = pow[i - 1] * base;
  }
  t.notes_weight_ = pow[n];

  t.best_.assign(static_cast<std::size_t>(max_units) + 1, kNone);
  t.best_[0] = 0;
  t.take_.assign(n, {});
  std::vector<Cost> next(t.best_.size());
  for (int c = 0; c < n; ++c) {
    const Cost delta = pow[n] + pow[n - 1 - rank[c]];
    const std::int64_t s = step[c], k_max = usable[c];
    auto& take = t.take_[c];
    take.assign(t.best_.size(), 0);
    std::fill(next.begin(), next.end(), kNone);
    for (std::int64_t r = 0; r < s && r <= max_units; ++r) {
      // Positions u = r + j*s; the window keeps i in [j - k_max, j] with increasing value.
      std::deque<std::pair<std::int64_t, Cost>> window;  // (i, best[u_i] - i*delta)
      for (std::int64_t j = 0, u = r; u <= max_units; ++j, u += s) {
        if (t.best_[u] != kNone) {
          Cost v = t.best_[u] - Cost{j} * delta;
          while (!window.empty() && window.back().second >= v) window.pop_back();
          window.emplace_back(j, v);
        }
        while (!window.empty() && window.front().first < j - k_max) window.pop_front();
        if (window.empty()) continue;
        next[u] = window.front().second + Cost{j} * delta;
        take[u] = static_cast<int>(j - window.front().first);
      }
    }
    t.best_.swap(next);
  }
  return t;
}

bool ChangeTable::payable(std::int64_t units) const {
  return units >= 0 && units <= max_units() && best_[units] != kNone;
}

int ChangeTable::notes(std::int64_t units) const {
  if (!payable(units)) return -1;
  return static_cast<int>(best_[units] / notes_weight_);
}

std::vector<int> ChangeTable::counts(std::int64_t units) const {
  std::vector<int> out(loaded_.size(), 0);
  if (!payable(units)) return out;
  for (int c = static_cast<int>(loaded_.size()) - 1; c >= 0; --c) {
    out[c] = take_[c][units];
    units -= static_cast<std::int64_t>(out[c]) * (loaded_[c].kzt.value / unit_);
  }
  return out;
}

}  // namespace kiosk::flows::dispense
