#include "kiosk/observe/journal_tally.hpp"

#include <nlohmann/json.hpp>

#include "kiosk/observe/metric_label.hpp"

namespace kiosk::app {

namespace {
std::int64_t int_field(const nlohmann::json& p, const char* key) {
  auto it = p.find(key);
  return it != p.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}
std::string text_field(const nlohmann::json& p, const char* key) {
  auto it = p.find(key);
  return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

void JournalTally::add(const oq::JournalRow& row) {
  if (row.seq <= last_seq_) return;  // already counted
  last_seq_ = row.seq;
  ++rows_;
  const std::string& t = row.type;
  const bool note = t == "cash_in.note_credited" || t == "cash_in.late_credit" ||
                    t == "cash_in.credit_recovered" || t == "cash.unattributed_note";
  const bool interesting = note || t == "cash_in.purchase_queued" ||
                           t == "cash_out.dispense_intent" || t == "cash_out.dispense_result" ||
                           t == "cash_out.late_dispense_result" || t == kCashBoxCollected ||
                           t == "cash_out.dispenser_fault";
  if (!interesting) return;
  const auto p = nlohmann::json::parse(row.payload, nullptr, false);
  if (!p.is_object()) return;
  if (note) {
    const std::int64_t kzt = int_field(p, "kzt");
    if (kzt <= 0) return;
    if (t != "cash_in.credit_recovered") ++notes_accepted_[kzt];
    ++cash_box_notes_;
    cash_box_kzt_ += kzt;
  } else if (t == "cash_in.purchase_queued") {
    auto& f = flows_["cash_in"];
    ++f.transactions;
    f.fiat_kzt += int_field(p, "fiat_kzt");
  } else if (t == "cash_out.dispense_intent") {
    std::string flow = text_field(p, "flow");
    open_payouts_[row.tx_id] = flow == "redeem" ? "redeem" : "cash_out";
  } else if (t == "cash_out.dispense_result" || t == "cash_out.late_dispense_result") {
    std::string flow = "cash_out";
    if (auto it = open_payouts_.find(row.tx_id); it != open_payouts_.end()) {
      flow = it->second;
      open_payouts_.erase(it);
    } else if (t == "cash_out.late_dispense_result") {
      return;  // the session's result was already counted; a late answer moves no new cash here
    }
    auto& f = flows_[flow];
    ++f.transactions;
    f.fiat_kzt += int_field(p, "fiat_kzt");
  } else if (t == kCashBoxCollected) {
    cash_box_notes_ = 0;
    cash_box_kzt_ = 0;
  } else if (t == "cash_out.dispenser_fault") {
    ++dispenser_faults_[metric_label_code(text_field(p, "reason"))];
  }
}

}  // namespace kiosk::app
