// set_config's overlay (kiosk/maintenance/config_overlay): only the settable keys, validated by
// the config file's own loader, versioned, journaled old -> new, applied over the file at start;
// the file itself is never written.
#include "kiosk/maintenance/config_overlay.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using namespace kiosk;
using namespace kiosk::app;
using Json = nlohmann::json;

namespace {
struct Rig {
  KioskConfig base = *load_config_file(default_sim_config_path());
  std::unique_ptr<oq::Store> store = std::move(*oq::Store::open(":memory:"));
  std::filesystem::file_time_type file_time =
      std::filesystem::last_write_time(default_sim_config_path());
};
}  // namespace

TEST_CASE("only fees, limits, denominations, assets and timeouts may be set") {
  CHECK(overlay_keys_problem(Json{{"fees", {{"cash_in_bps", 250}}}}).empty());
  CHECK(overlay_keys_problem(Json{{"cash_in", {{"timeouts_s", {{"insert_notes", 120}}}}}}).empty());
  CHECK(overlay_keys_problem(Json{{"assets", Json::array()}}).empty());
  CHECK(overlay_keys_problem(Json{{"devices", {{"validator", {{"protocol", "id003"}}}}}}) ==
        "set_config: /devices/validator/protocol cannot be changed remotely");
  CHECK(overlay_keys_problem(Json{{"exchange", {{"url", "http://evil"}}}}) ==
        "set_config: /exchange/url cannot be changed remotely");
  CHECK(overlay_keys_problem(Json{{"cash_in", {{"timeouts_s", 5}}}}) ==
        "set_config: /cash_in/timeouts_s cannot be changed remotely");
  CHECK(overlay_keys_problem(Json::object()) == "set_config: args must name at least one key");
  CHECK_FALSE(overlay_keys_problem(Json{{"fees", {{"cash_in_bps", nullptr}}}}).empty());
  CHECK(overlay_leaves(Json{{"fees", {{"cash_in_bps", 1}}}, {"limits", {{"max_tx_kzt", 2}}}}) ==
        std::vector<std::string>{"/fees/cash_in_bps", "/limits/max_tx_kzt"});
}

TEST_CASE("a change is versioned, journaled old and new, and applied over the file at start") {
  Rig rig;
  CHECK(rig.base.cash_in.fee_bps == 300);
  auto first = change_config(rig.base, *rig.store, Json{{"fees", {{"cash_in_bps", 250}}}},
                             "operator:c-1", 10);
  REQUIRE(first);
  CHECK(first->overlay.version == 1);
  CHECK(first->old_values["/fees/cash_in_bps"] == 300);
  CHECK(first->new_values["/fees/cash_in_bps"] == 250);
  CHECK(first->config.cash_in.fee_bps == 250);
  auto second =
      change_config(rig.base, *rig.store,
                    Json{{"cash_in", {{"denominations_kzt", {1000, 2000, 5000}}}}}, "ctl", 20);
  REQUIRE(second);
  CHECK(second->overlay.version == 2);
  auto eff = effective_config(rig.base, *rig.store);  // what the next start runs with
  REQUIRE(eff);
  CHECK(eff->cash_in.fee_bps == 250);  // the first change stays
  CHECK(eff->cash_in.denominations.size() == 3);
  auto rows = rig.store->rows_of_types({kConfigChanged});
  REQUIRE(rows->size() == 2);
  auto row = Json::parse(rows->front().payload);
  CHECK(row["by"] == "operator:c-1");
  CHECK(row["version"] == 1);
  CHECK(row["old"]["/fees/cash_in_bps"] == 300);
  CHECK(std::filesystem::last_write_time(default_sim_config_path()) == rig.file_time);
}

TEST_CASE("invalid values are refused with the loader's message and change nothing") {
  Rig rig;
  auto bad = change_config(rig.base, *rig.store, Json{{"fees", {{"cash_in_bps", 90000}}}},
                           "operator:c-2", 10);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == "bad_args");
  REQUIRE_FALSE(bad.error().problems.empty());
  CHECK(bad.error().problems.front().find("cash_in_bps") != std::string::npos);
  auto wrong_type = change_config(rig.base, *rig.store, Json{{"limits", {{"max_tx_kzt", "lots"}}}},
                                  "operator:c-3", 10);
  REQUIRE_FALSE(wrong_type);
  CHECK(wrong_type.error().kind == "bad_args");
  auto unknown = change_config(rig.base, *rig.store,
                               Json{{"cash_in", {{"timeouts_s", {{"nap", 5}}}}}}, "ctl", 10);
  REQUIRE_FALSE(unknown);  // the loader refuses unknown keys: so does set_config
  CHECK(load_config_overlay(*rig.store)->version == 0);
  CHECK(rig.store->rows_of_types({kConfigChanged})->empty());
  auto eff = effective_config(rig.base, *rig.store);
  REQUIRE(eff);
  CHECK(eff->cash_in.fee_bps == 300);
}
