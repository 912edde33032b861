#include "kiosk/shell/screen_actions.hpp"

#include <algorithm>

namespace kiosk::app {
namespace {

using nlohmann::json;

bool flag(const json& data, const char* key) {
  return data.is_object() && data.contains(key) && data[key].is_boolean() && data[key].get<bool>();
}

// The "id" of each asset in data.assets.
json asset_ids(const json& data) {
  json ids = json::array();
  if (!data.is_object() || !data.contains("assets") || !data["assets"].is_array()) return ids;
  for (const auto& a : data["assets"])
    if (a.is_object() && a.contains("id") && a["id"].is_string()) ids.push_back(a["id"]);
  return ids;
}

// Buying is offered unless the kiosk said it is not (data.offers.buy, from the device health).
bool buy_offered(const json& data) {
  if (!data.is_object() || !data.contains("offers") || !data["offers"].is_object()) return true;
  const json& offers = data["offers"];
  return !offers.contains("buy") || !offers["buy"].is_boolean() || offers["buy"].get<bool>();
}

json redeem_keys() {
  json keys = json::array();
  for (char c : kRedeemKeys) keys.push_back(std::string(1, c));
  return keys;
}

bool whole_tenge(std::string_view v) {
  return !v.empty() && v.size() <= 12 && v.front() != '0' &&
         std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A technician's PIN: 4 to 8 digits.
bool pin_digits(std::string_view v) {
  return v.size() >= 4 && v.size() <= 8 &&
         std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Counted notes: up to 16 whole numbers of at most 5 digits, separated by commas ("50,100,0").
bool note_counts(std::string_view v) {
  if (v.empty() || v.size() > 16 * 6 - 1) return false;
  std::size_t digits = 0, items = 1;
  for (char c : v) {
    if (c == ',') {
      if (digits == 0 || ++items > 16) return false;
      digits = 0;
    } else if (c < '0' || c > '9' || ++digits > 5) {
      return false;
    }
  }
  return digits > 0;
}

}  // namespace

json offered_actions(const json& screen) {
  const std::string name = screen.is_object() ? screen.value("screen", "") : "";
  const json& data = screen.is_object() && screen.contains("data") ? screen["data"] : json();
  json a = json::object();
  if (name == "welcome") {
    // Buy (choose_language), sell and redeem are the first choice, each in the language picked.
    const json languages =
        data.is_object() && data.contains("languages") && data["languages"].is_array()
            ? data["languages"]
            : json::array();
    a["choose_language"] = languages;  // with buying off it still leads to the sell choice
    if (flag(data, "cash_out")) a["start_cash_out"] = a["start_redeem"] = languages;
  } else if (name == "choose_asset") {
    a["choose_asset"] = buy_offered(data) ? asset_ids(data) : json::array();
    a["cancel"] = true;
    if (flag(data, "cash_out")) a["start_cash_out"] = a["start_redeem"] = true;
  } else if (name == "sell_asset") {
    a["choose_asset"] = asset_ids(data);
    a["cancel"] = true;
  } else if (name == "identify") {
    a["consent"] = a["cancel"] = true;
    if (flag(data, "anonymous_allowed")) a["continue_anonymous"] = true;
  } else if (name == "scan_wallet" || name == "scan_document" || name == "selfie" ||
             name == "sell_deposit") {
    a["cancel"] = true;
  } else if (name == "insert_notes") {
    a["cancel"] = true;
    if (flag(data, "can_confirm")) a["confirm"] = true;
    if (flag(data, "can_take_selfie")) a["take_selfie"] = true;
  } else if (name == "sell_amount") {
    a["choose_amount"] = "kzt";
    a["cancel"] = true;
    if (flag(data, "can_take_selfie")) a["take_selfie"] = true;
  } else if (name == "redeem_enter") {
    a["key"] = redeem_keys();
    a["backspace"] = a["cancel"] = true;
    if (flag(data, "can_submit")) a["submit"] = true;
  } else if (name == "done" || name == "session_ended" || name == "sell_done" ||
             name == "sell_ended") {
    a["finish"] = true;
  }
  // out_of_service, processing, checking_customer, sell_wait and any other: nothing to touch.
  return a;
}

std::optional<std::string_view> refuse_touch(const json& screen, std::string_view action,
                                             std::string_view value) {
  if (!screen.is_object() || !screen.contains("actions") || !screen["actions"].is_object())
    return "not_offered";
  const json& actions = screen["actions"];
  auto it = actions.find(std::string(action));
  if (it == actions.end()) return "not_offered";
  if (it->is_boolean()) return value.empty() ? std::nullopt : std::optional("bad_value");
  if (it->is_string() && it->get<std::string>() == "kzt")
    return whole_tenge(value) ? std::nullopt : std::optional("bad_value");
  if (it->is_string() && it->get<std::string>() == "pin")
    return pin_digits(value) ? std::nullopt : std::optional("bad_value");
  if (it->is_string() && it->get<std::string>() == "counts")
    return note_counts(value) ? std::nullopt : std::optional("bad_value");
  if (it->is_array())
    for (const auto& v : *it)
      if (v.is_string() && v.get<std::string>() == value) return std::nullopt;
  return "bad_value";
}

std::string loggable_action(std::string_view action) {
  bool plain = !action.empty() && action.size() <= 32 &&
               std::all_of(action.begin(), action.end(),
                           [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  return plain ? std::string(action) : "unrecognised";
}

}  // namespace kiosk::app
