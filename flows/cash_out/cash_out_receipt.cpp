#include "flows/cash_out/cash_out_receipt.hpp"

#include "flows/receipt_words.hpp"

namespace kiosk::flows::cash_out {
namespace {

using Style = ReceiptLine::Style;

void line(Receipt& r, std::string_view label, std::string value, Style st = Style::Normal) {
  r.lines.push_back(ReceiptLine{std::string(label), std::move(value), st});
}

Receipt header(const Policy& p, const std::string& lang, std::string_view title) {
  Receipt r;
  r.lang = lang;
  r.operator_name = p.operator_name;
  r.operator_info = p.operator_info;
  r.title = std::string(title);
  return r;
}

}  // namespace

void add_settlement_lines(Receipt& r, const Settlement& st, const std::string& order_id) {
  const ReceiptWords& w = receipt_words(r.lang);
  line(r, w.order, order_id);
  line(r, w.amount, format_kzt(st.planned));
  line(r, w.cash_delivered, format_kzt(st.delivered_kzt), Style::Bold);
  for (auto it = st.delivered.rbegin(); it != st.delivered.rend(); ++it)
    line(r, "  " + std::to_string(it->second) + " x " + format_kzt(Kzt{it->first}), "");
  switch (st.result) {
    case DispenseFinished::Result::Complete:
      break;
    case DispenseFinished::Result::Partial:
      line(r, w.not_delivered, format_kzt(st.shortfall), Style::Bold);
      r.footer.push_back(with_kzt(w.partial, format_kzt(st.shortfall)));
      break;
    case DispenseFinished::Result::Unknown:
      r.footer.push_back(std::string(w.unknown_payout));
      break;
  }
}

Receipt build_cash_out_receipt(const Session& s, const Policy& p) {
  const ReceiptWords& w = receipt_words(s.lang);
  Receipt r = header(p, s.lang, w.sale);
  line(r, w.transaction, s.tx_id);
  if (s.asset && s.order) {
    line(r, w.asset, s.asset->id);
    line(r, w.you_sent,
         atoms_to_units(s.order->crypto_atoms, s.asset->decimals) + " " + s.asset->symbol);
  }
  if (s.settlement) add_settlement_lines(r, *s.settlement, s.order ? s.order->order_id : "");
  if (!p.receipt_qr_prefix.empty()) r.qr_payload = p.receipt_qr_prefix + s.tx_id;
  return r;
}

Receipt build_redeem_code_receipt(const Session& s, const Policy& p) {
  const ReceiptWords& w = receipt_words(s.lang);
  Receipt r = header(p, s.lang, w.redeem_code_slip);
  line(r, w.transaction, s.tx_id);
  if (s.order) {
    line(r, w.order, s.order->order_id);
    line(r, w.amount, format_kzt(s.amount), Style::Bold);
    if (s.asset)
      line(r, w.send,
           atoms_to_units(s.order->crypto_atoms, s.asset->decimals) + " " + s.asset->symbol);
    line(r, w.redeem_code, s.order->redeem_code, Style::Title);
    r.qr_payload = s.order->redeem_code;
    if (!s.order->expires_at.empty()) line(r, w.pay_before, s.order->expires_at);
  }
  r.footer.push_back(std::string(w.redeem_how));
  if (s.end == EndReason::Expired) r.footer.push_back(std::string(w.order_expired));
  return r;
}

}  // namespace kiosk::flows::cash_out
