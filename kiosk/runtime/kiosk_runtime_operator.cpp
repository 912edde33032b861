// KioskRuntime's remote-maintenance side: the operator's mode and the signed operator commands.
// The logic lives in kiosk/maintenance/ (modes, verification, the poller); this file connects
// it to the runtime's parts and runs each command.
#include <boost/asio/post.hpp>
#include <csignal>

#include "kiosk/config/key_files.hpp"
#include "kiosk/log.hpp"
#include "kiosk/maintenance/cash_box.hpp"
#include "kiosk/maintenance/cash_reports.hpp"
#include "kiosk/runtime/kiosk_runtime.hpp"
#include "kiosk/shell/cassette_ledger.hpp"
#include "offline_queue/operator_command_args.hpp"

namespace kiosk::app {

using Json = nlohmann::json;

bool KioskRuntime::customer_in_session() const {
  if (cash_out_ && cash_out_->active()) return true;
  return flow_ && flow_->screen() != flows::cash_in::Screen::Welcome;
}

std::expected<ModeOutcome, std::string> KioskRuntime::request_mode(OperatorMode target,
                                                                   const std::string& actor,
                                                                   const std::string& message) {
  if (!modes_) return std::unexpected("the kiosk is not started");
  auto r = modes_->request(ModeRequest{target, actor, message}, customer_in_session());
  if (!r) return r;
  if (sim_)
    console_log(std::string("operator mode: ") + to_string(target) + " by " + actor + " (" +
                to_string(*r) + ")");
  // Back in service by the operator's word (even if it never left): the pick-up errors were
  // looked at.
  if (target == OperatorMode::InService && *r != ModeOutcome::Pending && cash_out_)
    cash_out_->clear_pickup_errors();
  if (*r == ModeOutcome::Applied) refresh_availability();
  return r;
}

void KioskRuntime::settle_operator_mode() {
  if (modes_ && modes_->settle(customer_in_session())) {
    if (sim_)
      console_log(std::string("operator mode: ") + to_string(modes_->book().current().mode) +
                  " (the session ended)");
    refresh_availability();
  }
}

void KioskRuntime::on_commands_after(std::int64_t seq) {
  if (commands_) commands_->on_commands_after(seq);
}

std::expected<void, std::string> KioskRuntime::start_operator() {
  const auto& c = opt_.config.commands;
  if (c.public_key_file.empty()) {
    log_event(LogLevel::Warn, "operator.commands_off",
              {{"why", "no operator.command_public_key_file: commands are not polled"}});
    return {};
  }
  auto key = read_command_public_key(opt_.config);
  if (!key) return std::unexpected(key.error());
  CommandPollerConfig pc{opt_.config.kiosk_id, Millis{c.poll_ms}, c.max_skew_s};
  commands_ = std::make_unique<CommandPoller>(
      io_, *client_, *store_, std::move(*key), pc, clock_.wall_ms,
      [this](const oq::OperatorCommand& cmd, std::function<void(CommandOutcome)> done) {
        run_command(cmd, std::move(done));
      });
  commands_->on_result_queued([this] { pump_->kick(); });
  return commands_->start();
}

Json KioskRuntime::status_json() {
  const auto& book = modes_->book();
  std::string mode = !book.serving()                         ? to_string(book.current().mode)
                     : supervisor_.mode() == Mode::InService ? "in_service"
                                                             : to_string(supervisor_.mode());
  Json s = {{"kiosk_id", opt_.config.kiosk_id},
            {"mode", mode},
            {"operator_mode", book.to_json()},
            {"device_mode", to_string(supervisor_.mode())},
            {"device_reason", supervisor_.reason()},
            {"offers", to_json(offers_)},
            {"customer_in_session", customer_in_session()},
            {"online", exchange_online()},
            {"highest_command_seq", commands_ ? commands_->highest_executed_seq() : 0}};
  if (auto d = store_->outbox().depth()) s["outbox_depth"] = *d;
  if (auto f = store_->outbox().list_failed()) s["outbox_failed"] = f->size();
  if (cash_out_) {
    if (auto b = current_cassette_book(*store_); b && *b) s["cash"] = cassette_book_json(**b);
    s["cash_out_suspended"] =
        cash_out_->suspended() ? Json(cash_out_->suspended_reason()) : Json(nullptr);
  }
  return s;
}

namespace {
CommandOutcome executed(Json output = nullptr) { return {"executed", "", std::move(output)}; }
CommandOutcome failed(std::string reason, Json output = nullptr) {
  return {"failed", std::move(reason), std::move(output)};
}
CommandOutcome busy(const char* why) { return {"refused", "busy", Json{{"why", why}}}; }
}  // namespace

void KioskRuntime::run_command(const oq::OperatorCommand& c,
                               std::function<void(CommandOutcome)> done) {
  const oq::CommandSpec* spec = oq::find_command(c.name);
  const std::string actor = "operator:" + c.id;
  if (sim_) console_log("operator command " + c.name + " (seq " + std::to_string(c.seq) + ")");
  if (spec == nullptr) return done(failed("unknown_command"));
  if (spec->disruptive && customer_in_session()) return done(busy("customer_in_session"));
  if (spec->maintenance_only && modes_->book().current().mode != OperatorMode::Maintenance)
    return done(busy("not_in_maintenance"));

  auto mode = [&](OperatorMode m, const std::string& message) {
    auto r = request_mode(m, actor, message);
    if (!r) return failed("mode_refused", Json{{"why", r.error()}});
    return executed(Json{{"outcome", to_string(*r)}, {"mode", modes_->book().to_json()}});
  };
  const std::string& n = c.name;
  if (n == "status") return done(executed(status_json()));
  if (n == "enter_maintenance") return done(mode(OperatorMode::Maintenance, ""));
  if (n == "leave_maintenance") {
    if (modes_->book().current().mode != OperatorMode::Maintenance && !modes_->book().pending())
      return done(executed(Json{{"outcome", "unchanged"}, {"mode", modes_->book().to_json()}}));
    return done(mode(OperatorMode::InService, ""));
  }
  if (n == "out_of_service")
    return done(mode(OperatorMode::OutOfService, c.args.value("message", std::string())));
  if (n == "in_service") return done(mode(OperatorMode::InService, ""));
  if (n == "refill") return done(refill(c));
  if (n == "reconcile") {
    if (!cash_out_) return done(failed("no_dispenser"));
    auto book = current_cassette_book(*store_);
    if (!book || !*book) return done(failed("no_cassette_book"));
    Json out = cassette_book_json(**book);
    out["configured"] = Json::array();
    if (opt_.config.dispenser)
      for (const auto& k : opt_.config.dispenser->cassettes)
        out["configured"].push_back({{"kzt", k.kzt}, {"count", k.count}});
    if (sim_ && sim_->dispenser()) {  // the simulated device's own counts: the physical truth
      Json device = Json::array();
      for (int i = 0; i < sim_->dispenser()->cassette_count(); ++i)
        device.push_back({{"index", i}, {"left", sim_->dispenser()->left(i)}});
      out["device"] = device;
    }
    return done(executed(out));
  }
  if (n == "collect_cash_box") {
    std::vector<NoteCount> counted;
    for (const auto& note : c.args["notes"])
      counted.push_back({note["kzt"].get<std::int64_t>(), note["count"].get<std::int64_t>()});
    auto record = collect_cash_box(*store_, counted, actor, clock_.wall_ms());
    return done(record ? executed(*record)
                       : failed("journal_unwritable", Json{{"why", record.error()}}));
  }
  if (n == "export_journal") {  // the rows go back in the result, through the outbox
    auto rows =
        store_->rows_range(c.args["from"].get<std::int64_t>(), c.args["to"].get<std::int64_t>());
    if (!rows) return done(failed("journal_unreadable"));
    Json list = Json::array();
    for (const auto& r : *rows)
      list.push_back({{"seq", r.seq},
                      {"tx_id", r.tx_id},
                      {"type", r.type},
                      {"payload", r.payload},
                      {"at_ms", r.at_ms},
                      {"prev_hash", r.prev_hash},
                      {"hash", r.hash}});
    return done(executed(Json{{"rows", list}}));
  }
  if (n == "lift_cash_out_suspension") {
    if (!cash_out_) return done(failed("no_dispenser"));
    if (!cash_out_->suspended()) return done(failed("not_suspended"));
    const std::string was = cash_out_->suspended_reason();
    auto row = store_->append(oq::JournalEntry{
        "", "cash_out.suspension_lifted",
        Json{{"by", actor}, {"was", was}, {"note", c.args.value("note", std::string())}}.dump(),
        clock_.wall_ms()});
    if (!row) return done(failed("journal_unwritable"));
    cash_out_->lift_suspension();
    refresh_offers();
    return done(executed(Json{{"lifted", was}}));
  }
  if (n == "retry_failed") {
    auto items = store_->outbox().list_failed();
    if (!items) return done(failed("outbox_unreadable"));
    const std::string only = c.args.value("key", std::string());
    Json keys = Json::array();
    for (const auto& item : *items) {
      if (!only.empty() && item.idempotency_key != only) continue;
      if (store_->outbox().retry_failed(item.idempotency_key, clock_.wall_ms()))
        keys.push_back(item.idempotency_key);
    }
    if (!only.empty() && keys.empty()) return done(failed("no_such_failed_entry"));
    pump_->kick();
    return done(executed(Json{{"requeued", keys}}));
  }
  if (n == "restart") {
    // A clean stop a second after the result is queued (time to deliver it; else it goes after
    // the restart); `kiosk run` then exits kExitRestart and the service manager starts it again.
    restart_requested_ = true;
    done(executed(Json{{"restarting", true}}));
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, Millis{1000});
    timer->async_wait([timer](auto ec) {
      if (!ec) std::raise(SIGTERM);
    });
    return;
  }
  if (n == "test_dispense") {
    TestDispenseRequest req{c.args["cassette"].get<int>(), c.args.value("count", 1), actor};
    return test_dispense(std::move(req), [done = std::move(done)](MaintenanceDone d) {
      if (d.ok) return done(executed(d.report));
      if (d.reason == "busy") return done({"refused", "busy", d.report});
      done(failed(d.reason, d.report));
    });
  }
  if (n == "set_config") {
    MaintenanceDone d = set_config(c.args, actor);
    if (d.ok) return done(executed(d.report));
    if (d.reason == "busy" || d.reason == "bad_args") return done({"refused", d.reason, d.report});
    return done(failed(d.reason, d.report));
  }
  if (n == "test_print") {
    return test_print(actor, [done = std::move(done)](MaintenanceDone d) {
      done(d.ok ? executed(d.report) : failed(d.reason, d.report));
    });
  }
  done(failed("not_implemented"));
}

CommandOutcome KioskRuntime::refill(const oq::OperatorCommand& c) {
  return refill_counted(c.args, "operator:" + c.id);
}

// The `refill` command's work, for the operator's command and the technician's screen alike.
CommandOutcome KioskRuntime::refill_counted(const Json& args, const std::string& actor) {
  std::vector<flows::dispense::Cassette> counted;
  const auto& list = args["cassettes"];
  for (std::size_t i = 0; i < list.size(); ++i)
    counted.push_back({static_cast<int>(i), flows::Kzt{list[i]["kzt"].get<std::int64_t>()},
                       list[i]["count"].get<int>()});
  auto out = refill_cassettes_now(counted, args.value("reject_emptied", 0), actor);
  if (!out) {
    if (out.error().kind == "busy") return busy("customer_in_session");
    return failed(out.error().kind, Json{{"why", out.error().why}});
  }
  return executed(*out);
}

}  // namespace kiosk::app
