// Money out: the dispense executor journals each batch's intent before the command and its result
// after, and stops at the first short or unknown batch.
#include "kiosk/shell/dispense_executor.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>

using namespace kiosk;
using namespace kiosk::app;
using Result = devices::DispenseOutcome::Result;

namespace {

struct Rig {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("dispense-test-" + std::to_string(::getpid()) + ".db"))
                         .string();
  std::unique_ptr<oq::Store> store;
  std::vector<std::vector<int>> sent;             // commands the device received
  std::vector<devices::DispenseOutcome> answers;  // what the device answers, in order
  std::vector<std::string> types_when_sent;       // journal types at each command
  std::optional<PayoutResult> result;
  std::unique_ptr<DispenseExecutor> exec;

  Rig() {
    std::filesystem::remove(path);
    store = std::move(*oq::Store::open(path));
    exec = std::make_unique<DispenseExecutor>(
        *store,
        [this](const std::vector<int>& counts,
               std::function<void(const devices::DispenseOutcome&)> done) {
          sent.push_back(counts);
          types_when_sent.push_back(types().back());
          auto a = answers.at(sent.size() - 1);
          done(a);
        },
        ShellClock{[] { return Instant{1000}; }, [] { return std::int64_t{1'764'000'000'000}; }});
  }
  ~Rig() { std::filesystem::remove(path); }

  std::vector<std::string> types() {
    auto last = store->last_row();
    std::vector<std::string> out;
    auto rows = store->rows_range(1, (last && *last) ? (*last)->seq : 0);
    for (auto& r : *rows) out.push_back(r.type);
    return out;
  }
  void run(PayoutOrder o) {
    exec->run(std::move(o), [this](const PayoutResult& r) { result = r; });
  }
  void break_journal() {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db,
                         "CREATE TRIGGER fail_all BEFORE INSERT ON journal BEGIN SELECT "
                         "RAISE(FAIL, 'disk full'); END",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
};

devices::DispenseOutcome outcome(Result r, std::vector<devices::CassetteDelivery> c,
                                 std::string error = "") {
  return devices::DispenseOutcome{r, std::move(c), std::move(error)};
}

PayoutOrder order_26000() {
  // 5000 x 4 + 2000 x 3, in two batches.
  return PayoutOrder{
      "tx-1", "ord-1", flows::Kzt{26000}, {flows::Kzt{5000}, flows::Kzt{2000}}, {{3, 0}, {1, 3}}};
}

}  // namespace

TEST_CASE("a complete payout: intent before each command, result after") {
  Rig rig;
  rig.answers = {outcome(Result::Complete, {{3, 3, 0}, {0, 0, 0}}),
                 outcome(Result::Complete, {{1, 1, 1}, {3, 3, 0}})};
  rig.run(order_26000());
  REQUIRE(rig.result);
  CHECK(rig.result->result == Result::Complete);
  CHECK(rig.result->delivered == flows::Kzt{26000});
  CHECK(rig.result->shortfall == flows::Kzt{0});
  CHECK(rig.result->cassettes[0].rejected == 1);
  CHECK(rig.result->cassettes[0].requested == 4);
  CHECK(rig.sent == std::vector<std::vector<int>>{{3, 0}, {1, 3}});
  CHECK(rig.types_when_sent == std::vector<std::string>{kBatchIntent, kBatchIntent});
  CHECK(rig.types() ==
        std::vector<std::string>{kBatchIntent, kBatchResult, kBatchIntent, kBatchResult});
}

TEST_CASE("a short batch ends the payout: later batches are not sent") {
  Rig rig;
  rig.answers = {outcome(Result::Partial, {{3, 2, 1}, {0, 0, 0}}, "jam")};
  rig.run(order_26000());
  REQUIRE(rig.result);
  CHECK(rig.result->result == Result::Partial);
  CHECK(rig.result->delivered == flows::Kzt{10000});
  CHECK(rig.result->shortfall == flows::Kzt{16000});
  CHECK(rig.result->error == "jam");
  CHECK(rig.sent.size() == 1);
}

TEST_CASE("a device that says complete but delivered less is partial") {
  Rig rig;
  rig.answers = {outcome(Result::Complete, {{3, 3, 0}, {0, 0, 0}}),
                 outcome(Result::Complete, {{1, 1, 0}, {3, 2, 1}})};
  rig.run(order_26000());
  REQUIRE(rig.result);
  CHECK(rig.result->result == Result::Partial);
  CHECK(rig.result->shortfall == flows::Kzt{2000});
}

TEST_CASE("an unknown outcome ends the payout as unknown") {
  Rig rig;
  rig.answers = {outcome(Result::Complete, {{3, 3, 0}, {0, 0, 0}}), outcome(Result::Unknown, {})};
  rig.run(order_26000());
  REQUIRE(rig.result);
  CHECK(rig.result->result == Result::Unknown);
  CHECK(rig.result->delivered == flows::Kzt{15000});
  CHECK(rig.sent.size() == 2);
}

TEST_CASE("if a batch intent cannot be journaled, its command is never sent") {
  Rig rig;
  rig.break_journal();
  rig.answers = {outcome(Result::Complete, {{3, 3, 0}, {0, 0, 0}})};
  rig.run(order_26000());
  REQUIRE(rig.result);
  CHECK(rig.sent.empty());
  CHECK(rig.result->journal_failed);
  CHECK(rig.result->delivered == flows::Kzt{0});
  CHECK(rig.result->result == Result::Partial);
}

TEST_CASE("cassette count text round-trips and ignores junk") {
  CHECK(cassette_counts_text({3, 0, 2}) == "0:3,2:2");
  CHECK(parse_cassette_counts("0:3,2:2", 3) == std::vector<int>{3, 0, 2});
  CHECK(parse_cassette_counts("0:x,9:1,1:-2,,2:5", 3) == std::vector<int>{0, 0, 5});
}
