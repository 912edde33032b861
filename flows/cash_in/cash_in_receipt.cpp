#include "flows/cash_in/cash_in_receipt.hpp"

#include "flows/receipt_words.hpp"

namespace kiosk::flows::cash_in {

Receipt build_cash_in_receipt(const Session& s, const Policy& p) {
  using Style = ReceiptLine::Style;
  const ReceiptWords& w = receipt_words(s.lang);
  Receipt r;
  r.lang = s.lang;
  r.operator_name = p.operator_name;
  r.operator_info = p.operator_info;
  r.title = w.purchase;
  const AssetOffer& a = *s.asset;
  auto line = [&](std::string label, std::string value, Style st = Style::Normal) {
    r.lines.push_back(ReceiptLine{std::move(label), std::move(value), st});
  };
  line(std::string(w.transaction), s.tx_id);
  line(std::string(w.asset), a.id);
  line(std::string(w.cash_inserted), format_kzt(s.credited), Style::Bold);
  for (auto& [kzt, count] : s.notes)
    line("  " + std::to_string(count) + " x " + format_kzt(Kzt{kzt}), "");
  line(std::string(w.fee), format_kzt(s.fee));
  line(std::string(w.rate), a.buy.to_string() + " KZT/" + a.symbol);
  line(std::string(w.you_receive),
       atoms_to_units(s.crypto.value_or(0), a.decimals) + " " + a.symbol, Style::Bold);
  line(std::string(w.to_address), "");
  line("", s.address, Style::Small);
  if (s.unresolved > Kzt{0})
    r.footer.push_back(with_kzt(w.note_unresolved, format_kzt(s.unresolved)));
  if (s.end == EndReason::DeviceFault) r.footer.push_back(std::string(w.device_fault));
  if (s.offline)
    r.footer.push_back(std::string(w.offline));
  else
    r.footer.push_back(std::string(w.sent_soon));
  if (!p.receipt_qr_prefix.empty()) r.qr_payload = p.receipt_qr_prefix + s.tx_id;
  return r;
}

}  // namespace kiosk::flows::cash_in
