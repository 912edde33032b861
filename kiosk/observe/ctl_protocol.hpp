// `kiosk ctl`'s wire protocol over the Unix socket, pure: one JSON object per line in, one per
// line out. A request is {"cmd": NAME, ...args}; an answer {"ok": true, "result": {...}} or
// {"ok": false, "error": CODE, "message": "..."}. The dispatcher table maps names to handlers;
// the socket shell (ctl_server.hpp) feeds it lines.
//
//   status                                  mode, reason, offers, session, outbox, journal
//   devices                                 validator, dispenser, printer, camera health
//   cassettes                               cassette counts, reject tray, cash box
//   journal_tail {"n": 1..500 (20)}         the last n journal rows
//   refill {"cassettes": [{"index","kzt","count"}], "reject_emptied": n}
//   maintenance {"on": bool}
//   test_dispense {"cassette": 0..7, "count": 1..5 (1)}   notes into the reject tray (maintenance)
//
// Error codes: bad_request (not JSON, no cmd, bad args), unknown_command, busy (a customer is
// mid-session), not_available (not served by this kiosk yet), failed (the action failed),
// forbidden (the peer may not use the socket), too_long (a line over kMaxCtlLineBytes).
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "flows/dispense/cassette_book.hpp"

namespace kiosk::app {

inline constexpr std::size_t kMaxCtlLineBytes = 64 * 1024;

nlohmann::json ctl_ok(nlohmann::json result);
nlohmann::json ctl_error(std::string_view code, std::string_view message);

struct CtlRequest {
  std::string cmd;
  nlohmann::json args = nlohmann::json::object();  // the request without "cmd"
};
// A JSON object with a string "cmd"; anything else is a ctl_error answer.
std::expected<CtlRequest, nlohmann::json> parse_ctl_request(std::string_view line);

// journal_tail's n: absent -> 20; an integer 1..500.
std::expected<int, std::string> ctl_tail_count(const nlohmann::json& args);

struct CtlRefill {
  std::vector<flows::dispense::Cassette> cassettes;
  int reject_emptied = 0;
};
// refill's args: 1..4 cassettes, distinct indexes 0..15, kzt 1..1 000 000, count 0..5000.
std::expected<CtlRefill, std::string> ctl_refill_args(const nlohmann::json& args);

struct CtlTestDispense {
  int cassette = 0;
  int count = 1;
};
// test_dispense's args: cassette 0..7 (required), count 1..5 (default 1).
std::expected<CtlTestDispense, std::string> ctl_test_dispense_args(const nlohmann::json& args);

class CtlDispatcher {
 public:
  using Handler = std::function<nlohmann::json(const nlohmann::json& args)>;
  // A handler that answers later (a device round trip): calls `reply` exactly once.
  using AsyncHandler =
      std::function<void(const nlohmann::json& args, std::function<void(nlohmann::json)> reply)>;
  void add(std::string name, Handler handler);  // replaces an async handler of that name
  void add_async(std::string name, AsyncHandler handler);
  std::vector<std::string> names() const;
  // Parses, dispatches, serialises: always one answer line (without the newline); a handler
  // that throws answers `failed`.
  std::string answer_line(std::string_view line) const;
  // Like answer_line, through `reply` (at once for a synchronous handler).
  void answer_async(std::string_view line, std::function<void(std::string)> reply) const;

 private:
  std::map<std::string, Handler, std::less<>> handlers_;
  std::map<std::string, AsyncHandler, std::less<>> async_handlers_;
};

}  // namespace kiosk::app
