// Fuzzes every parser of exchange answers the kiosk reads: rates, cash-in answers, journal acks,
// error bodies, cash-out orders, order views (and their status words) and dispense reports. KYC,
// usage and blocked-list answers are in kyc_messages_fuzz. The first byte picks a valid
// template and the rest is spliced into it (so the inputs look like JSON often enough to get past
// the first brace), or used raw.
#include <cstddef>
#include <cstdint>
#include <string>

#include "offline_queue/cash_out_messages.hpp"
#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/rates_message.hpp"

namespace {

const char* const kTemplates[] = {
    R"({"as_of":"2024-05-01T10:00:00Z","rates":[{"asset":"BTC","network":"bitcoin","decimals":8,"buy_kzt_per_unit":"48231000.25","sell_kzt_per_unit":"47000000"}]})",
    R"({"status":"accepted","crypto_atoms":"123450","chain_txid":"ab12"})",
    R"({"acked_through":42})",
    R"({"error":{"code":"limit_exceeded","message":"over"}})",
    R"({"order_id":"ord-1","deposit_address":"bc1q","payment_uri":"bitcoin:bc1q","crypto_atoms":"200000","expires_at":"2024-05-01T10:15:00Z","expires_at_ms":1714558500000,"required_confirmations":1,"redeem_code":"R-ABCDE-FGHJK"})",
    R"({"order_id":"ord-1","status":"confirmed","asset":"BTC","network":"bitcoin","fiat_kzt":99000,"crypto_atoms":"200000","received_atoms":"200000","confirmations":1,"required_confirmations":1,"redeem_code":"R-ABCDE-FGHJK"})",
    R"({"tx_id":"tx-1","notes":[{"kzt":5000,"count":3}],"fiat_kzt":15000,"shortfall_kzt":5000,"result":"partial"})",
};
constexpr std::size_t kTemplateCount = sizeof kTemplates / sizeof kTemplates[0];

template <typename Parse, typename Write>
void round_trip(const std::string& text, Parse parse, Write write) {
  if (auto v = parse(text)) {
    auto again = parse(write(*v));
    if (!again || !(*again == *v)) __builtin_trap();
  }
}

void parse_all(const std::string& text) {
  if (auto r = kiosk::oq::parse_rates(text)) {
    // A parsed snapshot must survive its own round trip.
    auto again = kiosk::oq::parse_rates(kiosk::oq::rates_to_json(*r));
    if (!again || !(*again == *r)) __builtin_trap();
  }
  if (auto a = kiosk::oq::parse_cash_in_answer(text)) {
    auto again = kiosk::oq::parse_cash_in_answer(kiosk::oq::cash_in_answer_body(*a));
    if (!again || !(*again == *a)) __builtin_trap();
  }
  using namespace kiosk::oq;
  round_trip(text, parse_cash_out_order_answer, cash_out_order_answer_body);
  round_trip(text, parse_order_view, order_view_body);
  round_trip(text, parse_dispensed_report, dispensed_body);
  if (auto s = parse_order_status(text)) {
    if (parse_order_status(to_string(*s)) != s) __builtin_trap();
  }
  (void)kiosk::oq::parse_journal_ack(text);
  (void)kiosk::oq::parse_error_body(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string raw(reinterpret_cast<const char*>(data), size);
  parse_all(raw);
  if (size >= 2) {
    std::string t = kTemplates[data[0] % kTemplateCount];
    std::size_t at = data[1] % (t.size() + 1);
    std::size_t cut = size > 2 ? data[2] % 8 : 0;
    t.replace(at, std::min(cut, t.size() - at), raw.substr(std::min<std::size_t>(3, size)));
    parse_all(t);
  }
  return 0;
}
