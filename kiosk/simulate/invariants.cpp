#include "kiosk/simulate/invariants.hpp"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "flows/compliance/usage.hpp"

namespace kiosk::simulate {

std::vector<std::string> InvariantChecker::after_step(oq::Store& store, const SimDevices& devices) {
  std::vector<std::string> out;
  // Nothing written since the last look (SQLite's change counter, no query): nothing to read.
  const auto changes = sqlite3_total_changes64(store.db().raw());
  if (changes == last_changes_ && &store == last_store_) return out;
  last_changes_ = changes;
  last_store_ = &store;
  auto last = store.last_row();
  if (!last) {
    out.push_back("journal_unreadable: " + last.error().what);
    return out;
  }
  if (!*last || (*last)->seq == last_seq_) return out;
  auto rows = store.rows_range(last_seq_ + 1, (*last)->seq);
  if (!rows) {
    out.push_back("journal_unreadable: " + rows.error().what);
    return out;
  }
  for (const auto& r : *rows) read_row(r, store, out);
  const auto& box = devices.validator.counters().stacked;
  for (const auto& [kzt, n] : credited_notes_) {
    auto it = box.find(kzt);
    const int in_box = it == box.end() ? 0 : it->second;
    if (n > in_box)
      out.push_back("no_phantom_credit: " + std::to_string(n) + " notes of " + std::to_string(kzt) +
                    " credited, " + std::to_string(in_box) + " in the cassette");
  }
  return out;
}

void InvariantChecker::read_row(const oq::JournalRow& r, oq::Store& store,
                                std::vector<std::string>& out) {
  last_seq_ = r.seq;
  if (cash_out_) cash_out_->read_row(r, *desk_, out);
  if (!r.type.starts_with("cash_in.") && !r.type.starts_with("cash.")) return;
  const auto p = nlohmann::json::parse(r.payload, nullptr, false);
  if (!p.is_object()) {
    out.push_back("journal_payload_not_json: seq " + std::to_string(r.seq));
    return;
  }
  const std::int64_t kzt = p.value("kzt", std::int64_t{0});
  const std::string& tx = r.tx_id;
  if (r.type == "cash_in.session_opened") {
    tx_person_[tx] = p.value("person", "");
    ++limit_bindings_[p.value("limit_binding", "")];
  }
  if (r.type == "cash_in.note_credited" || r.type == "cash_in.credit_recovered" ||
      r.type == "cash_in.late_credit" || r.type == "cash.unattributed_note") {
    if (kzt > 0) ++credited_notes_[kzt];
    if (kzt == 0) ++unknown_value_credits_;
    credited_value_ += kzt;
    if (r.type == "cash_in.note_credited") tx_credit_[tx] += kzt;
  }
  if (r.type == "cash_in.note_unresolved") surfaced_value_ += kzt;
  if (r.type == "cash_in.receipt_printed") ++receipts_printed_;
  if (r.type == "cash_in.receipt_failed") ++receipts_failed_;
  if (r.type == "cash_in.purchase_queued") {
    ++purchases_;
    const std::int64_t fiat = p.value("fiat_kzt", std::int64_t{0});
    const bool recovered = p.value("end", "") == "recovered";
    if (recovered) ++recovered_purchases_;
    if (++tx_purchases_[tx] > 1) out.push_back("one_purchase_per_tx: " + tx + " bought twice");
    if (fiat != tx_credit_[tx])
      out.push_back("purchase_matches_credits: " + tx + " buys " + std::to_string(fiat) + " for " +
                    std::to_string(tx_credit_[tx]) + " credited");
    if (p.value("offline", false) && !recovered) {
      ++offline_purchases_;
      auto exposure = store.outbox().unacknowledged_fiat_kzt("/v1/cash-in");
      const std::int64_t cap = config_.cash_in.offline.cap.value;
      if (exposure && *exposure > cap)
        out.push_back("offline_cap: " + std::to_string(*exposure) + " unacknowledged > cap " +
                      std::to_string(cap) + " after " + tx);
    }
    const std::string person = tx_person_[tx];
    if (!person.empty()) {
      const int off = config_.compliance.utc_offset_minutes;
      const auto& rules =
          config_.cash_in.kyc ? config_.cash_in.kyc->rules : flows::compliance::CompliancePolicy{};
      auto& d = day_[{person, flows::compliance::local_day_start_ms(r.at_ms, off)}];
      auto& m = month_[{person, flows::compliance::local_month_start_ms(r.at_ms, off)}];
      d += fiat;
      m += fiat;
      std::int64_t month_cap = rules.monthly_limit.value;
      if (rules.retail_cap_applies) month_cap = std::min(month_cap, rules.retail_monthly_cap.value);
      if (!recovered && d > rules.daily_limit.value)
        out.push_back("person_limits: daily " + std::to_string(d) + " for " + person);
      if (!recovered && m > month_cap)
        out.push_back("person_limits: monthly " + std::to_string(m) + " > " +
                      std::to_string(month_cap) + " for " + person);
    }
  }
  if (r.type == "cash_in.note_refused" && p.value("reason", "") == "note_over_limit")
    ++limit_refusals_;
  if (r.type == "cash_in.closed" && tx_credit_[tx] > 0 && tx_purchases_[tx] == 0)
    out.push_back("credit_bought_before_close: " + tx + " closed with " +
                  std::to_string(tx_credit_[tx]) + " credited and no purchase");
}

std::vector<std::string> InvariantChecker::when_quiet(const SimDevices& devices) const {
  std::vector<std::string> out;
  const auto& c = devices.validator.counters();
  // Fakes that a power cut pushed into the cassette (stacked_unknown) are worth nothing. A credit
  // the validator could not value (a power-up with a note in the stacker: 0 tenge) is surfaced
  // to the operator; it may stand for any one note.
  const std::int64_t box = c.stacked_value();
  const std::int64_t missing = box - credited_value_;
  const std::int64_t unvalued = unknown_value_credits_ * kLargestNote;
  if (missing < 0 || missing > surfaced_value_ + unvalued)
    out.push_back("cash_conserved: cassette " + std::to_string(box) + ", credited " +
                  std::to_string(credited_value_) + ", surfaced " +
                  std::to_string(surfaced_value_) + " + " + std::to_string(unknown_value_credits_) +
                  " notes of unknown value");
  return out;
}

std::vector<std::string> InvariantChecker::journal_chain(oq::Store& store) const {
  auto v = store.verify();
  if (v.ok) return {};
  return {"journal_chain: " + v.reason + " at seq " + std::to_string(v.first_bad_seq.value_or(0))};
}

}  // namespace kiosk::simulate
