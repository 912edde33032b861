// What each customer screen offers: the touches its page shows, and the values each accepts. The
// kiosk acts on a touch only when the screen on display declares it; anything else (a stale page, a
// double tap that lands on the next screen, a hostile client) is refused and logged, never acted
// on. Pure: screen message in, declaration out.
//
// A screen message (ui/README.md) gets "actions": an object from each offered action to what its
// value may be: `true` (no value), an array of the accepted values, "kzt" (whole tenge, digits),
// "pin" (4-8 digits) or "counts" (counted notes: up to 16 numbers of 0-99999, comma-separated).
//   {"screen":"insert_notes", ..., "actions":{"cancel":true,"confirm":true}}
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::app {

// The touches `screen` offers, from its name and data ({} for a screen with no control).
nlohmann::json offered_actions(const nlohmann::json& screen);

// Why a touch is refused on `screen` (a message carrying "actions"): "not_offered" or "bad_value";
// nullopt when the screen offers it.
std::optional<std::string_view> refuse_touch(const nlohmann::json& screen, std::string_view action,
                                             std::string_view value);

// The action's name for a log line: itself when it is a plain name ([a-z_], at most 32 characters),
// "unrecognised" otherwise (a client's text never reaches the log as is).
std::string loggable_action(std::string_view action);

// The keys on the redeem keypad: the redeem code's alphabet (no 0/O, 1/I/L).
inline constexpr std::string_view kRedeemKeys = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

}  // namespace kiosk::app
