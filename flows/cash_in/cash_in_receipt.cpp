#include "flows/cash_in/cash_in_receipt.hpp"

namespace kiosk::flows::cash_in {

Receipt build_cash_in_receipt(const Session& s, const Policy& p) {
  using Style = ReceiptLine::Style;
  Receipt r;
  r.operator_name = p.operator_name;
  r.operator_info = p.operator_info;
  r.title = "CRYPTO PURCHASE";
  const AssetOffer& a = *s.asset;
  auto line = [&](std::string label, std::string value, Style st = Style::Normal) {
    r.lines.push_back(ReceiptLine{std::move(label), std::move(value), st});
  };
  line("Transaction", s.tx_id);
  line("Asset", a.id);
  line("Cash inserted", format_kzt(s.credited), Style::Bold);
  for (auto& [kzt, count] : s.notes)
    line("  " + std::to_string(count) + " x " + format_kzt(Kzt{kzt}), "");
  line("Fee", format_kzt(s.fee));
  line("Rate", a.buy.to_string() + " KZT/" + a.symbol);
  line("You receive", atoms_to_units(s.crypto.value_or(0), a.decimals) + " " + a.symbol,
       Style::Bold);
  line("To address", "");
  line("", s.address, Style::Small);
  if (s.unresolved > Kzt{0})
    r.footer.push_back("A note of " + format_kzt(s.unresolved) +
                       " was not confirmed by the validator. The operator will settle it: "
                       "quote the transaction number.");
  if (s.end == EndReason::DeviceFault)
    r.footer.push_back("The session ended on a device fault; the cash above is yours.");
  if (s.offline)
    r.footer.push_back("The kiosk is offline: the crypto will be sent when it reconnects.");
  else
    r.footer.push_back("The crypto is sent by the exchange within minutes.");
  if (!p.receipt_qr_prefix.empty()) r.qr_payload = p.receipt_qr_prefix + s.tx_id;
  return r;
}

}  // namespace kiosk::flows::cash_in
