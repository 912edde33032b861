// KioskRuntime's maintenance actions, shared by the operator's signed commands
// (kiosk_runtime_operator.cpp), `kiosk ctl` and the technician screen: a refill and a test
// dispense, each named by its actor. The jobs themselves live in kiosk/shell/cassette_refill and
// kiosk/maintenance/test_dispense; this file only connects them to the runtime's parts.
#include "kiosk/log.hpp"
#include "kiosk/maintenance/config_overlay.hpp"
#include "kiosk/maintenance/test_page.hpp"
#include "kiosk/observe/software_version.hpp"
#include "kiosk/runtime/kiosk_runtime.hpp"
#include "kiosk/shell/cassette_refill.hpp"

namespace kiosk::app {

using Json = nlohmann::json;

std::expected<Json, RefillError> KioskRuntime::refill_cassettes_now(
    const std::vector<flows::dispense::Cassette>& counted, int reject_emptied,
    const std::string& actor) {
  if (!cash_out_ || !opt_.config.dispenser)
    return std::unexpected(RefillError{"no_dispenser", "this kiosk has no dispenser"});
  if (customer_in_session())
    return std::unexpected(RefillError{"busy", "a customer is in a session"});
  auto out = refill_cassettes(*store_, counted, reject_emptied, actor, clock_.wall_ms(),
                              opt_.config.dispenser->cassettes.size());
  if (!out) return out;
  cassettes_refilled(counted);
  return out;
}

void KioskRuntime::cassettes_refilled(const std::vector<flows::dispense::Cassette>& counted) {
  if (sim_ && sim_->dispenser())  // the technician put the notes in the simulated cassettes
    for (const auto& k : counted) sim_->dispenser()->set_count(k.index, k.count);
  if (cash_out_) cash_out_->cassettes_refilled();  // also clears pick-up errors
  if (flow_) refresh_offers();
}

void KioskRuntime::test_dispense(TestDispenseRequest req,
                                 std::function<void(MaintenanceDone)> done) {
  auto refuse = [&](const char* reason, const char* why) {
    done(MaintenanceDone{false, reason, Json{{"why", why}}});
  };
  if (!cash_out_ || !opt_.config.dispenser) return refuse("no_dispenser", "no dispenser");
  if (customer_in_session()) return refuse("busy", "customer_in_session");
  if (!modes_ || modes_->book().current().mode != OperatorMode::Maintenance)
    return refuse("busy", "not_in_maintenance");
  if (req.cassette < 0 || req.cassette >= static_cast<int>(opt_.config.dispenser->cassettes.size()))
    return refuse("no_such_cassette", "the dispenser has fewer cassettes");
  CashOutStation* station = cash_out_.get();
  run_test_dispense(
      *store_, clock_.wall_ms,
      [station](int cassette, std::function<void(const devices::DispenseOutcome&)> then) {
        station->test_dispense(cassette, std::move(then));
      },
      std::move(req),
      [this, alive = alive_, done = std::move(done)](MaintenanceDone d) {
        if (*alive && flow_) refresh_offers();
        done(std::move(d));
      });
}

void KioskRuntime::test_print(const std::string& actor, std::function<void(MaintenanceDone)> done) {
  if (customer_in_session())
    return done(MaintenanceDone{false, "busy", Json{{"why", "customer_in_session"}}});
  auto journal = [this, actor](const Json& what) {
    Json payload = what;
    payload["by"] = actor;
    if (auto r = store_->append(
            oq::JournalEntry{"", "maintenance.test_printed", payload.dump(), clock_.wall_ms()});
        !r)
      log_event(LogLevel::Error, "journal.append_failed",
                {{"type", "maintenance.test_printed"}, {"error", r.error().what}});
  };
  printer_->query_status(
      [this, actor, journal, alive = alive_, done = std::move(done)](auto s) mutable {
        if (!*alive) return;
        if (!s) {
          Json out = {{"printed", false}, {"why", s.error()}};
          journal(out);
          return done(MaintenanceDone{false, "printer_unreachable", out});
        }
        if (!s->ok()) {
          Json out = {{"printed", false}, {"printer", s->describe()}};
          journal(out);
          return done(MaintenanceDone{false, "printer_not_ready", out});
        }
        const TestPageFacts facts{opt_.config.kiosk_id, clock_.wall_ms(), software_version(),
                                  s->describe(), actor};
        printer_->print(test_page(facts), [facts, journal, done = std::move(done)](auto r) {
          Json out = {{"printed", r.has_value()},
                      {"kiosk_id", facts.kiosk_id},
                      {"time", utc_text(facts.now_ms)},
                      {"version", facts.version},
                      {"printer", facts.printer}};
          if (!r) out["why"] = r.error();
          journal(out);
          done(MaintenanceDone{r.has_value(), r ? "" : "print_failed", out});
        });
      });
}

MaintenanceDone KioskRuntime::set_config(const Json& patch, const std::string& actor) {
  if (customer_in_session()) return {false, "busy", Json{{"why", "customer_in_session"}}};
  auto r = change_config(opt_.config, *store_, patch, actor, clock_.wall_ms());
  if (!r) return {false, r.error().kind, Json{{"problems", r.error().problems}}};
  // Every part built from the config holds its own copy (flows' policies, the planner, the
  // screens): none of these keys is swapped under a running part yet, so each takes effect at
  // the next start (the operator's `restart`, or the service manager's).
  log_event(LogLevel::Info, "config.changed",
            {{"version", std::to_string(r->overlay.version)}, {"by", actor}});
  return {true, "",
          Json{{"version", r->overlay.version},
               {"old", r->old_values},
               {"new", r->new_values},
               {"applied_now", Json::array()},
               {"restart_required", overlay_leaves(patch)}}};
}

// `kiosk ctl test-dispense --cassette N [--count K]`: the technician at the kiosk, in maintenance.
void KioskRuntime::add_ctl_maintenance() {
  observe_->ctl().add_async(
      "test_dispense", [this](const Json& args, std::function<void(Json)> reply) {
        auto a = ctl_test_dispense_args(args);
        if (!a) return reply(ctl_error("bad_request", a.error()));
        test_dispense({a->cassette, a->count, "ctl"}, [reply](MaintenanceDone d) {
          if (d.ok) return reply(ctl_ok(d.report));
          const std::string why =
              d.report.is_object() && d.report.contains("why") && d.report["why"].is_string()
                  ? d.reason + ": " + d.report["why"].get<std::string>()
                  : d.reason;
          Json e = ctl_error(d.reason == "busy" ? "busy" : "failed", why);
          e["result"] = d.report;
          reply(e);
        });
      });
}

}  // namespace kiosk::app
