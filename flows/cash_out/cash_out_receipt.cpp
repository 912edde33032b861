#include "flows/cash_out/cash_out_receipt.hpp"

namespace kiosk::flows::cash_out {
namespace {

using Style = ReceiptLine::Style;

void line(Receipt& r, std::string label, std::string value, Style st = Style::Normal) {
  r.lines.push_back(ReceiptLine{std::move(label), std::move(value), st});
}

Receipt header(const Policy& p, std::string title) {
  Receipt r;
  r.operator_name = p.operator_name;
  r.operator_info = p.operator_info;
  r.title = std::move(title);
  return r;
}

}  // namespace

void add_settlement_lines(Receipt& r, const Settlement& st, const std::string& order_id) {
  line(r, "Order", order_id);
  line(r, "Amount", format_kzt(st.planned));
  line(r, "Cash delivered", format_kzt(st.delivered_kzt), Style::Bold);
  for (auto it = st.delivered.rbegin(); it != st.delivered.rend(); ++it)
    line(r, "  " + std::to_string(it->second) + " x " + format_kzt(Kzt{it->first}), "");
  switch (st.result) {
    case DispenseFinished::Result::Complete:
      break;
    case DispenseFinished::Result::Partial:
      line(r, "Not delivered", format_kzt(st.shortfall), Style::Bold);
      r.footer.push_back("The dispenser delivered less than the amount. The difference of " +
                         format_kzt(st.shortfall) +
                         " is recorded and reported; the operator will pay it. Keep this receipt "
                         "and quote the order number.");
      break;
    case DispenseFinished::Result::Unknown:
      r.footer.push_back(
          "The dispenser did not confirm how much cash it delivered. The operator will settle "
          "this order: keep this receipt and quote the order number.");
      break;
  }
}

Receipt build_cash_out_receipt(const Session& s, const Policy& p) {
  Receipt r = header(p, "CRYPTO SALE");
  line(r, "Transaction", s.tx_id);
  if (s.asset && s.order) {
    line(r, "Asset", s.asset->id);
    line(r, "You sent",
         atoms_to_units(s.order->crypto_atoms, s.asset->decimals) + " " + s.asset->symbol);
  }
  if (s.settlement) add_settlement_lines(r, *s.settlement, s.order ? s.order->order_id : "");
  if (!p.receipt_qr_prefix.empty()) r.qr_payload = p.receipt_qr_prefix + s.tx_id;
  return r;
}

Receipt build_redeem_code_receipt(const Session& s, const Policy& p) {
  Receipt r = header(p, "REDEEM CODE");
  line(r, "Transaction", s.tx_id);
  if (s.order) {
    line(r, "Order", s.order->order_id);
    line(r, "Amount", format_kzt(s.amount), Style::Bold);
    if (s.asset)
      line(r, "Send",
           atoms_to_units(s.order->crypto_atoms, s.asset->decimals) + " " + s.asset->symbol);
    line(r, "Redeem code", s.order->redeem_code, Style::Title);
    r.qr_payload = s.order->redeem_code;
    if (!s.order->expires_at.empty()) line(r, "Pay before", s.order->expires_at);
  }
  r.footer.push_back(
      "No cash was dispensed. When your deposit is confirmed, scan this code at the kiosk "
      "(Redeem) to collect the cash. The code pays out once.");
  if (s.end == EndReason::Expired)
    r.footer.push_back("The order expired. Contact the operator with this code.");
  return r;
}

}  // namespace kiosk::flows::cash_out
