// Fuzz target: the ICAO 9303 MRZ parser.
// Properties: no crash; raw bytes parse or give an error; bytes mapped into the MRZ alphabet and
// cut into a TD1/TD2/TD3 shape always parse, every check listed is named, all_passed() agrees
// with the checks, and an accepted record's fields re-compose to the same lines.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "flows/identity/iin.hpp"
#include "flows/identity/mrz.hpp"

using namespace kiosk::flows::identity;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

constexpr std::chrono::year_month_day kToday{std::chrono::year(2026), std::chrono::month(1),
                                             std::chrono::day(15)};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  (void)parse_mrz_text(raw, kToday);
  (void)read_iin(raw.substr(0, 12));
  (void)resolve_birth_date(raw.substr(0, 6), kToday);
  (void)resolve_expiry_date(raw.substr(0, 6), kToday);
  if (size == 0) return 0;

  static const char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<<<<MFKAZ";
  const auto format = static_cast<MrzFormat>(data[0] % 3);
  const auto shape = mrz_shape(format);
  std::vector<std::string> lines(static_cast<std::size_t>(shape.lines));
  std::size_t pos = 1;
  for (auto& l : lines) {
    for (int i = 0; i < shape.length; ++i, ++pos)
      l.push_back(pos < size ? kAlphabet[data[pos] % (sizeof(kAlphabet) - 1)] : '<');
  }
  auto r = parse_mrz(lines, kToday);
  check(r.has_value());
  check(r->lines == lines);
  check(!r->checks.empty());
  bool all = true;
  for (const auto& c : r->checks) {
    check(!c.name.empty());
    all = all && c.passed;
  }
  check(all == r->all_passed());
  if (r->iin) check(r->iin->size() == 12);
  return 0;
}
