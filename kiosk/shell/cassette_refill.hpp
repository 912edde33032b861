// A technician's refill, journaled with its reconciliation: the counted notes per cassette become
// the new book, and the difference to what the journal says the cassettes held is recorded,
// never absorbed silently. One function for every caller: `kiosk refill-cassettes` (kiosk
// stopped), `kiosk ctl refill`, the operator command `refill` and the technician screen (kiosk
// running, no customer in a session). The caller names itself in `actor` ("operator:<id>",
// "ctl:<uid>", "technician:<id>", "refill-cassettes"); it is journaled with the counts.
#pragma once

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "flows/dispense/cassette_book.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

nlohmann::json reconciliation_json(const flows::dispense::Reconciliation& r);

struct RefillError {
  // "cassette_count_mismatch" (not the configured number of cassettes), "journal_unreadable",
  // "journal_unwritable"
  std::string kind;
  std::string why;
};

// {"refilled": true, "by": actor, "reconciliation": {...} | null (the first refill)}, journaled
// as `cassette.refilled`. `configured_cassettes`, when given, is how many cassettes the counts
// must name.
std::expected<nlohmann::json, RefillError> refill_cassettes(
    oq::Store& store, const std::vector<flows::dispense::Cassette>& counted, int reject_emptied,
    const std::string& actor, std::int64_t now_ms,
    std::optional<std::size_t> configured_cassettes = std::nullopt);

}  // namespace kiosk::app
