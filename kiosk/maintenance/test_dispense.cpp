#include "kiosk/maintenance/test_dispense.hpp"

#include <memory>

#include "flows/dispense/plan_text.hpp"
#include "kiosk/log.hpp"

namespace kiosk::app {

using Json = nlohmann::json;
using Result = devices::DispenseOutcome::Result;

std::vector<flows::dispense::CassetteMove> test_dispense_moves(const devices::DispenseOutcome& o) {
  std::vector<flows::dispense::CassetteMove> moves;
  if (o.result == Result::Unknown) return moves;
  for (std::size_t i = 0; i < o.cassettes.size(); ++i) {
    const int n = o.cassettes[i].delivered + o.cassettes[i].rejected;
    if (n > 0) moves.push_back({static_cast<int>(i), 0, n});
  }
  return moves;
}

bool TestDispenseReport::add(const devices::DispenseOutcome& o) {
  ++attempts_;
  for (const auto& m : test_dispense_moves(o)) moved_ += m.rejected;
  if (o.result == Result::Complete) return !done();
  finished_ = true;
  error_ = o.error;
  unknown_ = o.result == Result::Unknown;
  refused_ = o.error.starts_with("refused: ") && moved_ == 0 && attempts_ == 1;
  return false;
}

std::string TestDispenseReport::result() const {
  if (unknown_) return "unknown";
  if (refused_) return "refused";
  if (finished_) return "partial";
  return attempts_ >= req_.count ? "complete" : "running";
}

Json TestDispenseReport::to_json() const {
  return {{"cassette", req_.cassette}, {"requested", req_.count}, {"moved_to_reject_tray", moved_},
          {"attempts", attempts_},     {"result", result()},      {"error", error_},
          {"by", req_.actor}};
}

namespace {

struct Run : std::enable_shared_from_this<Run> {
  oq::Store& store;
  std::function<std::int64_t()> now_ms;
  TestDispensePort dispense;
  TestDispenseReport report;
  std::function<void(MaintenanceDone)> done;

  Run(oq::Store& s, std::function<std::int64_t()> n, TestDispensePort d, TestDispenseRequest r,
      std::function<void(MaintenanceDone)> f)
      : store(s),
        now_ms(std::move(n)),
        dispense(std::move(d)),
        report(std::move(r)),
        done(std::move(f)) {}

  bool journal(const char* type, const Json& payload) {
    auto row = store.append(oq::JournalEntry{"", type, payload.dump(), now_ms()});
    if (!row)
      log_event(LogLevel::Error, "journal.append_failed",
                {{"type", type}, {"error", row.error().what}});
    return row.has_value();
  }

  void finish(bool ok, std::string reason) {
    const Json out = report.to_json();
    log_event(ok ? LogLevel::Info : LogLevel::Warn, "maintenance.test_dispense",
              {{"cassette", std::to_string(report.request().cassette)},
               {"moved", std::to_string(report.moved())},
               {"result", report.result()}});
    done(MaintenanceDone{ok, std::move(reason), out});
  }

  void next() {
    auto self = shared_from_this();
    dispense(report.request().cassette,
             [self](const devices::DispenseOutcome& o) { self->on_outcome(o); });
  }

  void on_outcome(const devices::DispenseOutcome& o) {
    const bool more = report.add(o);
    const auto& req = report.request();
    const Json row = {{"by", req.actor},
                      {"cassette", req.cassette},
                      {"result", devices::to_string(o.result)},
                      {"error", o.error},
                      {"moves", flows::dispense::moves_to_text(test_dispense_moves(o))}};
    if (!journal(kTestDispensed, row)) return finish(false, "journal_unwritable");
    if (more) return next();
    const std::string r = report.result();
    if (r == "complete") return finish(true, "");
    finish(false, r == "refused"   ? "dispenser_refused"
                  : r == "unknown" ? "test_dispense_unknown"
                                   : "test_dispense_partial");
  }
};

}  // namespace

void run_test_dispense(oq::Store& store, std::function<std::int64_t()> now_ms,
                       TestDispensePort dispense, TestDispenseRequest req,
                       std::function<void(MaintenanceDone)> done) {
  auto run = std::make_shared<Run>(store, std::move(now_ms), std::move(dispense), std::move(req),
                                   std::move(done));
  const auto& r = run->report.request();
  if (r.count < 1 || r.count > kMaxTestDispenseNotes || r.cassette < 0)
    return run->finish(false, "bad_args");
  if (!run->journal(kTestDispenseStarted,
                    Json{{"by", r.actor}, {"cassette", r.cassette}, {"count", r.count}}))
    return run->finish(false, "journal_unwritable");
  run->next();
}

}  // namespace kiosk::app
