// POST /v1/journal on the simulator's side, sans-IO: a mirror of each kiosk's hash-chained
// journal (exchange-api.md, "POST /v1/journal"). A batch must continue the chain the mirror
// holds: rows already held may come again only if identical; a row past the end is a `gap`
// (answered with the mirror's `acked_through` so the kiosk can resume from there); a row whose
// hash or link does not verify is a `chain_break`. A refused batch changes nothing. Tests read
// the mirror (rows_of) or GET /sim/journal?kiosk=ID.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "offline_queue/journal_row.hpp"

namespace kiosk::sim {

struct SimResponse;

class JournalMirror {
 public:
  // Applies a `{"rows": [...]}` batch from `kiosk`; answers {"acked_through": N} or a 4xx.
  SimResponse accept(const std::string& kiosk, const std::string& body);

  std::int64_t acked_through(const std::string& kiosk) const;
  // Every row held for `kiosk`, seq 1 first (empty if none).
  const std::vector<oq::JournalRow>& rows_of(const std::string& kiosk) const;
  // {"kiosk_id": ..., "acked_through": N, "rows": [...]} (the rows as in a batch).
  std::string to_json(const std::string& kiosk) const;

 private:
  std::map<std::string, std::vector<oq::JournalRow>> rows_;  // rows_[k][i] is seq i+1
};

}  // namespace kiosk::sim
