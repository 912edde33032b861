// bench-dispense: how long the exact dispense planner takes for a kiosk's real shapes, beside a
// greedy planner (largest note first, the usual shortcut, wrong for some mixes) on the same inputs.
// Prints one JSON object on its last line.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "flows/dispense/payable.hpp"

using namespace kiosk::flows;
using namespace kiosk::flows::dispense;
using Clock = std::chrono::steady_clock;

namespace {

// Greedy baseline: largest note first, bounded by counts. Returns notes or -1.
int greedy(std::vector<Cassette> cs, std::int64_t amount) {
  std::sort(cs.begin(), cs.end(), [](auto& a, auto& b) { return a.kzt > b.kzt; });
  int notes = 0;
  for (auto& c : cs) {
    std::int64_t k = std::min<std::int64_t>(c.count, amount / c.kzt.value);
    amount -= k * c.kzt.value;
    notes += static_cast<int>(k);
  }
  return amount == 0 ? notes : -1;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <class F>
std::vector<double> time_each(const std::vector<std::int64_t>& amounts, F f) {
  std::vector<double> us;
  for (auto a : amounts) {
    auto t0 = Clock::now();
    f(a);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  return us;
}

}  // namespace

int main() {
  // A four-cassette kiosk (20000/10000/5000/2000 tenge, 500 notes each) and a six-cassette one
  // with 200-tenge notes (gcd 200: the most work per amount).
  std::vector<Cassette> four{
      {0, Kzt{20000}, 500}, {1, Kzt{10000}, 500}, {2, Kzt{5000}, 500}, {3, Kzt{2000}, 500}};
  std::vector<Cassette> six{{0, Kzt{20000}, 300}, {1, Kzt{10000}, 300}, {2, Kzt{5000}, 300},
                            {3, Kzt{2000}, 300},  {4, Kzt{1000}, 300},  {5, Kzt{200}, 300}};
  std::mt19937 rng(1);
  std::vector<std::int64_t> amounts;
  for (int i = 0; i < 2000; ++i)
    amounts.push_back(1000 * (1 + static_cast<std::int64_t>(rng() % 500)));
  DispenseLimits lim;
  lim.per_command = 100;

  int exact_ok = 0, greedy_ok = 0;
  auto plan4 = time_each(
      amounts, [&](std::int64_t a) { exact_ok += plan_dispense(four, Kzt{a}, lim).has_value(); });
  auto plan6 = time_each(amounts, [&](std::int64_t a) { plan_dispense(six, Kzt{a}, lim); });
  auto greedy4 = time_each(amounts, [&](std::int64_t a) { greedy_ok += greedy(four, a) >= 0; });

  // The choose-amount screen: every amount 2000..500000 in steps of 1000.
  std::vector<double> screen;
  std::size_t offered = 0;
  for (int i = 0; i < 20; ++i) {
    auto t0 = Clock::now();
    offered = payable_amounts(six, lim, Kzt{2000}, Kzt{500000}, Kzt{1000}).size();
    screen.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }

  // Where greedy is wrong: small random cassette sets, count amounts exact pays and greedy misses.
  int greedy_misses = 0, sampled = 0;
  const std::int64_t notes[] = {1000, 2000, 5000, 10000, 20000};
  for (int i = 0; i < 5000; ++i) {
    std::vector<Cassette> cs;
    for (int c = 0; c < 3; ++c)
      cs.push_back(Cassette{c, Kzt{notes[rng() % 5]}, static_cast<int>(rng() % 6)});
    std::int64_t a = 1000 * (1 + static_cast<std::int64_t>(rng() % 60));
    ++sampled;
    if (plan_dispense(cs, Kzt{a}, {}).has_value() && greedy(cs, a) < 0) ++greedy_misses;
  }

  std::printf(
      "{\"bench\":\"dispense\",\"plan_4_cassettes_median_us\":%.1f,\"plan_6_cassettes_gcd200_"
      "median_"
      "us\":%.1f,\"baseline_greedy_4_cassettes_median_us\":%.2f,\"payable_screen_2000_500000_ms\":%"
      "."
      "2f,\"amounts_offered\":%zu,\"exact_paid\":%d,\"greedy_paid\":%d,\"of\":%zu,\"greedy_misses_"
      "small_sets\":%d,\"small_sets_sampled\":%d}\n",
      median(plan4), median(plan6), median(greedy4), median(screen), offered, exact_ok, greedy_ok,
      amounts.size(), greedy_misses, sampled);
  return 0;
}
