// The operator's say over the kiosk, pure: in service, out of service (with a message the customers
// read) or in maintenance. Entered remotely (a signed command) or on site (`kiosk ctl`), always by
// a named actor. Going out of service or into maintenance while a customer is in a session waits
// (pending) until that session ends; going back into service is immediate. The device side of the
// mode (a jammed validator, ...) stays with the Supervisor: the kiosk serves customers only when
// both allow it. Persisted as JSON (to_json / from_json) so a mode survives a restart.
#pragma once

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace kiosk::app {

enum class OperatorMode { InService, OutOfService, Maintenance };
const char* to_string(OperatorMode m);
std::optional<OperatorMode> operator_mode_from(std::string_view text);

struct ModeRequest {
  OperatorMode target = OperatorMode::InService;
  std::string actor;    // "operator:<command id>", "ctl:<user>", ...: 1-64 printable bytes
  std::string message;  // shown to customers when out of service; at most 200 bytes, no controls
  bool operator==(const ModeRequest&) const = default;
};

struct ModeState {
  OperatorMode mode = OperatorMode::InService;
  std::string message;
  std::string actor;
  std::int64_t since_ms = 0;
  bool operator==(const ModeState&) const = default;
};

// What a request did.
enum class ModeOutcome {
  Applied,    // the mode changed now
  Pending,    // a customer is in a session: it changes when the session ends
  Unchanged,  // already in that mode (a pending request, if any, was withdrawn)
};
const char* to_string(ModeOutcome o);

class ModeBook {
 public:
  // Refuses a request whose actor or message breaks the rules above (the text says which).
  std::expected<ModeOutcome, std::string> request(const ModeRequest& r, bool customer_in_session,
                                                  std::int64_t now_ms);
  // Applies a pending request once no customer is in a session; true when the mode changed.
  bool settle(bool customer_in_session, std::int64_t now_ms);

  const ModeState& current() const { return current_; }
  const std::optional<ModeRequest>& pending() const { return pending_; }
  // Customers are served in service (a session under way finishes while a change is pending).
  bool serving() const { return current_.mode == OperatorMode::InService; }
  // Why customers are not served ("" when serving()): "maintenance" or "operator_out_of_service".
  std::string closed_reason() const;

  nlohmann::json to_json() const;
  // Restores a book written by to_json(); nullopt when the text is not one.
  static std::optional<ModeBook> from_json(const nlohmann::json& j);

 private:
  ModeState current_;
  std::optional<ModeRequest> pending_;
};

// Checks a request's actor and message (the rules in ModeRequest); "" when fine.
std::string mode_request_problem(const ModeRequest& r);

}  // namespace kiosk::app
