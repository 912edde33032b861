// Collecting the validator's cash box (the operator command `collect_cash_box`): the notes the
// technician counted, compared with what the journal says went into the box since the last
// collection (`cash_in.note_credited` rows), journaled as one `cash_box.collected` row with the
// difference per denomination and the counters since the last collection and over the kiosk's
// lifetime. A difference is recorded, never absorbed.
#pragma once

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "offline_queue/store.hpp"

namespace kiosk::app {

inline constexpr const char* kCashBoxCollected = "cash_box.collected";

struct NoteCount {
  std::int64_t kzt = 0;
  std::int64_t count = 0;
};

// Journals the collection and returns its record (the row's payload).
std::expected<nlohmann::json, std::string> collect_cash_box(oq::Store& store,
                                                            const std::vector<NoteCount>& counted,
                                                            const std::string& by,
                                                            std::int64_t now_ms);

}  // namespace kiosk::app
