// The Kazakh IIN (individual identification number, 12 digits): YYMMDD, a century-and-sex digit
// (1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s; odd = male), a 4-digit serial and a check digit
// (reference wallet-id-kz.md §2.5). Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace kiosk::flows::identity {

struct IinInfo {
  bool check_digit_ok = false;  // 12 digits and the two-pass check digit matches
  std::optional<std::chrono::year_month_day> birth_date;  // valid calendar date, century resolved
  char sex = '<';  // 'M', 'F', or '<' when the 7th digit is not 1-6
};

// Reads an IIN; `birth_date` and `sex` are filled whenever the digits allow it, even when the
// check digit fails, so callers can report every problem at once.
IinInfo read_iin(std::string_view iin);

bool iin_valid(std::string_view iin);  // read_iin(iin).check_digit_ok and a real birth date

}  // namespace kiosk::flows::identity
