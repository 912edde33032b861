// The scenario summary's money checks against the devices' own counts (kiosk/runtime/
// device_counts.hpp, cash_out_summary.hpp, scenario_runner.hpp): a check that cannot be made
// says "n/a" and why, never a false failure and never a silent pass.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/runtime/cash_out_summary.hpp"
#include "kiosk/runtime/device_counts.hpp"
#include "kiosk/runtime/scenario_runner.hpp"
#include "kiosk/runtime/sim_world.hpp"

using namespace kiosk;
using namespace kiosk::app;
using nlohmann::json;

namespace {

ShellClock fixed_clock() {
  return ShellClock{[] { return Instant{1000}; }, [] { return std::int64_t{1'764'000'000'000}; }};
}

struct World {
  boost::asio::io_context io;
  KioskConfig config = *load_config_file(default_sim_config_path());
  SimWorld sim{io, config, "secret", fixed_clock(), /*external_exchange=*/true};
};

// A journal in which `kzt` was delivered by one complete dispense.
std::unique_ptr<oq::Store> journal_with_payout(std::int64_t kzt) {
  auto store = std::move(*oq::Store::open(":memory:"));
  std::string fiat = std::to_string(kzt);
  REQUIRE(store->append(
      oq::JournalEntry{"tx-1", "cash_out.dispense_intent", R"({"order_id":"o-1"})", 1}));
  REQUIRE(store->append(
      oq::JournalEntry{"tx-1", "cash_out.dispense_result",
                       R"({"order_id":"o-1","result":"complete","fiat_kzt":)" + fiat + "}", 2}));
  return store;
}

}  // namespace

// Regression: with the dispenser on a tty the in-process simulator (never connected, nothing
// delivered) was compared with the journal, and every payout broke cash_out_conserved.
TEST_CASE("a dispenser on a tty: cash_out_conserved is n/a with a reason, not false") {
  World w;
  auto count = dispenser_delivered_count(&w.sim);  // the kiosk never linked the simulator
  REQUIRE_FALSE(count.has_value());
  CHECK(count.error().find("tty") != std::string::npos);

  auto store = journal_with_payout(37000);
  json s = cash_out_summary(*store, 0, count, nullptr);
  CHECK(s["invariants"]["cash_out_conserved"] == "n/a");
  CHECK(s["not_checked"]["cash_out_conserved"] == count.error());
}

TEST_CASE("a dispenser simulator in use: its count is compared with the journal") {
  World w;
  auto link = w.sim.dispenser_link();  // as the runtime does with "transport": {"type": "sim"}
  auto count = dispenser_delivered_count(&w.sim);
  REQUIRE(count.has_value());
  CHECK(*count == 0);
  auto store = journal_with_payout(37000);
  // Nothing left the simulator but the journal says 37 000 went out: broken.
  CHECK(cash_out_summary(*store, 0, count, nullptr)["invariants"]["cash_out_conserved"] == false);
  CHECK(cash_out_summary(*store, 0, DeviceCount{37000},
                         nullptr)["invariants"]["cash_out_conserved"] == true);
  // Rows before the run's start are not this run's.
  CHECK(cash_out_summary(*store, 2, DeviceCount{0}, nullptr)["invariants"]["cash_out_conserved"] ==
        true);
}

TEST_CASE("an unknown dispense outcome: cash_out_conserved is n/a, the operator counts") {
  auto store = std::move(*oq::Store::open(":memory:"));
  REQUIRE(
      store->append(oq::JournalEntry{"tx-1", "cash_out.dispense_result",
                                     R"({"order_id":"o-1","result":"unknown","fiat_kzt":0})", 1}));
  json s = cash_out_summary(*store, 0, DeviceCount{20000}, nullptr);
  CHECK(s["invariants"]["cash_out_conserved"] == "n/a");
  CHECK(s["not_checked"]["cash_out_conserved"].get<std::string>().find("unknown") !=
        std::string::npos);
}

TEST_CASE("a validator on a tty: cash_conserved is n/a with a reason; in use: compared") {
  World w;
  auto store = std::move(*oq::Store::open(":memory:"));
  REQUIRE(store->append(oq::JournalEntry{"tx-1", "cash_in.note_credited", R"({"kzt":5000})", 1}));
  auto count = validator_stacked_count(&w.sim);  // the kiosk never linked the simulator
  REQUIRE_FALSE(count.has_value());
  json s = journal_summary(*store, 0, count);
  CHECK(s["invariants"]["cash_conserved"] == "n/a");
  CHECK(s["not_checked"]["cash_conserved"] == count.error());
  CHECK(s["broken"].empty());

  auto link = w.sim.validator_link();
  count = validator_stacked_count(&w.sim);
  REQUIRE(count.has_value());
  CHECK(journal_summary(*store, 0, count)["invariants"]["cash_conserved"] == false);
  CHECK(journal_summary(*store, 0, DeviceCount{5000})["invariants"]["cash_conserved"] == true);
}
