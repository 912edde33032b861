// `kiosk plan-dispense --cassettes KZT:COUNT[,KZT:COUNT...] --amount KZT [--max-notes N]
//  [--per-command N]`
// Prints the dispense plan (flows/dispense) as one JSON object:
// {"amount_kzt":26000,"notes":[{"kzt":5000,"count":4},...],"batches":[{"cassettes":[{"index":0,
// "kzt":5000,"count":4},...],"notes":7}],"total_notes":7}
// or {"error":"not_enough_cash","message":"..."} with exit 1 when the amount cannot be paid.
// Cassettes are numbered 0, 1, ... in the order given. Usage errors: exit 2.
#include <charconv>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "flows/dispense/dispense_plan.hpp"
#include "kiosk/cassette_arg.hpp"
#include "kiosk/commands.hpp"

namespace kiosk::app {
namespace {

constexpr const char* kUsage =
    "usage: kiosk plan-dispense --cassettes KZT:COUNT[,KZT:COUNT...] --amount KZT "
    "[--max-notes N] [--per-command N]\n"
    "  e.g. kiosk plan-dispense --cassettes 5000:10,2000:3,1000:0 --amount 26000\n";

int usage(const char* why) {
  std::fprintf(stderr, "kiosk plan-dispense: %s\n%s", why, kUsage);
  return 2;
}

template <class T>
bool parse_int(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

nlohmann::ordered_json to_json(const flows::dispense::DispensePlan& p) {
  std::map<std::int64_t, int, std::greater<>> by_note;
  for (const auto& t : p.takes) by_note[t.kzt.value] += t.count;
  nlohmann::ordered_json notes = nlohmann::ordered_json::array();
  for (auto [kzt, count] : by_note) notes.push_back({{"kzt", kzt}, {"count", count}});
  nlohmann::ordered_json batches = nlohmann::ordered_json::array();
  for (const auto& b : p.batches) {
    nlohmann::ordered_json cs = nlohmann::ordered_json::array();
    for (const auto& t : b.takes)
      cs.push_back({{"index", t.index}, {"kzt", t.kzt.value}, {"count", t.count}});
    batches.push_back({{"cassettes", cs}, {"notes", b.notes()}});
  }
  return {{"amount_kzt", p.amount.value},
          {"notes", notes},
          {"batches", batches},
          {"total_notes", p.total_notes}};
}

}  // namespace

int cmd_plan_dispense(int argc, char** argv) {
  std::vector<flows::dispense::Cassette> cassettes;
  std::optional<std::int64_t> amount;
  flows::dispense::DispenseLimits limits;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (i + 1 >= argc) return usage("missing value after an option");
    std::string_view value = argv[++i];
    if (arg == "--cassettes") {
      if (!parse_cassettes(value, cassettes)) return usage("bad --cassettes (KZT:COUNT,...)");
    } else if (arg == "--amount") {
      std::int64_t a = 0;
      if (!parse_int(value, a) || a <= 0) return usage("bad --amount (whole tenge > 0)");
      amount = a;
    } else if (arg == "--max-notes") {
      int n = 0;
      if (!parse_int(value, n) || n <= 0) return usage("bad --max-notes");
      limits.max_notes = n;
    } else if (arg == "--per-command") {
      int n = 0;
      if (!parse_int(value, n) || n <= 0) return usage("bad --per-command");
      limits.per_command = n;
    } else {
      return usage("unknown option");
    }
  }
  if (cassettes.empty()) return usage("--cassettes is required");
  if (!amount) return usage("--amount is required");
  auto plan = flows::dispense::plan_dispense(cassettes, flows::Kzt{*amount}, limits);
  nlohmann::ordered_json out;
  if (plan) {
    out = to_json(*plan);
  } else {
    out = {{"error", flows::dispense::to_string(plan.error().kind)},
           {"message", plan.error().message}};
  }
  std::puts(out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
  return plan ? 0 : 1;
}

}  // namespace kiosk::app
