// Fuzz target: what a browser sends the UI server. The WebSocket text message
// (ui/client_message), the touch it carries judged against every customer screen
// (kiosk/shell/screen_actions, as KioskRuntime::on_ui_message does), and the HTTP request target,
// Host and Origin headers (ui/route).
// Properties: no crash, no exception; an accepted message is an object with a string "type"; a
// refused one names its reason; a touch is allowed only when the screen offers that action; the
// logged action name is the action itself or "unrecognised", never other client text; a static file
// route never leaves www (no "..", no leading '/', no '%', '\\' or NUL); an allowed Origin comes
// with a loopback Host.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/shell/screen_actions.hpp"
#include "ui/client_message.hpp"
#include "ui/route.hpp"

using nlohmann::json;

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

json screen(std::string name, json data) {
  json s = {{"type", "screen"}, {"screen", std::move(name)}, {"data", std::move(data)}};
  s["actions"] = kiosk::app::offered_actions(s);
  return s;
}

const std::vector<json>& screens() {
  static const std::vector<json> all = [] {
    const json assets = {
        {"assets", json::array({{{"id", "BTC/bitcoin"}}, {{"id", "ETH/ethereum"}}})},
        {"cash_out", true}};
    const json flags = {{"can_confirm", true},
                        {"can_take_selfie", true},
                        {"can_submit", true},
                        {"anonymous_allowed", true}};
    std::vector<json> v;
    v.push_back(screen("welcome", {{"languages", json::array({"kk", "ru", "en"})}}));
    v.push_back(screen("choose_asset", assets));
    v.push_back(screen("sell_asset", assets));
    for (const char* name : {"identify", "scan_wallet", "insert_notes", "sell_amount",
                             "redeem_enter", "done", "sell_deposit", "idle"})
      v.push_back(screen(name, flags));
    v.push_back(screen("insert_notes", json::object()));
    return v;
  }();
  return all;
}

void judge_touch(const json& msg) {
  auto text = [&msg](const char* key) {
    return msg.contains(key) && msg[key].is_string() ? msg[key].get<std::string>() : std::string();
  };
  const std::string action = text("action"), value = text("value");
  const std::string logged = kiosk::app::loggable_action(action);
  check(logged == action || logged == "unrecognised");
  for (char c : logged) check((c >= 'a' && c <= 'z') || c == '_');
  for (const auto& s : screens()) {
    const auto why = kiosk::app::refuse_touch(s, action, value);
    if (!why)
      check(s["actions"].contains(action));
    else
      check(*why == "not_offered" || *why == "bad_value");
  }
  // A hostile client's message taken as if it were a screen: declared, then judged, no crash.
  json as_screen = msg;
  as_screen["actions"] = kiosk::app::offered_actions(msg);
  (void)kiosk::app::refuse_touch(as_screen, action, value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  auto msg = kiosk::ui::parse_client_message(text);
  if (msg) {
    check(msg->is_object() && msg->contains("type") && (*msg)["type"].is_string());
    judge_touch(*msg);
  } else {
    const auto& r = msg.error().reason;
    check(r == "oversized" || r == "invalid_json" || r == "not_object" || r == "no_type");
  }

  for (bool console : {false, true}) {
    auto route = kiosk::ui::route_target(text, console);
    if (route && route->kind == kiosk::ui::Route::Kind::StaticFile) {
      const std::string& f = route->file;
      check(!f.empty() && f[0] != '/' && f.find("..") == std::string::npos);
      check(f.find_first_of(std::string_view("%\\\0", 3)) == std::string::npos);
    } else if (!route) {
      check(route.error().status == 400 || route.error().status == 404);
    }
    (void)kiosk::ui::content_type_for(text);
  }
  // Host and Origin: the input split at its first newline.
  const auto nl = text.find('\n');
  const std::string_view host = text.substr(0, nl);
  const std::string_view origin = nl == std::string_view::npos ? text : text.substr(nl + 1);
  const bool loopback = kiosk::ui::is_loopback_host(host);
  if (kiosk::ui::is_allowed_origin(origin, host)) check(loopback);
  return 0;
}
