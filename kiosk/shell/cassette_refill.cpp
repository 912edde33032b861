#include "kiosk/shell/cassette_refill.hpp"

#include "kiosk/shell/cassette_ledger.hpp"

namespace kiosk::app {

nlohmann::json reconciliation_json(const flows::dispense::Reconciliation& r) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : r.cassettes)
    lines.push_back({{"index", l.index},
                     {"kzt", l.kzt.value},
                     {"expected", l.expected},
                     {"counted", l.counted},
                     {"difference", l.difference}});
  return {{"cassettes", lines},
          {"reject_expected", r.reject_expected},
          {"reject_counted", r.reject_counted},
          {"reject_value_expected_kzt", r.reject_value_expected.value}};
}

std::expected<nlohmann::json, RefillError> refill_cassettes(
    oq::Store& store, const std::vector<flows::dispense::Cassette>& counted, int reject_emptied,
    const std::string& actor, std::int64_t now_ms,
    std::optional<std::size_t> configured_cassettes) {
  if (configured_cassettes && counted.size() != *configured_cassettes)
    return std::unexpected(RefillError{
        "cassette_count_mismatch", "the dispenser has " + std::to_string(*configured_cassettes) +
                                       " cassettes, the count names " +
                                       std::to_string(counted.size())});
  auto book = current_cassette_book(store);
  if (!book) return std::unexpected(RefillError{"journal_unreadable", book.error()});
  nlohmann::json details = nullptr;
  if (*book) {
    std::vector<flows::dispense::RefillCount> counts;
    for (const auto& c : counted) counts.push_back({c.index, c.kzt, c.count});
    details = reconciliation_json((*book)->refill(counts, reject_emptied));
  }
  if (auto w = journal_refill(store, counted, now_ms, details, actor); !w)
    return std::unexpected(RefillError{"journal_unwritable", w.error()});
  return nlohmann::json{{"refilled", true}, {"by", actor}, {"reconciliation", details}};
}

}  // namespace kiosk::app
