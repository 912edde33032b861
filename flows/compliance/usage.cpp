#include "flows/compliance/usage.hpp"

#include <chrono>

namespace kiosk::flows::compliance {

Usage combine_usage(const std::optional<Usage>& exchange, const LocalUsage& local) {
  if (!exchange) return local.all;
  return Usage{exchange->day + local.unacknowledged.day,
               exchange->month + local.unacknowledged.month};
}

namespace {
using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::sys_days;

sys_days local_date(std::int64_t now_ms, int offset) {
  auto local = std::chrono::sys_time<milliseconds>(milliseconds(now_ms)) + minutes(offset);
  return std::chrono::floor<days>(local);
}

std::int64_t to_utc_ms(sys_days local_midnight, int offset) {
  auto utc = std::chrono::sys_time<milliseconds>(local_midnight) - minutes(offset);
  return utc.time_since_epoch().count();
}
}  // namespace

std::int64_t local_day_start_ms(std::int64_t now_ms, int utc_offset_minutes) {
  return to_utc_ms(local_date(now_ms, utc_offset_minutes), utc_offset_minutes);
}

std::int64_t local_month_start_ms(std::int64_t now_ms, int utc_offset_minutes) {
  std::chrono::year_month_day d{local_date(now_ms, utc_offset_minutes)};
  sys_days first{d.year() / d.month() / std::chrono::day{1}};
  return to_utc_ms(first, utc_offset_minutes);
}

}  // namespace kiosk::flows::compliance
