#include "flows/identity/iin.hpp"

#include "flows/identity/check_digit.hpp"

namespace kiosk::flows::identity {

IinInfo read_iin(std::string_view iin) {
  IinInfo info;
  if (iin.size() != 12) return info;
  for (char c : iin)
    if (c < '0' || c > '9') return info;
  auto d = [&](int i) { return iin[i] - '0'; };
  auto check = iin_check_digit(iin.substr(0, 11));
  info.check_digit_ok = check && *check == d(11);
  int century_digit = d(6);
  if (century_digit >= 1 && century_digit <= 6) {
    info.sex = century_digit % 2 == 1 ? 'M' : 'F';
    int year = 1800 + 100 * ((century_digit - 1) / 2) + d(0) * 10 + d(1);
    std::chrono::year_month_day date{std::chrono::year(year),
                                     std::chrono::month(static_cast<unsigned>(d(2) * 10 + d(3))),
                                     std::chrono::day(static_cast<unsigned>(d(4) * 10 + d(5)))};
    if (date.ok()) info.birth_date = date;
  }
  return info;
}

bool iin_valid(std::string_view iin) {
  auto info = read_iin(iin);
  return info.check_digit_ok && info.birth_date.has_value();
}

}  // namespace kiosk::flows::identity
