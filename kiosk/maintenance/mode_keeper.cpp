#include "kiosk/maintenance/mode_keeper.hpp"

#include "kiosk/log.hpp"

namespace kiosk::app {
namespace {
constexpr const char* kStateKey = "operator.mode";
}

std::expected<void, std::string> ModeKeeper::restore() {
  auto saved = store_.get_state(kStateKey);
  if (!saved) return std::unexpected("operator mode: " + saved.error().what);
  if (!*saved) return {};
  auto j = nlohmann::json::parse(**saved, nullptr, false);
  auto book = ModeBook::from_json(j);
  if (!book) return std::unexpected("operator mode: the saved mode does not read");
  book_ = std::move(*book);
  log_event(LogLevel::Info, "kiosk.mode_restored",
            {{"mode", to_string(book_.current().mode)}, {"actor", book_.current().actor}});
  return {};
}

std::expected<void, std::string> ModeKeeper::save(const char* type, const ModeBook& next,
                                                  const nlohmann::json& extra) {
  nlohmann::json payload = next.to_json();
  for (auto it = extra.begin(); it != extra.end(); ++it) payload[it.key()] = it.value();
  auto row = store_.append(oq::JournalEntry{"", type, payload.dump(), wall_ms_()});
  if (!row) return std::unexpected("journal: " + row.error().what);
  if (auto s = store_.put_state(kStateKey, next.to_json().dump()); !s)
    return std::unexpected("state: " + s.error().what);
  return {};
}

std::expected<ModeOutcome, std::string> ModeKeeper::request(const ModeRequest& r,
                                                            bool customer_in_session) {
  ModeBook next = book_;
  auto outcome = next.request(r, customer_in_session, wall_ms_());
  if (!outcome) return outcome;
  if (*outcome == ModeOutcome::Unchanged && !book_.pending()) return outcome;
  // A change waiting for a session (or a waiting one withdrawn) is a request; only a mode now in
  // force is a change.
  const char* type = *outcome == ModeOutcome::Applied ? kModeChanged : kModeRequested;
  if (auto s = save(type, next,
                    {{"by", r.actor},
                     {"previous", to_string(book_.current().mode)},
                     {"outcome", to_string(*outcome)}});
      !s)
    return std::unexpected(s.error());
  book_ = std::move(next);
  log_event(LogLevel::Info, type,
            {{"mode", to_string(book_.current().mode)},
             {"requested", to_string(r.target)},
             {"outcome", to_string(*outcome)},
             {"by", r.actor}});
  return outcome;
}

bool ModeKeeper::settle(bool customer_in_session) {
  ModeBook next = book_;
  const std::string by = next.pending() ? next.pending()->actor : "";
  if (!next.settle(customer_in_session, wall_ms_())) return false;
  if (auto s = save(kModeChanged, next,
                    {{"by", by}, {"previous", to_string(book_.current().mode)}, {"waited", true}});
      !s) {
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", kModeChanged}, {"error", s.error()}});
    return false;  // tried again on the next tick
  }
  book_ = std::move(next);
  log_event(LogLevel::Info, kModeChanged,
            {{"mode", to_string(book_.current().mode)}, {"by", by}, {"waited", "yes"}});
  return true;
}

}  // namespace kiosk::app
