// The words printed on receipts, in the customer's language (kk, ru, en; anything else prints
// English). Kazakh is written with its own letters: the printer profile decides how they reach the
// paper (devices/escpos/cp866_text.hpp: a Kazakh code page, or the nearest Russian letter). Pure.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::flows {

struct ReceiptWords {
  // Titles.
  std::string_view purchase, sale, redeem_code_slip, redeem;
  // Line labels.
  std::string_view date_utc, transaction, asset, cash_inserted, fee, rate, you_receive, to_address;
  std::string_view order, amount, cash_delivered, not_delivered, you_sent, send, redeem_code,
      pay_before;
  // Footers; {kzt} is replaced by an amount.
  std::string_view note_unresolved, device_fault, offline, sent_soon;
  std::string_view partial, unknown_payout, redeem_how, order_expired;
};

// The words for `lang`: "kk", "ru" or "en"; any other language gets English.
const ReceiptWords& receipt_words(std::string_view lang);

// `text` with every "{kzt}" replaced by `kzt`.
std::string with_kzt(std::string_view text, std::string_view kzt);

}  // namespace kiosk::flows
