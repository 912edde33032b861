// The operator's mode, kept: a ModeBook (operator_mode.hpp) whose every change is journaled
// (`kiosk.mode_changed`, or `kiosk.mode_requested` while it waits for a session to end) and saved
// in the store's state table, from which start() restores it. The runtime asks it whether
// customers may be served and calls settle() on its tick.
#pragma once

#include <expected>
#include <functional>
#include <string>

#include "kiosk/maintenance/operator_mode.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

inline constexpr const char* kModeChanged = "kiosk.mode_changed";
inline constexpr const char* kModeRequested = "kiosk.mode_requested";

class ModeKeeper {
 public:
  ModeKeeper(oq::Store& store, std::function<std::int64_t()> wall_ms)
      : store_(store), wall_ms_(std::move(wall_ms)) {}

  // Restores the mode saved by the last run (in service when none). An unreadable saved mode is
  // an error: the kiosk does not guess it back into service.
  std::expected<void, std::string> restore();
  // Journals and saves the request's outcome; refuses a bad actor or message, or a journal that
  // cannot be written (then nothing changed).
  std::expected<ModeOutcome, std::string> request(const ModeRequest& r, bool customer_in_session);
  // Applies a pending change once no customer is in a session; true when the mode changed.
  bool settle(bool customer_in_session);

  const ModeBook& book() const { return book_; }

 private:
  std::expected<void, std::string> save(const char* type, const ModeBook& next,
                                        const nlohmann::json& extra);

  oq::Store& store_;
  std::function<std::int64_t()> wall_ms_;
  ModeBook book_;
};

}  // namespace kiosk::app
