#include "kiosk/simulate/cash_out_invariants.hpp"

#include <nlohmann/json.hpp>

#include "flows/cash_out/cash_out_types.hpp"
#include "flows/dispense/plan_text.hpp"

namespace kiosk::simulate {

namespace rec = flows::cash_out::rec;

CashOutChecker::CashOutChecker(const sim::lcdm::LcdmDeviceSim& loaded) {
  for (int i = 0; i < loaded.cassette_count(); ++i) loaded_.push_back(loaded.left(i));
  journal_delivered_.assign(loaded_.size(), 0);
  taken_.assign(loaded_.size(), 0);
}

void CashOutChecker::taken_out(int cassette, int n) {
  if (cassette < 0)
    taken_from_path_ += n;
  else if (static_cast<std::size_t>(cassette) < taken_.size())
    taken_[static_cast<std::size_t>(cassette)] += n;
}

void CashOutChecker::read_row(const oq::JournalRow& r, const sim::CashOutDesk& desk,
                              std::vector<std::string>& out) {
  if (!r.type.starts_with("cash_out.") && !r.type.starts_with("redeem.")) return;
  if (r.type != rec::kDispenseIntent && r.type != rec::kDispenseResult &&
      r.type != rec::kDispensedQueued && r.type != rec::kRedeemCodeIssued)
    return;
  const auto p = nlohmann::json::parse(r.payload, nullptr, false);
  if (!p.is_object()) {
    out.push_back("journal_payload_not_json: seq " + std::to_string(r.seq));
    return;
  }
  const std::string order = p.value("order_id", "");
  if (r.type == rec::kRedeemCodeIssued) ++codes_issued_;
  if (r.type == rec::kDispensedQueued) ++reports_[r.tx_id];
  if (r.type == rec::kDispenseIntent) {
    if (++intents_by_order_[order] > 1)
      out.push_back("no_double_dispense: order " + order + " has " +
                    std::to_string(intents_by_order_[order]) + " dispense intents (last " +
                    r.tx_id + ")");
    auto it = desk.orders().find(order);
    if (it == desk.orders().end()) {
      out.push_back("dispense_needs_claimed_deposit: " + r.tx_id + " pays order " + order +
                    " the exchange does not know");
    } else {
      const auto& o = it->second;
      // Claimed at all (a sale claims with "<tx>:claim", a redeem with its own key).
      const bool sale = p.value("flow", "") != "redeem";
      if (o.claim_key.empty() || (sale && o.claim_key != r.tx_id + ":claim"))
        out.push_back("dispense_needs_claimed_deposit: " + r.tx_id + " pays order " + order +
                      " claimed by '" + o.claim_key + "'");
      oq::OrderView v = o.view;
      if (v.status == oq::OrderStatus::Dispensed) v.status = oq::OrderStatus::Dispensing;
      if (!oq::deposit_settled(v))
        out.push_back("dispense_needs_claimed_deposit: " + r.tx_id + " pays order " + order +
                      " whose deposit is not settled (" + oq::to_string(o.view.status) + ", " +
                      std::to_string(static_cast<long long>(v.received_atoms)) + "/" +
                      std::to_string(static_cast<long long>(v.crypto_atoms)) + " atoms)");
    }
    if (p.value("flow", "") == "redeem") ++redeem_payouts_;
  }
  if (r.type == rec::kDispenseResult) {
    ++payouts_;
    const std::string result = p.value("result", "");
    if (result == "unknown") ++unknown_;
    if (result == "partial") ++partial_;
    paid_kzt_ += p.value("fiat_kzt", std::int64_t{0});
    auto moves = flows::dispense::moves_from_text(p.value("moves", ""));
    if (!moves) {
      out.push_back("journal_moves_unreadable: seq " + std::to_string(r.seq));
      return;
    }
    for (const auto& m : *moves)
      if (m.index >= 0 && static_cast<std::size_t>(m.index) < journal_delivered_.size())
        journal_delivered_[static_cast<std::size_t>(m.index)] += m.delivered;
  }
}

std::vector<std::string> CashOutChecker::after_step(const SimDevices& devices) const {
  std::vector<std::string> out;
  const auto& d = devices.dispenser;
  int total = 0, loaded = 0;
  for (std::size_t i = 0; i < loaded_.size(); ++i) {
    const int c = static_cast<int>(i);
    const int accounted = d.left(c) + d.delivered(c) + d.rejected(c) + taken_[i];
    if (accounted > loaded_[i])
      out.push_back("dispenser_notes_conserved: cassette " + std::to_string(i) + " accounts for " +
                    std::to_string(accounted) + " of " + std::to_string(loaded_[i]) + " loaded");
    if (journal_delivered_[i] > d.delivered(c))
      out.push_back("no_phantom_payout: cassette " + std::to_string(i) + ": journal " +
                    std::to_string(journal_delivered_[i]) + " delivered, device " +
                    std::to_string(d.delivered(c)));
    total += d.left(c) + d.delivered(c) + taken_[i];
    loaded += loaded_[i];
  }
  total += d.reject_tray() + d.in_path() + taken_from_path_;
  if (total != loaded)
    out.push_back("dispenser_notes_conserved: " + std::to_string(loaded) + " loaded, " +
                  std::to_string(total) + " accounted for (left, delivered, tray, path, taken)");
  return out;
}

std::vector<std::string> CashOutChecker::when_quiet(const SimDevices& devices) const {
  std::vector<std::string> out;
  if (unknown_ > 0) return out;  // settled by an operator's count, not by the journal
  for (std::size_t i = 0; i < loaded_.size(); ++i) {
    const int dev = devices.dispenser.delivered(static_cast<int>(i));
    if (journal_delivered_[i] != dev)
      out.push_back("payout_matches_device: cassette " + std::to_string(i) + ": journal " +
                    std::to_string(journal_delivered_[i]) + " delivered, device " +
                    std::to_string(dev));
  }
  return out;
}

}  // namespace kiosk::simulate
