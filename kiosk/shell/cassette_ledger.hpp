// The cassette counts, derived from the journal so they survive any crash exactly: the latest
// `cassette.refilled` row sets the counts (the operator's count, or the config's at first start),
// and every dispense result after it (`cash_out.dispense_result`, `cash_out.late_dispense_result`)
// takes out the notes delivered and rejected, as does a purge the device counted
// (`cash_out.purged`) and a maintenance test dispense (`maintenance.test_dispensed`, notes moved
// from a cassette to the reject tray). Nothing else holds the counts.
#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "flows/dispense/cassette_book.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

inline constexpr const char* kCassetteRefilled = "cassette.refilled";
// One test-dispense note (kiosk/maintenance/test_dispense): its `moves` go to the reject tray.
inline constexpr const char* kTestDispensed = "maintenance.test_dispensed";

// Journals a refill: the counts per cassette (index, denomination, notes), the reject tray emptied,
// `details` (the reconciliation against what the kiosk believed) for the auditor, and `by` (who
// counted; "" for the configured counts at first start).
std::expected<void, std::string> journal_refill(
    oq::Store& store, const std::vector<flows::dispense::Cassette>& counted, std::int64_t at_ms,
    const nlohmann::json& details = nullptr, const std::string& by = "");

// The book as the journal says, or nullopt when no refill was ever journaled.
std::expected<std::optional<flows::dispense::CassetteBook>, std::string> current_cassette_book(
    oq::Store& store);

// The book as the journal says. Without any refill row: `initial` is journaled as the first refill.
std::expected<flows::dispense::CassetteBook, std::string> load_cassette_book(
    oq::Store& store, const std::vector<flows::dispense::Cassette>& initial, std::int64_t at_ms);

}  // namespace kiosk::app
