// The cash-in shell: journal before act, and what it does when the journal cannot be written.
#include "kiosk/shell/cash_in_shell.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>

#include "../flows/cash_in_test_support.hpp"
#include "kiosk/shell/screen_presenter.hpp"

using namespace kiosk;
using namespace kiosk::app;
using namespace kiosk::flows;
using namespace kiosk::flows::cash_in;
using namespace kiosk::flows::cash_in::testing;

namespace {

struct ShellRig {
  std::string path;
  std::unique_ptr<oq::Store> store;
  Instant now{1'000'000};
  int ids = 0;
  CashInFlow flow;
  std::vector<std::string> device;  // what the shell told the devices, in order
  std::vector<nlohmann::json> screens;
  std::unique_ptr<CashInShell> shell;

  ShellRig()
      : path((std::filesystem::temp_directory_path() /
              ("shell-test-" + std::to_string(::getpid()) + ".db"))
                 .string()),
        flow(test_policy(), test_resolver(), [this] { return "tx-" + std::to_string(++ids); }) {
    std::filesystem::remove(path);
    store = std::move(*oq::Store::open(path));
    flow.set_market(test_market(now));
    flow.set_available(true, "");
    CashInPorts p;
    p.enable_notes = [this](const std::vector<Kzt>&) { device.push_back("enable"); };
    p.disable_notes = [this] { device.push_back("disable"); };
    p.stack_note = [this] { device.push_back("stack"); };
    p.return_note = [this] { device.push_back("return"); };
    p.print = [this](const Receipt&, std::function<void(bool, std::string)> done) {
      device.push_back("print");
      done(true, "");
    };
    p.show = [this](const nlohmann::json& s) { screens.push_back(s); };
    p.outbox_kick = [] {};
    shell = std::make_unique<CashInShell>(
        flow, *store, p, ShellClock{[this] { return now; }, [] { return 1'764'000'000'000; }});
  }
  ~ShellRig() { std::filesystem::remove(path); }

  // Makes every journal insert fail, as a full disk would (a second connection adds a trigger).
  void break_journal() {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db,
                         "CREATE TRIGGER fail_all BEFORE INSERT ON journal BEGIN SELECT "
                         "RAISE(FAIL, 'disk full'); END",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  void start() {
    shell->handle(Touch{"choose_language", "en"});
    shell->handle(Touch{"choose_asset", "BTC/bitcoin"});
    shell->handle(WalletScanned{"ok:bc1qexample"});
  }
  std::vector<std::string> journal_types() {
    auto last = store->last_row();
    std::vector<std::string> out;
    auto rows = store->rows_range(1, (last && *last) ? (*last)->seq : 0);
    for (auto& r : *rows) out.push_back(r.type);
    return out;
  }
};

}  // namespace

TEST_CASE("the credit is in the journal before the next step, and the purchase in the outbox") {
  ShellRig rig;
  rig.start();
  rig.shell->handle(NoteEvent{NoteEvent::Kind::Escrowed, Kzt{5000}, ""});
  CHECK(rig.journal_types().back() == "cash_in.note_stacking");  // written before the STACK
  CHECK(rig.device.back() == "stack");
  rig.shell->handle(NoteEvent{NoteEvent::Kind::Stacked, Kzt{5000}, ""});
  CHECK(rig.journal_types().back() == "cash_in.note_credited");
  rig.shell->handle(Touch{"confirm", ""});
  auto depth = rig.store->outbox().depth();
  REQUIRE(depth);
  CHECK(*depth == 1);
  auto item = rig.store->outbox().find(rig.flow.session().tx_id + ":cash-in");
  REQUIRE(item);
  REQUIRE(*item);
  auto body = nlohmann::json::parse((*item)->body);
  CHECK(body["fiat_kzt"] == 5000);
  CHECK(body["fee_kzt"] == 100);
  CHECK(rig.flow.screen() == Screen::Done);
  CHECK(rig.journal_types().back() == "cash_in.closed");
  CHECK(rig.store->verify().ok);
}

TEST_CASE("a journal that cannot be written never lets a note be stacked") {
  ShellRig rig;
  rig.start();
  REQUIRE(rig.flow.screen() == Screen::InsertNotes);
  rig.break_journal();
  rig.shell->handle(NoteEvent{NoteEvent::Kind::Escrowed, Kzt{5000}, ""});
  CHECK(rig.shell->journal_failed());
  CHECK(std::find(rig.device.begin(), rig.device.end(), "stack") == rig.device.end());
  CHECK(rig.device.back() == "disable");
  CHECK(std::find(rig.device.begin(), rig.device.end(), "return") != rig.device.end());
}

TEST_CASE("a journal that fails at the purchase queues nothing and prints nothing") {
  ShellRig rig;
  rig.start();
  rig.shell->handle(NoteEvent{NoteEvent::Kind::Escrowed, Kzt{1000}, ""});
  rig.shell->handle(NoteEvent{NoteEvent::Kind::Stacked, Kzt{1000}, ""});
  rig.break_journal();
  rig.shell->handle(Touch{"confirm", ""});
  CHECK(rig.shell->journal_failed());
  CHECK(*rig.store->outbox().depth() == 0);
  CHECK(std::find(rig.device.begin(), rig.device.end(), "print") == rig.device.end());
}

TEST_CASE("the screen is sent when it changes, not on every tick") {
  ShellRig rig;
  rig.start();
  auto before = rig.screens.size();
  rig.now += std::chrono::seconds(1);
  rig.shell->handle(Tick{});
  rig.now += std::chrono::seconds(1);
  rig.shell->handle(Tick{});
  CHECK(rig.screens.size() == before);
  CHECK(rig.screens.back()["screen"] == "insert_notes");
  CHECK(rig.screens.back()["deadline_s"] == 90);
}

TEST_CASE("rates on the screen are rounded down, with decimals only when they have a fraction") {
  CHECK(format_rate_kzt(*Rate::parse("48231000.25")) == "48 231 000.25 \u20B8");
  CHECK(format_rate_kzt(*Rate::parse("520.5")) == "520.50 \u20B8");
  CHECK(format_rate_kzt(*Rate::parse("520.999")) == "520.99 \u20B8");
  CHECK(format_rate_kzt(*Rate::parse("45000")) == "45 000 \u20B8");
}
