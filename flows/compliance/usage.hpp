// What a person has used, from two partial views: the exchange's totals (every kiosk, only what
// it has received) and this kiosk's journal (split by whether the exchange acknowledged it).
// Pure. Day and month are local calendar periods (Kazakhstan: UTC+5 since March 2024).
#pragma once

#include <cstdint>
#include <optional>

#include "flows/compliance/limits.hpp"

namespace kiosk::flows::compliance {

struct LocalUsage {
  Usage all;             // every transaction this kiosk journaled for the person
  Usage unacknowledged;  // those the exchange has not confirmed yet
};

// With the exchange's answer: its totals plus what it cannot know yet. Without it: what this
// kiosk knows (the caller also caps the session, since other kiosks are unknown).
Usage combine_usage(const std::optional<Usage>& exchange, const LocalUsage& local);

// Local calendar period starts, in Unix ms, for `now_ms` at `utc_offset_minutes`.
std::int64_t local_day_start_ms(std::int64_t now_ms, int utc_offset_minutes);
std::int64_t local_month_start_ms(std::int64_t now_ms, int utc_offset_minutes);

}  // namespace kiosk::flows::compliance
