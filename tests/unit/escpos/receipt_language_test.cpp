// Receipts in the customer's language (issue 18): the cash-in receipt built in kk, ru and en,
// rendered to ESC/POS bytes and read back by the simulator's printer, with the Kazakh letters as
// each printer profile allows (a Kazakh code page, or the nearest Russian letter).
#include <doctest/doctest.h>

#include "devices/escpos/escpos_encoder.hpp"
#include "flows/cash_in/cash_in_receipt.hpp"
#include "flows/cash_out/cash_out_receipt.hpp"
#include "flows/receipt_words.hpp"
#include "sim/escpos/escpos_interpreter.hpp"
#include "tests/unit/escpos/escpos_test_support.hpp"

using namespace kiosk;
using namespace kiosk::devices;
using namespace kiosk::sim;
using namespace kiosk::escpos_test;

namespace {

flows::cash_in::Session purchase(const std::string& lang) {
  flows::cash_in::Session s;
  s.lang = lang;
  s.tx_id = "TX-42";
  s.asset = flows::cash_in::AssetOffer{"BTC/bitcoin", "Bitcoin", "BTC", 8,
                                       *flows::Rate::parse("48000000")};
  s.address = "bc1qexampleaddress";
  s.credited = flows::Kzt{15000};
  s.notes = {{5000, 3}};
  s.fee = flows::Kzt{300};
  s.crypto = flows::Atoms{30625};
  s.offline = true;
  return s;
}

std::string printed(const flows::Receipt& receipt, KazakhLetters kazakh) {
  EscPosProfile profile;
  profile.kazakh = kazakh;
  EscPosSimConfig config;
  config.kazakh = kazakh;
  EscPosInterpreter printer(config);
  CHECK(printer.feed(render_receipt(receipt, profile)).empty());
  const auto receipts = printer.receipts();
  REQUIRE(receipts.size() == 1);
  std::string text;
  for (const auto& l : receipts[0].lines) text += l + "\n";
  return words(text);
}

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a cash-in receipt speaks the customer's language") {
  flows::cash_in::Policy policy;
  policy.operator_name = "Example Crypto Ltd (AIFC)";

  const auto en = flows::cash_in::build_cash_in_receipt(purchase("en"), policy);
  CHECK(en.lang == "en");
  CHECK(en.title == "CRYPTO PURCHASE");
  const std::string en_text = printed(en, KazakhLetters::Transliterate);
  CHECK(has(en_text, "Cash inserted 15 000 KZT"));
  CHECK(has(en_text, "The kiosk is offline"));

  const auto ru = flows::cash_in::build_cash_in_receipt(purchase("ru"), policy);
  const std::string ru_text = printed(ru, KazakhLetters::Transliterate);
  CHECK(has(ru_text, "ПОКУПКА КРИПТОВАЛЮТЫ"));
  CHECK(has(ru_text, "Внесено наличными 15 000 KZT"));
  CHECK(has(ru_text, "Комиссия 300 KZT"));
  CHECK(has(ru_text, "Киоск без связи"));
  CHECK_FALSE(has(ru_text, "Cash inserted"));

  const auto kk = flows::cash_in::build_cash_in_receipt(purchase("kk"), policy);
  CHECK(kk.title == "КРИПТОВАЛЮТА САТЫП АЛУ");
  // A printer with the Kazakh code page prints the Kazakh letters themselves ...
  const std::string kk_own = printed(kk, KazakhLetters::CustomB0);
  CHECK(has(kk_own, "Салынған қолма-қол ақша 15 000 KZT"));
  CHECK(has(kk_own, "Сiз аласыз"));  // CP866 has no і: it prints as the Latin i
  // ... and a plain CP866 printer the nearest Russian letters, never '?'.
  const std::string kk_plain = printed(kk, KazakhLetters::Transliterate);
  CHECK(has(kk_plain, "Салынган колма-кол акша 15 000 KZT"));
  CHECK_FALSE(has(kk_plain, "?"));
}

TEST_CASE("a language the kiosk does not speak prints English") {
  CHECK(flows::receipt_words("de").purchase == "CRYPTO PURCHASE");
  CHECK(flows::receipt_words("").transaction == "Transaction");
}

TEST_CASE("every language has every word, and {kzt} only where an amount goes") {
  for (const char* lang : {"kk", "ru", "en"}) {
    const flows::ReceiptWords& w = flows::receipt_words(lang);
    for (std::string_view s : {w.purchase,      w.sale,          w.redeem_code_slip,
                               w.redeem,        w.date_utc,      w.transaction,
                               w.asset,         w.cash_inserted, w.fee,
                               w.rate,          w.you_receive,   w.to_address,
                               w.order,         w.amount,        w.cash_delivered,
                               w.not_delivered, w.you_sent,      w.send,
                               w.redeem_code,   w.pay_before,    w.device_fault,
                               w.offline,       w.sent_soon,     w.unknown_payout,
                               w.redeem_how,    w.order_expired})
      CHECK_MESSAGE(!s.empty(), lang);
    CHECK(has(std::string(w.note_unresolved), "{kzt}"));
    CHECK(has(std::string(w.partial), "{kzt}"));
    CHECK(flows::with_kzt(w.partial, "5 000 ₸").find("{kzt}") == std::string::npos);
  }
  CHECK(flows::with_kzt("a {kzt} b {kzt}", "1") == "a 1 b 1");
}

TEST_CASE("the redeem-code slip is in the seller's language") {
  flows::cash_out::Session s;
  s.lang = "kk";
  s.tx_id = "TX-7";
  const auto r = flows::cash_out::build_redeem_code_receipt(s, flows::cash_out::Policy{});
  CHECK(r.lang == "kk");
  CHECK(r.title == "АЛУ КОДЫ");
  REQUIRE_FALSE(r.footer.empty());
  CHECK(has(r.footer[0], "Қолма-қол ақша берілген жоқ"));
}
