// Journal rows: append-only, hash-chained money events (README.md, "Journal").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kiosk::oq {

// What a caller appends. `payload` is JSON text; the store keeps its canonical form.
struct JournalEntry {
  std::string tx_id;       // the customer transaction (or "" for kiosk-level events)
  std::string type;        // "cash_in.note_credited", "cash_out.dispense_intent", ...
  std::string payload;     // a JSON value; integers and strings only (no floating point)
  std::int64_t at_ms = 0;  // wall clock, Unix milliseconds, given by the caller
};

// What the store holds.
struct JournalRow {
  std::int64_t seq = 0;  // 1, 2, 3, ... without gaps
  std::string tx_id;
  std::string type;
  std::string payload;  // canonical JSON
  std::int64_t at_ms = 0;
  std::string prev_hash;  // hash of row seq-1; kGenesisHash for seq 1
  std::string hash;       // journal_row_hash(*this)
  bool operator==(const JournalRow&) const = default;
};

// prev_hash of the first row: 64 zeros.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The canonical encoding that is hashed (README.md documents it byte for byte):
//   "kiosk-journal-v1\n" seq "\n" at_ms "\n" len(tx_id) ":" tx_id "\n" len(type) ":" type "\n"
//   len(payload) ":" payload "\n" prev_hash
// Numbers in decimal ASCII, lengths in bytes; the length prefixes make the encoding unambiguous.
std::string journal_canonical_encoding(const JournalRow& row);

// Lower-case hex SHA-256 of journal_canonical_encoding(row) (row.hash itself is ignored).
std::string journal_row_hash(const JournalRow& row);

}  // namespace kiosk::oq
