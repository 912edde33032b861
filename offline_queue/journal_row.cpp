#include "offline_queue/journal_row.hpp"

#include "offline_queue/digest.hpp"

namespace kiosk::oq {
namespace {

void field(std::string& out, std::string_view text) {
  out.append(std::to_string(text.size())).append(":").append(text).append("\n");
}

}  // namespace

std::string journal_canonical_encoding(const JournalRow& row) {
  std::string out = "kiosk-journal-v1\n";
  out.reserve(out.size() + row.tx_id.size() + row.type.size() + row.payload.size() + 128);
  out.append(std::to_string(row.seq)).append("\n");
  out.append(std::to_string(row.at_ms)).append("\n");
  field(out, row.tx_id);
  field(out, row.type);
  field(out, row.payload);
  out.append(row.prev_hash);
  return out;
}

std::string journal_row_hash(const JournalRow& row) {
  return sha256_hex(journal_canonical_encoding(row));
}

}  // namespace kiosk::oq
