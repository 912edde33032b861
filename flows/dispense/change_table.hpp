// The exact bounded change-making table behind the planner and the payable-amount list.
//
// Amounts are counted in units of the gcd of the loaded denominations. For every amount from 0 to
// the table's limit it holds the best mix (see dispense_plan.hpp for "best"), encoded as one
// 128-bit cost so the comparison is a single integer compare:
//   cost = notes * B^n + sum over scarcity rank r of take[r] * B^(n-1-r)
// with B larger than any count, so ordering costs orders mixes lexicographically by (total notes,
// notes from the scarcest cassette, the next scarcest, ...). The order is compatible with
// addition, so a sliding-window minimum per residue class gives each cassette's step in O(amounts).
#pragma once

#include <cstdint>
#include <expected>
#include <vector>

#include "flows/dispense/dispense_plan.hpp"

namespace kiosk::flows::dispense {

class ChangeTable {
 public:
  // `max_units` = the largest amount needed, in units of note_gcd(cassettes). The cassettes must
  // have passed validate_cassettes.
  static std::expected<ChangeTable, PlanError> build(const std::vector<Cassette>& cassettes,
                                                     std::int64_t max_units,
                                                     std::int64_t max_states);

  std::int64_t unit() const { return unit_; }
  std::int64_t max_units() const { return static_cast<std::int64_t>(best_.size()) - 1; }
  bool payable(std::int64_t units) const;
  int notes(std::int64_t units) const;  // -1 when not payable
  // Notes taken per loaded cassette for `units` (must be payable), in the order of loaded().
  std::vector<int> counts(std::int64_t units) const;
  const std::vector<Cassette>& loaded() const { return loaded_; }

 private:
  using Cost = __int128;
  static constexpr Cost kNone = -1;
  std::int64_t unit_ = 0;
  std::vector<Cassette> loaded_;        // cassettes with notes, index order
  Cost notes_weight_ = 1;               // B^n
  std::vector<Cost> best_;              // per amount in units; kNone when not payable
  std::vector<std::vector<int>> take_;  // take_[c][u]: notes from loaded_[c] in best mix
};

// nullopt when the cassettes and limits are usable; else the Invalid error.
std::optional<PlanError> validate_cassettes(const std::vector<Cassette>& cassettes,
                                            const DispenseLimits& limits);

}  // namespace kiosk::flows::dispense
