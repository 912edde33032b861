#include "kiosk/shell/cassette_ledger.hpp"

#include <nlohmann/json.hpp>

#include "flows/cash_out/cash_out_types.hpp"
#include "flows/dispense/plan_text.hpp"

namespace kiosk::app {
namespace {

using flows::dispense::Cassette;

nlohmann::json cassettes_json(const std::vector<Cassette>& cs) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : cs)
    list.push_back({{"index", c.index}, {"kzt", c.kzt.value}, {"count", c.count}});
  return list;
}

std::vector<Cassette> cassettes_from(const nlohmann::json& list) {
  std::vector<Cassette> out;
  if (!list.is_array()) return out;
  for (const auto& c : list)
    if (c.is_object())
      out.push_back(
          {c.value("index", 0), flows::Kzt{c.value("kzt", std::int64_t{0})}, c.value("count", 0)});
  return out;
}

}  // namespace

std::expected<void, std::string> journal_refill(oq::Store& store,
                                                const std::vector<Cassette>& counted,
                                                std::int64_t at_ms, const nlohmann::json& details,
                                                const std::string& by) {
  nlohmann::json payload = {{"cassettes", cassettes_json(counted)}};
  if (!details.is_null()) payload["reconciliation"] = details;
  if (!by.empty()) payload["by"] = by;
  auto row = store.append(oq::JournalEntry{"", kCassetteRefilled, payload.dump(), at_ms});
  if (!row) return std::unexpected(row.error().what);
  return {};
}

std::expected<std::optional<flows::dispense::CassetteBook>, std::string> current_cassette_book(
    oq::Store& store) {
  auto rows = store.rows_of_types({kCassetteRefilled, flows::cash_out::rec::kDispenseResult,
                                   flows::cash_out::rec::kLateDispenseResult,
                                   flows::cash_out::rec::kPurged, kTestDispensed});
  if (!rows) return std::unexpected(rows.error().what);
  std::optional<flows::dispense::CassetteBook> book;
  for (const auto& r : *rows) {
    bool result = r.type == flows::cash_out::rec::kDispenseResult ||
                  r.type == flows::cash_out::rec::kLateDispenseResult ||
                  r.type == flows::cash_out::rec::kPurged || r.type == kTestDispensed;
    if (r.type != kCassetteRefilled && !(result && book)) continue;
    auto p = nlohmann::json::parse(r.payload, nullptr, false);
    if (!p.is_object()) continue;
    if (r.type == kCassetteRefilled) {
      book = flows::dispense::CassetteBook(cassettes_from(p.value("cassettes", nlohmann::json())));
    } else if (auto moves = flows::dispense::moves_from_text(p.value("moves", ""))) {
      book->apply(*moves);
    }
  }
  return book;
}

std::expected<flows::dispense::CassetteBook, std::string> load_cassette_book(
    oq::Store& store, const std::vector<Cassette>& initial, std::int64_t at_ms) {
  auto book = current_cassette_book(store);
  if (!book) return std::unexpected(book.error());
  if (*book) return **book;
  if (auto w = journal_refill(store, initial, at_ms); !w) return std::unexpected(w.error());
  return flows::dispense::CassetteBook(initial);
}

}  // namespace kiosk::app
