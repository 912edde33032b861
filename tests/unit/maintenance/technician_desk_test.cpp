// The technician desk (kiosk/runtime/technician_desk.hpp) over a real journal and fake ports:
// a refused badge is journaled with its reason and never its token, and nothing else happens; a
// good one enters maintenance as technician:<id>; five wrong PINs lock; the actions call the
// ports (the operator commands' functions) with the counted notes, and their failures and a
// missing permission are journaled under the technician's id; idle and the operator's
// leave_maintenance log the technician out.
#include "kiosk/runtime/technician_desk.hpp"

#include <doctest/doctest.h>

#include "kiosk/maintenance/cash_box.hpp"
#include "kiosk/runtime/sim_badge.hpp"
#include "kiosk/source_tree.hpp"

using namespace kiosk;
using namespace kiosk::app;
using Json = nlohmann::json;

namespace {

constexpr std::int64_t kWallS = 1'800'000'000;

struct Rig {
  std::unique_ptr<oq::Store> store = std::move(*oq::Store::open(":memory:"));
  Instant now{0};
  std::int64_t wall_ms = kWallS * 1000;
  bool in_session = false;
  OperatorMode mode = OperatorMode::InService;
  std::vector<std::string> mode_actors;
  std::vector<Json> refills;
  CommandOutcome refill_answer{"executed", "", Json::object()};
  Json last_screen;
  int closed = 0;
  std::unique_ptr<TechnicianDesk> desk;

  explicit Rig(DeskAbilities can = {true, false, false, false}) {
    auto key = oq::Ed25519PrivateKey::from_pem_file(sim_config_dir() + "/sim-operator-command.key");
    REQUIRE(key);
    TechnicianDeskConfig c;
    c.kiosk_id = "sim-ast-001";
    c.abilities = can;
    c.timeouts.idle = Millis{600'000};
    c.cassette_kzt = {20000, 10000};
    c.note_kzt = {1000, 5000};
    TechnicianDeskPorts p;
    p.customer_in_session = [this] { return in_session; };
    p.in_maintenance = [this] { return mode == OperatorMode::Maintenance; };
    p.request_mode = [this](OperatorMode m,
                            const std::string& actor) -> std::expected<ModeOutcome, std::string> {
      mode = m;
      mode_actors.push_back(actor);
      return ModeOutcome::Applied;
    };
    p.refill = [this](const Json& args, const std::string& actor) {
      refills.push_back({{"args", args}, {"actor", actor}});
      return refill_answer;
    };
    p.test_print = [](std::function<void(CommandOutcome)> done) {
      done({"executed", "", nullptr});
    };
    p.devices = [] { return Json{{"validator", {{"state", "ok"}}}}; };
    p.cassettes = [] { return Json::array(); };
    p.config_view = [] { return Json::array({{{"key", "kiosk_id"}, {"value", "sim-ast-001"}}}); };
    p.show = [this](Json s) { last_screen = std::move(s); };
    p.closed = [this] { ++closed; };
    desk = std::make_unique<TechnicianDesk>(
        *store, key->public_key(), PinGuard{}, c,
        ShellClock{[this] { return now; }, [this] { return wall_ms; }}, std::move(p));
  }

  std::string badge(Json opts) {
    auto payload = sim_badge_payload(opts, "sim-ast-001", kWallS);
    REQUIRE(payload);
    return *payload;
  }
  void show_badge(Json opts) {
    desk->open("en");
    desk->badge_scanned(badge(std::move(opts)));
  }
  std::vector<Json> rows(const char* type) {
    std::vector<Json> out;
    auto got = store->rows_of_types({type});
    REQUIRE(got);
    for (const auto& r : *got) out.push_back(Json::parse(r.payload));
    return out;
  }
  std::string screen() const { return last_screen.value("screen", ""); }
};

}  // namespace

TEST_CASE("refused badges: the reason on screen and in the journal, never the token") {
  struct Case {
    Json opts;
    const char* reason;
  };
  for (const auto& c :
       {Case{{{"forged", true}}, "bad_signature"}, Case{{{"expired", true}}, "expired"},
        Case{{{"kiosk", "ala-002"}}, "wrong_kiosk"}}) {
    CAPTURE(c.reason);
    Rig r;
    r.show_badge(c.opts);
    CHECK(r.screen() == "technician_refused");
    CHECK(r.last_screen["data"]["reason"] == c.reason);
    CHECK(r.mode_actors.empty());  // nothing else happened
    auto refused = r.rows(kBadgeRefused);
    REQUIRE(refused.size() == 1);
    CHECK(refused[0]["reason"] == c.reason);
    auto all = r.store->rows_range(1, 100);
    REQUIRE(all);
    for (const auto& row : *all) CHECK(row.payload.find("kiosk-badge:") == std::string::npos);
    // A forged badge's ids are anybody's text: not journaled.
    CHECK(refused[0].contains("technician") == (std::string(c.reason) != "bad_signature"));
    r.desk->touch("cancel", "");
    CHECK_FALSE(r.desk->active());
    CHECK(r.closed == 1);
  }
}

TEST_CASE("a wallet QR or garbage is no badge") {
  Rig r;
  r.desk->open("ru");
  r.desk->badge_scanned("bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
  CHECK(r.last_screen["data"]["reason"] == "malformed");
  CHECK(r.rows(kBadgeRefused).at(0).contains("technician") == false);
}

TEST_CASE("no badge opens the desk while a customer is in a session") {
  Rig r;
  r.in_session = true;
  r.show_badge(Json::object());
  CHECK(r.last_screen["data"]["reason"] == "customer_in_session");
  CHECK(r.mode_actors.empty());
}

TEST_CASE("a good badge enters maintenance as the technician and offers what it permits") {
  Rig r;
  r.show_badge({{"technician", "T-0043"}, {"permissions", {"refill", "diagnostics"}}});
  REQUIRE(r.screen() == "technician_desk");
  CHECK(r.mode == OperatorMode::Maintenance);
  CHECK(r.mode_actors == std::vector<std::string>{"technician:T-0043"});
  CHECK(r.rows(kTechnicianLoggedIn).at(0)["technician"] == "T-0043");
  const Json& actions = r.last_screen["actions"];
  CHECK(actions["refill"] == "counts");
  CHECK(actions["device_status"] == true);
  CHECK(actions["test_print"] == true);
  CHECK_FALSE(actions.contains("collect_cash_box"));
  CHECK_FALSE(actions.contains("test_dispense"));       // not in this build: shown, not offered
  CHECK(r.last_screen["data"]["offered"].size() == 5);  // refill and the four diagnostics
}

TEST_CASE("a refill passes the counted notes per cassette to the refill command's function") {
  Rig r;
  r.show_badge({{"technician", "T-0042"}});
  r.desk->touch("refill", "50,100");
  REQUIRE(r.refills.size() == 1);
  CHECK(r.refills[0]["actor"] == "technician:T-0042");
  CHECK(r.refills[0]["args"] ==
        Json{{"cassettes", {{{"kzt", 20000}, {"count", 50}}, {{"kzt", 10000}, {"count", 100}}}}});
  CHECK(r.last_screen["data"]["result"]["status"] == "executed");
  auto done = r.rows(kTechnicianAction);
  REQUIRE(done.size() == 1);
  CHECK(
      done[0] ==
      Json{{"technician", "T-0042"}, {"action", "refill"}, {"status", "executed"}, {"reason", ""}});
}

TEST_CASE("a refill's failure paths: wrong number of counts, bad counts, the function failing") {
  Rig r;
  r.show_badge({{"technician", "T-0042"}});
  r.desk->touch("refill", "50");        // two cassettes
  r.desk->touch("refill", "50,20000");  // above the command's 10000 a cassette
  CHECK(r.refills.empty());
  r.refill_answer = {"failed", "journal_unwritable", nullptr};
  r.desk->touch("refill", "50,100");
  CHECK(r.refills.size() == 1);
  auto done = r.rows(kTechnicianAction);
  REQUIRE(done.size() == 3);
  CHECK(done[0]["reason"] == "bad_counts");
  CHECK(done[1]["reason"] == "bad_counts");
  CHECK(done[2]["reason"] == "journal_unwritable");
  CHECK(r.last_screen["data"]["result"]["status"] == "failed");
}

TEST_CASE("collecting the cash box journals the counted notes under the technician") {
  Rig r;
  r.show_badge({{"technician", "T-0044"}, {"permissions", {"collect"}}});
  r.desk->touch("collect_cash_box", "3,0");
  auto collected = r.rows(kCashBoxCollected);
  REQUIRE(collected.size() == 1);
  CHECK(collected[0]["by"] == "technician:T-0044");
  CHECK(collected[0]["since_last"]["kzt"] == 3000);
  r.desk->touch("collect_cash_box", "1");  // one count for two notes
  CHECK(r.rows(kCashBoxCollected).size() == 1);
  CHECK(r.rows(kTechnicianAction).back()["reason"] == "bad_counts");
}

TEST_CASE("an action the badge does not permit is refused and journaled, never run") {
  Rig r;
  r.show_badge({{"technician", "T-0044"}, {"permissions", {"collect"}}});
  r.desk->touch("refill", "1,1");
  r.desk->touch("test_print", "");
  CHECK(r.refills.empty());
  for (const auto& row : r.rows(kTechnicianAction)) {
    CHECK(row["status"] == "refused");
    CHECK(row["reason"] == "not_permitted");
  }
  CHECK(r.rows(kTechnicianAction).size() == 2);
}

TEST_CASE("five wrong PINs lock the technician; the lock holds for the next badge too") {
  Rig r;
  r.show_badge({{"technician", "T-0045"}, {"pin", "2468"}});
  REQUIRE(r.screen() == "technician_pin");
  for (int i = 0; i < 4; ++i) {
    r.desk->touch("pin", "1111");
    CHECK(r.last_screen["data"]["tries_left"] == 4 - i);
  }
  r.desk->touch("pin", "1111");
  CHECK(r.last_screen["data"]["reason"] == "pin_locked");
  CHECK(r.mode_actors.empty());
  auto tries = r.rows(kPinTried);
  CHECK(tries.size() == 5);
  auto all = r.store->rows_range(1, 100);
  REQUIRE(all);
  for (const auto& t : *all) CHECK(t.payload.find("1111") == std::string::npos);
  r.desk->touch("cancel", "");
  r.show_badge({{"technician", "T-0045"}, {"pin", "2468"}});
  CHECK(r.last_screen["data"]["reason"] == "pin_locked");  // before any PIN is typed
  r.wall_ms += 15 * 60 * 1000;                             // the lock runs out
  r.desk->touch("cancel", "");
  r.show_badge({{"technician", "T-0045"}, {"pin", "2468"}});
  r.desk->touch("pin", "2468");
  CHECK(r.screen() == "technician_desk");
  CHECK(r.mode_actors == std::vector<std::string>{"technician:T-0045"});
}

TEST_CASE("Finish leaves maintenance; idle logs out and the kiosk stays in maintenance") {
  Rig r;
  r.show_badge({{"technician", "T-0042"}});
  r.desk->touch("finish", "");
  CHECK(r.mode == OperatorMode::InService);
  CHECK(r.mode_actors.back() == "technician:T-0042");
  CHECK(r.rows(kTechnicianLoggedOut).at(0)["why"] == "finish");
  CHECK(r.closed == 1);

  r.show_badge({{"technician", "T-0042"}});
  r.now = Instant{599'999};
  r.desk->tick();
  CHECK(r.desk->active());
  r.now = Instant{600'000};
  r.desk->tick();
  CHECK_FALSE(r.desk->active());
  CHECK(r.mode == OperatorMode::Maintenance);
  CHECK(r.rows(kTechnicianLoggedOut).at(1)["why"] == "idle");
}

TEST_CASE("the operator's leave_maintenance logs the technician out") {
  Rig r;
  r.show_badge({{"technician", "T-0042"}});
  r.mode = OperatorMode::InService;  // leave_maintenance from afar
  r.desk->tick();
  CHECK_FALSE(r.desk->active());
  CHECK(r.rows(kTechnicianLoggedOut).at(0)["why"] == "left_maintenance");
}

TEST_CASE("parse_counts") {
  CHECK(parse_counts("5,0,12") == std::vector<std::int64_t>{5, 0, 12});
  CHECK_FALSE(parse_counts(""));
  CHECK_FALSE(parse_counts("5,"));
  CHECK_FALSE(parse_counts("123456"));
  CHECK_FALSE(parse_counts("-1"));
}
