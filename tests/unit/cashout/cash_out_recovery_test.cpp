#include "flows/cash_out/cash_out_recovery.hpp"

#include <doctest/doctest.h>

#include <random>

#include "cash_out_test_support.hpp"
#include "flows/dispense/plan_text.hpp"

using namespace kiosk;
using namespace kiosk::flows;
using namespace kiosk::flows::cash_out;
using namespace kiosk::flows::cash_out::testing;
using dispense::CassetteMove;
using D = RecoveryDecision;

namespace {

Record row(const char* type) { return Record{"co-9", type, {}}; }

// The intent the flow writes for 26000 = 4 x 5000 + 3 x 2000 with `per_command`.
Record intent(int per_command = 60) {
  dispense::DispenseLimits lim;
  lim.per_command = per_command;
  auto plan = dispense::plan_dispense(test_cassettes(), Kzt{26000}, lim);
  return intent_record("co-9", "ord-1", *plan, "cash_out");
}

// The shell's row before a command: the batch's notes per cassette index ("0:4,1:3").
Record sent(std::string cassettes) {
  return row(rec::kBatchIntent).set("cassettes", std::move(cassettes));
}

Record batch(std::string moves) {
  return row(rec::kBatchResult).set("moves", moves).set("result", std::string("complete"));
}

DeviceLastDispense device(std::vector<int> requested, std::vector<CassetteMove> moves,
                          R result = R::Complete) {
  return DeviceLastDispense{std::move(requested), DispenseFinished{result, std::move(moves), ""}};
}

std::vector<Record> opened() {
  return {row(rec::kSessionOpened), row(rec::kOrderCreated).set("order_id", std::string("ord-1"))};
}

template <class T>
int count(const RecoveryOutcome& o) {
  return E::count<T>(o.effects);
}

}  // namespace

TEST_CASE("no rows, or a transaction already closed: nothing to do") {
  CHECK(recover_cash_out({}).decision == D::NothingToDo);
  auto rows = opened();
  rows.push_back(row(rec::kClosed));
  auto out = recover_cash_out({rows, {}, {}, {}});
  CHECK(out.decision == D::NothingToDo);
  CHECK(out.effects.empty());
}

TEST_CASE("an intent with its result finished before the crash: only closed if it was not") {
  auto rows = opened();
  rows.push_back(intent());
  rows.push_back(row(rec::kDispenseResult));
  auto out = recover_cash_out({rows, {}, {}, {}});
  CHECK(out.decision == D::Closed);
  REQUIRE(out.effects.size() == 1);
  CHECK(std::get<Journal>(out.effects[0]).record.type == rec::kClosed);
  rows.push_back(row(rec::kClosed));
  CHECK(recover_cash_out({rows, {}, {}, {}}).effects.empty());
}

TEST_CASE("no intent: nothing left the kiosk; an order without a printed code is flagged") {
  auto out = recover_cash_out({opened(), {}, {}, {}});
  CHECK(out.decision == D::Closed);
  CHECK(out.order_id == "ord-1");
  REQUIRE(out.effects.size() == 1);
  const auto& close = std::get<Journal>(out.effects[0]).record;
  CHECK(close.type == rec::kClosed);
  CHECK(close.get_bool("redeem_code_printed") == false);
  CHECK(count<Dispense>(out) == 0);
  CHECK(count<ReportDispensed>(out) == 0);
}

TEST_CASE("intent, no batch sent: settled as nothing delivered, the whole amount short") {
  auto rows = opened();
  rows.push_back(intent());
  auto out = recover_cash_out({rows, std::nullopt, {}, test_cassettes()});
  CHECK(out.decision == D::Settled);
  REQUIRE(out.settlement);
  CHECK(out.settlement->result == R::Partial);
  CHECK(out.settlement->delivered_kzt == Kzt{0});
  CHECK(out.settlement->shortfall == Kzt{26000});
  CHECK(count<SuspendCashOut>(out) == 0);
  CHECK(count<Dispense>(out) == 0);
}

TEST_CASE("intent without result and a silent device: unknown, reported, suspended, no retry") {
  auto rows = opened();
  rows.push_back(intent());
  rows.push_back(sent("0:4,1:3"));
  auto out = recover_cash_out({rows, std::nullopt, {}, test_cassettes()});
  CHECK(out.decision == D::Unknown);
  CHECK(count<Dispense>(out) == 0);
  REQUIRE(count<ReportDispensed>(out) == 1);
  CHECK(E::first<ReportDispensed>(out.effects)->result == "unknown");
  CHECK(E::first<ReportDispensed>(out.effects)->order_id == "ord-1");
  CHECK(count<SuspendCashOut>(out) == 1);
  const auto& result = std::get<Journal>(out.effects[0]).record;
  CHECK(result.type == rec::kDispenseResult);
  CHECK(result.get_bool("recovered") == true);
  CHECK(std::get<Journal>(out.effects.back()).record.type == rec::kClosed);
}

TEST_CASE("the device remembers the batch in flight: settled with its counts") {
  auto rows = opened();
  rows.push_back(intent());
  rows.push_back(sent("0:4,1:3"));
  auto out = recover_cash_out(
      {rows, device({4, 3, 0}, {CassetteMove{0, 4, 0}, CassetteMove{1, 3, 0}}), {}, {}});
  CHECK(out.decision == D::Settled);
  REQUIRE(out.settlement);
  CHECK(out.settlement->result == R::Complete);
  CHECK(out.settlement->delivered_kzt == Kzt{26000});
  CHECK(E::first<ReportDispensed>(out.effects)->result == "complete");
  CHECK(count<SuspendCashOut>(out) == 0);
  CHECK(count<Dispense>(out) == 0);
}

TEST_CASE("the device remembers a partial dispense: settled partial with the shortfall") {
  auto rows = opened();
  rows.push_back(intent());
  rows.push_back(sent("0:4,1:3"));
  auto out = recover_cash_out({rows, device({4, 3}, {CassetteMove{0, 2, 1}}, R::Partial), {}, {}});
  CHECK(out.decision == D::Settled);
  CHECK(out.settlement->result == R::Partial);
  CHECK(out.settlement->shortfall == Kzt{16000});
  CHECK(E::first<ReportDispensed>(out.effects)->fiat == Kzt{10000});
}

TEST_CASE("an untrustworthy device report leaves the outcome unknown") {
  auto rows = opened();
  rows.push_back(intent());
  rows.push_back(sent("0:4,1:3"));
  SUBCASE("another request") {
    auto out = recover_cash_out({rows, device({2, 0}, {CassetteMove{0, 2, 0}}), {}, {}});
    CHECK(out.decision == D::Unknown);
  }
  SUBCASE("the same request as the previous settled dispense: may be that one") {
    auto out = recover_cash_out({rows,
                                 device({4, 3}, {CassetteMove{0, 4, 0}, CassetteMove{1, 3, 0}}),
                                 std::vector<int>{4, 3, 0},
                                 {}});
    CHECK(out.decision == D::Unknown);
  }
  SUBCASE("the device itself cannot tell") {
    auto out = recover_cash_out({rows, device({4, 3}, {}, R::Unknown), {}, {}});
    CHECK(out.decision == D::Unknown);
  }
  SUBCASE("a corrupt plan in the intent") {
    rows[2].fields.clear();  // the intent
    rows[2].set("order_id", std::string("ord-1")).set("plan", std::string("0:5000"));
    auto out = recover_cash_out({rows, device({4, 3}, {CassetteMove{0, 4, 0}}), {}, {}});
    CHECK(out.decision == D::Unknown);
  }
}

TEST_CASE("multi-batch: journaled batches plus the device's report of the one in flight") {
  auto rows = opened();
  rows.push_back(intent(4));  // batches: {0:4}, {1:3}
  rows.push_back(sent("0:4"));
  rows.push_back(batch("0:4:0"));
  rows.push_back(sent("1:3"));
  auto out = recover_cash_out({rows, device({0, 3}, {CassetteMove{1, 3, 0}}), {}, {}});
  CHECK(out.decision == D::Settled);
  CHECK(out.settlement->delivered_kzt == Kzt{26000});
  // The device's report is of the first batch (the crash came before the second reached it).
  out = recover_cash_out({rows, device({4}, {CassetteMove{0, 4, 0}}), {}, {}});
  CHECK(out.decision == D::Unknown);
  CHECK(out.settlement->delivered_kzt == Kzt{20000});  // what is known is still reported
  // The second batch was never sent (no intent row): settled partial from the journal alone,
  // whatever the device says.
  auto unsent = std::vector<Record>(rows.begin(), rows.end() - 1);
  out = recover_cash_out({unsent, device({4}, {CassetteMove{0, 4, 0}}), {}, {}});
  CHECK(out.decision == D::Settled);
  CHECK(out.settlement->result == R::Partial);
  CHECK(out.settlement->delivered_kzt == Kzt{20000});
  // Two identical batches: the device's answer may be the first one's, so it settles nothing.
  auto twin = opened();
  twin.push_back(intent(2));
  twin.push_back(sent("0:2"));
  twin.push_back(batch("0:2:0"));
  twin.push_back(sent("0:2"));
  out = recover_cash_out({twin, device({2}, {CassetteMove{0, 2, 0}}), {}, test_cassettes()});
  CHECK(out.decision == D::Unknown);
  // Every batch journaled, only the total row missing: settled from the journal alone.
  rows.push_back(batch("1:3:0"));
  out = recover_cash_out({rows, std::nullopt, {}, {}});
  CHECK(out.decision == D::Settled);
  CHECK(out.settlement->result == R::Complete);
}

TEST_CASE("property: recovery never dispenses and settles only on a matching device report") {
  std::mt19937 rng(99);
  const char* types[] = {rec::kSessionOpened,  rec::kOrderCreated, rec::kRedeemCodeIssued,
                         rec::kDispenseIntent, rec::kBatchResult,  rec::kDispenseResult,
                         rec::kClosed,         rec::kBatchIntent};
  for (int round = 0; round < 2000; ++round) {
    std::vector<Record> rows;
    int n = static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) {
      const char* t = types[rng() % 8];
      rows.push_back(t == std::string(rec::kDispenseIntent) ? intent(1 + rng() % 8) : row(t));
      if (t == std::string(rec::kBatchResult)) rows.back().set("moves", std::string("0:1:0"));
      if (t == std::string(rec::kBatchIntent)) rows.back().set("cassettes", std::string("0:1"));
    }
    std::optional<DeviceLastDispense> dev;
    if (rng() % 2)
      dev = device({static_cast<int>(rng() % 5), static_cast<int>(rng() % 4)},
                   {CassetteMove{0, static_cast<int>(rng() % 5), 0}},
                   rng() % 3 ? R::Complete : R::Unknown);
    auto out = recover_cash_out({rows, dev, {}, test_cassettes()});
    CHECK(count<Dispense>(out) == 0);
    CHECK(count<ReportDispensed>(out) <= 1);
    if (out.decision == D::Unknown) CHECK(count<SuspendCashOut>(out) == 1);
    if (out.decision == D::Settled) CHECK(count<SuspendCashOut>(out) == 0);
  }
}
