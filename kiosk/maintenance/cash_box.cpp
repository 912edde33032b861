#include "kiosk/maintenance/cash_box.hpp"

#include <map>

namespace kiosk::app {

using Json = nlohmann::json;

std::expected<Json, std::string> collect_cash_box(oq::Store& store,
                                                  const std::vector<NoteCount>& counted,
                                                  const std::string& by, std::int64_t now_ms) {
  auto previous = store.rows_of_types({kCashBoxCollected});
  if (!previous) return std::unexpected("journal: " + previous.error().what);
  std::int64_t after_seq = 0, since_ms = 0, life_notes = 0, life_kzt = 0, collections = 0;
  if (!previous->empty()) {
    const auto& last = previous->back();
    after_seq = last.seq;
    since_ms = last.at_ms;
    Json p = Json::parse(last.payload, nullptr, false);
    if (p.is_object() && p.contains("lifetime") && p["lifetime"].is_object()) {
      life_notes = p["lifetime"].value("notes", std::int64_t{0});
      life_kzt = p["lifetime"].value("kzt", std::int64_t{0});
      collections = p["lifetime"].value("collections", std::int64_t{0});
    }
  }
  auto credits = store.rows_of_types({"cash_in.note_credited"}, since_ms);
  if (!credits) return std::unexpected("journal: " + credits.error().what);
  std::map<std::int64_t, std::int64_t> expected, got;
  for (const auto& row : *credits) {
    if (row.seq <= after_seq) continue;
    Json p = Json::parse(row.payload, nullptr, false);
    if (p.is_object() && p.contains("kzt") && p["kzt"].is_number_integer())
      ++expected[p["kzt"].get<std::int64_t>()];
  }
  std::int64_t notes = 0, kzt = 0, expected_notes = 0, expected_kzt = 0;
  for (const auto& c : counted) {
    got[c.kzt] += c.count;
    notes += c.count;
    kzt += c.kzt * c.count;
  }
  for (const auto& [d, n] : expected) {
    expected_notes += n;
    expected_kzt += d * n;
  }
  std::map<std::int64_t, bool> denominations;
  for (const auto& [d, n] : expected) denominations[d] = true;
  for (const auto& [d, n] : got) denominations[d] = true;
  Json lines = Json::array();
  for (const auto& [d, _] : denominations)
    lines.push_back({{"kzt", d},
                     {"expected", expected[d]},
                     {"counted", got[d]},
                     {"difference", got[d] - expected[d]}});
  Json record = {
      {"by", by},
      {"notes", lines},
      {"since_last",
       {{"notes", notes},
        {"kzt", kzt},
        {"expected_notes", expected_notes},
        {"expected_kzt", expected_kzt},
        {"difference_kzt", kzt - expected_kzt},
        {"since_ms", since_ms}}},
      {"lifetime",
       {{"notes", life_notes + notes}, {"kzt", life_kzt + kzt}, {"collections", collections + 1}}}};
  auto row = store.append(oq::JournalEntry{"", kCashBoxCollected, record.dump(), now_ms});
  if (!row) return std::unexpected("journal: " + row.error().what);
  return record;
}

}  // namespace kiosk::app
