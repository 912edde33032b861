// The simulator's ESC/POS interpreter: the reference sample job, the render -> interpret round
// trip, streaming, receipts split at cuts, and hostile input.
#include <doctest/doctest.h>

#include "devices/escpos/escpos_encoder.hpp"
#include "sim/escpos/escpos_interpreter.hpp"
#include "sim/escpos/escpos_printer_sim.hpp"
#include "tests/unit/escpos/escpos_test_support.hpp"

using namespace kiosk::devices;
using namespace kiosk::sim;
using namespace kiosk::escpos_test;

namespace {

std::string joined(const PrintedReceipt& r) {
  std::string out;
  for (const auto& l : r.lines) out += l + "\n";
  return out;
}

// Lines trimmed and concatenated: a value wrapped over several lines reads as one string.
std::string glued(const PrintedReceipt& r) {
  std::string out;
  for (const auto& l : r.lines) {
    const auto a = l.find_first_not_of(' ');
    if (a != std::string::npos) out += l.substr(a, l.find_last_not_of(' ') - a + 1);
  }
  return out;
}

PrintedReceipt print_one(const kiosk::flows::Receipt& receipt, const EscPosProfile& profile,
                         const EscPosSimConfig& config) {
  EscPosInterpreter printer(config);
  CHECK(printer.feed(render_receipt(receipt, profile)).empty());
  auto receipts = printer.receipts();
  REQUIRE(receipts.size() == 1);
  CHECK(printer.unknown_commands() == 0);
  return receipts[0];
}

void check_fits(const PrintedReceipt& r, int columns) {
  for (const PrintedLine& l : r.styled) {
    CHECK_MESSAGE(!l.wrapped, "line wider than the paper: ", l.text);
    CHECK(code_points(l.text) * static_cast<std::size_t>(l.width_mul) <=
          static_cast<std::size_t>(columns));
  }
}

}  // namespace

TEST_CASE("the reference sample job prints its line and its QR code, then cuts") {
  const Bytes job = hex(
      "1B 40 1B 74 11 1B 61 01 1B 45 01 54 4F 54 41 4C 20 35 30 30 30 20 4B 5A 54 0A 1B 45 00"
      "1D 28 6B 04 00 31 41 32 00  1D 28 6B 03 00 31 43 06  1D 28 6B 03 00 31 45 31"
      "1D 28 6B 1B 00 31 50 30 68 74 74 70 73 3A 2F 2F 65 78 61 6D 70 6C 65 2E 6B 7A 2F 72 2F 31 "
      "32 33"
      "1D 28 6B 03 00 31 51 30 0A 1D 56 42 03");
  EscPosInterpreter printer;
  CHECK(printer.feed(job).empty());
  const auto receipts = printer.receipts();
  REQUIRE(receipts.size() == 1);
  const PrintedReceipt& r = receipts[0];
  CHECK(r.cut);
  REQUIRE(r.lines.size() == 2);
  CHECK(r.lines[0] == "TOTAL 5000 KZT");
  CHECK(r.lines[1] == "");
  CHECK(r.styled[0].bold);
  CHECK(r.styled[0].align == escpos::Align::Centre);
  CHECK_FALSE(r.styled[1].bold);
  REQUIRE(r.qr_payloads.size() == 1);
  CHECK(r.qr_payloads[0] == "https://example.kz/r/123");
}

TEST_CASE("round trip, Kazakh variant: every value comes back, address unbroken, QR exact") {
  const auto receipt = sample_receipt();
  EscPosProfile profile;
  profile.kazakh = KazakhLetters::CustomB0;
  EscPosSimConfig config;
  config.kazakh = KazakhLetters::CustomB0;
  const PrintedReceipt r = print_one(receipt, profile, config);
  const std::string text = words(joined(r));

  CHECK(r.cut);
  check_fits(r, 42);
  CHECK(text.find("Example Crypto Ltd (AIFC)") != std::string::npos);
  CHECK(text.find("Лицензия AFSA-A-LA-2024-0001") != std::string::npos);
  CHECK(text.find("Астана, Мәңгiлiк Ел 55/20") != std::string::npos);  // і prints as Latin i
  CHECK(text.find("ЧЕК / RECEIPT") != std::string::npos);
  CHECK(text.find("Сумма / Сомасы 20 000 KZT") != std::string::npos);
  CHECK(text.find("48 231 000.25 KZT") != std::string::npos);
  CHECK(text.find("Получено / Алынды 0.00041466 BTC") != std::string::npos);
  CHECK(text.find("Қазақстан Ұлттық Банкi, Өскемен, Ғалым, Һ, Үмiт, Әке, Ңң") != std::string::npos);
  CHECK(text.find("Fee 200 KZT") != std::string::npos);
  CHECK(text.find("Итого 20 000 KZT") != std::string::npos);
  CHECK(text.find(words(receipt.footer[0])) != std::string::npos);
  CHECK(text.find(receipt.footer[1]) != std::string::npos);
  // The 62-character address does not fit 42 columns: it is wrapped, never cut short.
  CHECK(text.find(kLongBtcAddress) == std::string::npos);
  CHECK(glued(r).find(kLongBtcAddress) != std::string::npos);
  REQUIRE(r.qr_payloads.size() == 1);
  CHECK(r.qr_payloads[0] == receipt.qr_payload);
}

TEST_CASE("round trip: the layout's styles reach the paper") {
  const PrintedReceipt r = print_one(sample_receipt(), EscPosProfile{}, EscPosSimConfig{});
  auto find = [&](const std::string& text) -> const PrintedLine* {
    for (const auto& l : r.styled) {
      if (l.text == text) return &l;
    }
    return nullptr;
  };
  const PrintedLine* name = find("Example Crypto Ltd (AIFC)");
  REQUIRE(name);
  CHECK(name->bold);
  CHECK(name->align == escpos::Align::Centre);
  const PrintedLine* title = find("ЧЕК / RECEIPT");
  REQUIRE(title);
  CHECK(title->width_mul == 2);
  CHECK(title->height_mul == 2);
  CHECK(title->bold);
  const PrintedLine* amount = find("Сумма / Сомасы                  20 000 KZT");
  REQUIRE(amount);  // 42 columns, value at the right edge
  CHECK(amount->bold);
  CHECK(amount->align == escpos::Align::Left);
  const PrintedLine* rate = find("Курс BTC                 48 231 000.25 KZT");
  REQUIRE(rate);
  CHECK_FALSE(rate->bold);
}

TEST_CASE("round trip, default profile: Kazakh letters transliterated, 58 mm paper") {
  const auto receipt = sample_receipt();
  const EscPosProfile profile = EscPosProfile::paper_58mm();
  EscPosSimConfig config;
  config.columns = 32;
  const PrintedReceipt r = print_one(receipt, profile, config);
  const std::string text = words(joined(r));
  check_fits(r, 32);
  CHECK(text.find("Казакстан Улттык Банкi, Оскемен, Галым, Х, Умiт, Аке, Нн") != std::string::npos);
  CHECK(text.find("Астана, Мангiлiк Ел 55/20") != std::string::npos);
  CHECK(text.find("0.00041466 BTC") != std::string::npos);
  CHECK(glued(r).find(kLongBtcAddress) != std::string::npos);
  REQUIRE(r.qr_payloads.size() == 1);
  CHECK(r.qr_payloads[0] == receipt.qr_payload);
}

TEST_CASE("a value longer than a line is wrapped onto right-aligned lines, nothing dropped") {
  kiosk::flows::Receipt receipt;
  const std::string eth = "0x52908400098527886E0F7030069857D2E4169EE7";  // EIP-55, 42 chars
  receipt.lines = {{"ETH address", eth}};
  EscPosProfile profile;
  profile.columns = 20;
  EscPosSimConfig config;
  config.columns = 20;
  const PrintedReceipt r = print_one(receipt, profile, config);
  check_fits(r, 20);
  // rule, label, then 20 + 20 + 2 characters of the address
  REQUIRE(r.lines.size() >= 5);
  CHECK(r.lines[1] == "ETH address");
  CHECK(r.lines[2] == eth.substr(0, 20));
  CHECK(r.lines[3] == eth.substr(20, 20));
  CHECK(r.lines[4] == std::string(18, ' ') + eth.substr(40));
}

TEST_CASE("any split of the stream prints the same thing") {
  const Bytes job = render_receipt(sample_receipt(), EscPosProfile{});
  EscPosInterpreter whole;
  whole.feed(job);
  for (std::size_t chunk : {1u, 2u, 3u, 7u, 64u}) {
    EscPosInterpreter split;
    for (std::size_t at = 0; at < job.size(); at += chunk) {
      split.feed(ByteView(job).subspan(at, std::min(chunk, job.size() - at)));
    }
    const auto a = whole.receipts(), b = split.receipts();
    REQUIRE(a.size() == b.size());
    CHECK(a[0].lines == b[0].lines);
    CHECK(a[0].qr_payloads == b[0].qr_payloads);
  }
}

TEST_CASE("receipts are split at each cut") {
  EscPosInterpreter printer;
  printer.feed(bytes_of("one\n\x1dV\x01two\n\x1dVB\x05three\n"));
  const auto receipts = printer.receipts();
  REQUIRE(receipts.size() == 3);
  CHECK(receipts[0].lines == std::vector<std::string>{"one"});
  CHECK(receipts[0].cut);
  CHECK(receipts[1].lines == std::vector<std::string>{"two"});
  CHECK(receipts[1].cut);
  CHECK(receipts[2].lines == std::vector<std::string>{"three"});
  CHECK_FALSE(receipts[2].cut);
}

TEST_CASE("DLE EOT requests are reported in order, even between text") {
  EscPosInterpreter printer;
  const auto queries = printer.feed(hex("10 04 01 41 10 04 04 0A 10 04 02"));
  CHECK(queries == std::vector<std::uint8_t>{1, 4, 2});
  CHECK(printer.receipts().at(0).lines == std::vector<std::string>{"A"});
}

TEST_CASE("without ESC t the printer is in another code page: Cyrillic shows as '?'") {
  EscPosInterpreter printer;
  printer.feed(hex("1B 40 8F E0 A8 0A"));
  CHECK(printer.receipts().at(0).lines == std::vector<std::string>{"???"});
}

TEST_CASE("a line wider than the paper is broken by the printer and flagged") {
  EscPosSimConfig config;
  config.columns = 4;
  EscPosInterpreter printer(config);
  printer.feed(bytes_of("abcdef\n"));
  const auto r = printer.receipts().at(0);
  REQUIRE(r.styled.size() == 2);
  CHECK(r.styled[0].text == "abcd");
  CHECK(r.styled[0].wrapped);
  CHECK(r.styled[1].text == "ef");
}

TEST_CASE("unknown, truncated and bulk commands are skipped without harm") {
  EscPosInterpreter printer;
  // unknown ESC and GS, a raster image whose data contains LF and DLE EOT, an image via GS ( L,
  // a barcode, then text
  Bytes job = hex("1B 40 1B 7F 1D 7F 1D 76 30 00 02 00 02 00 0A 10 04 01 1D 28 4C 02 00 0A 0A");
  const Bytes barcode = hex("1D 6B 04 31 32 33 00");
  job.insert(job.end(), barcode.begin(), barcode.end());
  const Bytes text = bytes_of("ok\n");
  job.insert(job.end(), text.begin(), text.end());
  CHECK(printer.feed(job).empty());
  const auto r = printer.receipts();
  REQUIRE(r.size() == 1);
  CHECK(r[0].lines == std::vector<std::string>{"ok"});
  CHECK(printer.unknown_commands() == 2);

  // A QR store cut short waits for its tail; a print with nothing stored prints nothing.
  EscPosInterpreter waiting;
  waiting.feed(hex("1D 28 6B 06 00 31 50 30 61"));
  CHECK(waiting.receipts().empty());
  waiting.feed(hex("62 63 1D 28 6B 03 00 31 51 30"));
  REQUIRE(waiting.receipts().size() == 1);
  CHECK(waiting.receipts()[0].qr_payloads == std::vector<std::string>{"abc"});
  EscPosInterpreter empty;
  empty.feed(hex("1D 28 6B 03 00 31 51 30"));
  CHECK(empty.receipts().empty());
}

TEST_CASE("while it cannot print, output is discarded and counted") {
  EscPosInterpreter printer;
  printer.set_printing(false);
  printer.feed(bytes_of("lost\n\x1dV\x01"));
  CHECK(printer.receipts().empty());
  CHECK(printer.discarded() == 2);
  printer.set_printing(true);
  printer.feed(bytes_of("kept\n"));
  CHECK(printer.receipts().at(0).lines == std::vector<std::string>{"kept"});
}

TEST_CASE("the printer sim answers DLE EOT with the byte for its state") {
  EscPosPrinterSim sim;
  auto ask = [&](std::uint8_t n) { return sim.on_host_bytes(escpos::status_request(n), {}); };
  for (std::uint8_t n = 1; n <= 4; ++n) CHECK(ask(n) == Bytes{0x12});
  sim.set_paper(EscPosPrinterSim::Paper::NearEnd);
  CHECK(ask(4) == Bytes{0x1E});
  CHECK(ask(1) == Bytes{0x12});
  sim.set_paper(EscPosPrinterSim::Paper::Out);
  CHECK(ask(4) == Bytes{0x72});
  CHECK(ask(1) == Bytes{0x1A});
  CHECK(ask(2) == Bytes{0x32});
  sim.set_paper(EscPosPrinterSim::Paper::Ok);
  sim.set_cover_open(true);
  CHECK(ask(2) == Bytes{0x16});
  CHECK(ask(1) == Bytes{0x1A});
  sim.set_cover_open(false);
  sim.set_cutter_error(true);
  CHECK(ask(3) == Bytes{0x1A});
  CHECK(ask(2) == Bytes{0x52});
  sim.set_cutter_error(false);
  sim.set_offline(true);
  CHECK(ask(1) == Bytes{0x1A});
  sim.set_silent(true);
  CHECK(ask(1).empty());
  CHECK(sim.status_requests() == 15);
  CHECK(sim.on_host_bytes(hex("10 04 07"), {}).empty());  // not a request it knows
}

TEST_CASE("the printer sim's text joins every line of every receipt") {
  EscPosPrinterSim sim;
  sim.on_host_bytes(bytes_of("a\nb\n\x1dV\x01"
                             "c\n"),
                    {});
  CHECK(sim.text() == "a\nb\nc");
}
