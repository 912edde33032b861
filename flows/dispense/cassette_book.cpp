#include "flows/dispense/cassette_book.hpp"

#include <algorithm>

namespace kiosk::flows::dispense {

CassetteBook::CassetteBook(std::vector<Cassette> cassettes, RejectTray reject)
    : cassettes_(std::move(cassettes)), reject_(reject) {
  std::sort(cassettes_.begin(), cassettes_.end(),
            [](const Cassette& a, const Cassette& b) { return a.index < b.index; });
}

Kzt CassetteBook::cash_on_hand() const {
  Kzt sum{};
  for (const Cassette& c : cassettes_) sum += Kzt{c.kzt.value * c.count};
  return sum;
}

const Cassette* CassetteBook::find(int index) const {
  for (const Cassette& c : cassettes_)
    if (c.index == index) return &c;
  return nullptr;
}

std::vector<BookDiscrepancy> CassetteBook::apply(const std::vector<CassetteMove>& moves) {
  std::vector<BookDiscrepancy> out;
  for (const CassetteMove& m : moves) {
    const int moved = std::max(m.delivered, 0) + std::max(m.rejected, 0);
    if (moved == 0) continue;
    auto it = std::find_if(cassettes_.begin(), cassettes_.end(),
                           [&](const Cassette& c) { return c.index == m.index; });
    if (it == cassettes_.end()) {
      out.push_back(BookDiscrepancy{m.index, 0, moved});
      reject_.notes += std::max(m.rejected, 0);
      continue;
    }
    if (moved > it->count) out.push_back(BookDiscrepancy{m.index, it->count, moved});
    it->count = std::max(it->count - moved, 0);
    reject_.notes += std::max(m.rejected, 0);
    reject_.value += Kzt{it->kzt.value * std::max(m.rejected, 0)};
  }
  return out;
}

Reconciliation CassetteBook::refill(const std::vector<RefillCount>& counted, int reject_counted) {
  Reconciliation r;
  std::vector<Cassette> next;
  for (const RefillCount& c : counted) {
    const Cassette* before = find(c.index);
    int expected = before ? before->count : 0;
    r.cassettes.push_back(ReconcileLine{c.index, c.kzt, expected, c.count, c.count - expected});
    next.push_back(Cassette{c.index, c.kzt, c.count});
  }
  for (const Cassette& old : cassettes_) {  // cassettes taken out and not put back
    bool listed = std::any_of(counted.begin(), counted.end(),
                              [&](const RefillCount& c) { return c.index == old.index; });
    if (!listed) r.cassettes.push_back(ReconcileLine{old.index, old.kzt, old.count, 0, -old.count});
  }
  r.reject_expected = reject_.notes;
  r.reject_counted = reject_counted;
  r.reject_value_expected = reject_.value;
  *this = CassetteBook(std::move(next), RejectTray{});
  return r;
}

}  // namespace kiosk::flows::dispense
