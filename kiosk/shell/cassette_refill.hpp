// A technician's refill, journaled with its reconciliation: the counted notes per cassette become
// the new book, and the difference to what the journal says the cassettes held is recorded,
// never absorbed silently. One function for `kiosk refill-cassettes` (kiosk stopped) and
// `kiosk ctl refill` (kiosk running, no customer in a session).
#pragma once

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "flows/dispense/cassette_book.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

nlohmann::json reconciliation_json(const flows::dispense::Reconciliation& r);

// {"refilled": true, "reconciliation": {...} | null (the first refill)}.
std::expected<nlohmann::json, std::string> refill_cassettes(
    oq::Store& store, const std::vector<flows::dispense::Cassette>& counted, int reject_emptied,
    std::int64_t now_ms);

}  // namespace kiosk::app
