// ESC/POS command builders against shared/reference/cash-devices.md 5.1-5.2, the CP866 text
// conversion, line wrapping and the receipt layout's bytes.
#include <doctest/doctest.h>

#include "devices/escpos/cp866_text.hpp"
#include "devices/escpos/escpos_encoder.hpp"
#include "tests/unit/escpos/escpos_test_support.hpp"

using namespace kiosk::devices;
using kiosk::escpos_test::bytes_of;
using kiosk::escpos_test::hex;

namespace {

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

bool contains(const Bytes& hay, const Bytes& needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

}  // namespace

TEST_CASE("builders reproduce the reference sample job byte for byte") {
  const Bytes expected = hex(
      "1B 40 1B 74 11 1B 61 01 1B 45 01 54 4F 54 41 4C 20 35 30 30 30 20 4B 5A 54 0A 1B 45 00"
      "1D 28 6B 04 00 31 41 32 00  1D 28 6B 03 00 31 43 06  1D 28 6B 03 00 31 45 31"
      "1D 28 6B 1B 00 31 50 30 68 74 74 70 73 3A 2F 2F 65 78 61 6D 70 6C 65 2E 6B 7A 2F 72 2F 31 "
      "32 33"
      "1D 28 6B 03 00 31 51 30 0A 1D 56 42 03");
  const Cp866Text text(EscPosProfile{});
  const Bytes payload = bytes_of("https://example.kz/r/123");
  const Bytes job =
      cat({escpos::init(), escpos::select_code_page(17), escpos::align(escpos::Align::Centre),
           escpos::bold(true),
           text.encode("TOTAL 5000 \u20B8"),  // the tenge sign prints as KZT
           escpos::line_feed(), escpos::bold(false), escpos::qr_model(2), escpos::qr_module_size(6),
           escpos::qr_error_correction(QrErrorCorrection::M), escpos::qr_store(payload).value(),
           escpos::qr_print(), escpos::line_feed(), escpos::cut(CutMode::Partial, 3)});
  CHECK(job == expected);
}

TEST_CASE("single builders") {
  CHECK(escpos::align(escpos::Align::Right) == hex("1B 61 02"));
  CHECK(escpos::char_size(2, 2) == hex("1D 21 11"));
  CHECK(escpos::char_size(1, 1) == hex("1D 21 00"));
  CHECK(escpos::char_size(0, 99) == hex("1D 21 07"));  // clamped to 1..8
  CHECK(escpos::feed_lines(4) == hex("1B 64 04"));
  CHECK(escpos::cut(CutMode::Full, 0) == hex("1D 56 41 00"));
  CHECK(escpos::cut(CutMode::None, 5) == hex("1B 64 05"));
  CHECK(escpos::qr_model(1) == hex("1D 28 6B 04 00 31 41 31 00"));
  CHECK(escpos::qr_module_size(0) == hex("1D 28 6B 03 00 31 43 01"));
  CHECK(escpos::qr_module_size(40) == hex("1D 28 6B 03 00 31 43 10"));
  CHECK(escpos::qr_error_correction(QrErrorCorrection::H) == hex("1D 28 6B 03 00 31 45 33"));
  for (std::uint8_t n = 1; n <= 4; ++n) CHECK(escpos::status_request(n) == Bytes{0x10, 0x04, n});
}

TEST_CASE("QR store length is little-endian len+3 and bounded") {
  const Bytes big(300, 'A');
  const Bytes store = escpos::qr_store(big).value();
  CHECK(store.size() == 8 + 300);
  CHECK(store[3] == 0x2F);  // 303 = 0x012F
  CHECK(store[4] == 0x01);
  CHECK(escpos::qr_store(Bytes(escpos::kQrStoreMax, 'A')).has_value());
  CHECK_FALSE(escpos::qr_store(Bytes(escpos::kQrStoreMax + 1, 'A')).has_value());
}

TEST_CASE("CP866: Russian letters map to their IBM 866 bytes") {
  const Cp866Text text(EscPosProfile{});
  CHECK(text.encode("Привет") == hex("8F E0 A8 A2 A5 E2"));
  CHECK(text.encode("ЁёЯя№") == hex("F0 F1 9F EF FC"));
  CHECK(text.encode("abc 123") == bytes_of("abc 123"));
}

TEST_CASE("CP866: Kazakh letters, transliterated by default") {
  const Cp866Text text(EscPosProfile{});
  // Ә ә Ғ ғ Қ қ Ң ң Ө ө Ұ ұ Ү ү Һ һ -> А а Г г К к Н н О о У у У у Х х
  CHECK(text.encode("ӘәҒғҚқҢңӨөҰұҮүҺһ") == hex("80 A0 83 A3 8A AA 8D AD 8E AE 93 E3 93 E3 95 E5"));
  CHECK(text.encode("Іі") == bytes_of("Ii"));  // І is in no CP866 variant: Latin I
}

TEST_CASE("CP866: Kazakh letters in the Custom variant sit at B0..BF") {
  EscPosProfile p;
  p.kazakh = KazakhLetters::CustomB0;
  const Cp866Text text(p);
  CHECK(text.encode("ӘәҒғҚқҢңӨөҰұҮүҺһ") == hex("B0 B1 B2 B3 B4 B5 B6 B7 B8 B9 BA BB BC BD BE BF"));
  CHECK(text.decode(0xB4) == "Қ");
  CHECK(text.decode(0xBF) == "һ");
  CHECK(text.decode(0x80) == "А");
  CHECK(text.encode("░") == bytes_of("?"));  // the box glyph that B0 used to be is gone
  const Cp866Text plain(EscPosProfile{});
  CHECK(plain.decode(0xB0) == "░");
}

TEST_CASE("tenge sign: KZT by default, configurable text or glyph") {
  EscPosProfile p;
  CHECK(Cp866Text(p).encode("20 000 \u20B8") == bytes_of("20 000 KZT"));
  p.tenge_text = "tg";
  CHECK(Cp866Text(p).encode("\u20B8") == bytes_of("tg"));
  p.extra_glyphs = {{U'\u20B8', 0xFD}};  // a model known to print ₸ at FD
  const Cp866Text with_glyph(p);
  CHECK(with_glyph.encode("5 \u20B8") == hex("35 20 FD"));
  CHECK(with_glyph.decode(0xFD) == "\u20B8");
}

TEST_CASE("unknown characters, control characters and broken UTF-8 print as '?'") {
  const Cp866Text text(EscPosProfile{});
  CHECK(text.encode("a\u4E2Db") == bytes_of("a?b"));        // CJK
  CHECK(text.encode("\xF0\x9F\x98\x80") == bytes_of("?"));  // emoji
  CHECK(text.encode("x\x1B@y\n") == bytes_of("x?@y?"));     // no command injection
  CHECK(text.encode("\xC3") == bytes_of("?"));              // truncated sequence
  CHECK(text.encode("\xC0\xAF") == bytes_of("??"));         // overlong '/'
  CHECK(text.encode("\xED\xA0\x80") == bytes_of("???"));    // UTF-16 surrogate
  CHECK(text.encode("a\tb") == bytes_of("a b"));
  CHECK(text.encode("\u2014\u00AB\u00BB\u2026") == bytes_of("-\"\"..."));
}

TEST_CASE("wrap_text keeps every word, breaks at spaces, cuts long words") {
  using escpos::wrap_text;
  auto lines = wrap_text(bytes_of("the quick brown fox"), 10);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == bytes_of("the quick"));
  CHECK(lines[1] == bytes_of("brown fox"));
  lines = wrap_text(bytes_of("to abcdefghijklmnopqrstuvwxyz!"), 10);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == bytes_of("to"));
  CHECK(lines[1] == bytes_of("abcdefghij"));
  CHECK(lines[2] == bytes_of("klmnopqrst"));
  CHECK(lines[3] == bytes_of("uvwxyz!"));
  CHECK(wrap_text(bytes_of("   "), 10).empty());
  CHECK(wrap_text(bytes_of("ab"), 0).size() == 2);
}

TEST_CASE("render_receipt: starts with init + code page, ends with the cut, puts the QR in") {
  const auto r = kiosk::escpos_test::sample_receipt();
  EscPosProfile p;
  const Bytes job = render_receipt(r, p);
  REQUIRE(job.size() > 10);
  CHECK(Bytes(job.begin(), job.begin() + 5) == hex("1B 40 1B 74 11"));
  CHECK(Bytes(job.end() - 4, job.end()) == hex("1D 56 42 03"));
  const Bytes payload = bytes_of(r.qr_payload);
  CHECK(contains(job, escpos::qr_store(payload).value()));
  CHECK(contains(job, escpos::qr_print()));
  CHECK(contains(job, bytes_of("20 000 KZT")));
  // Nothing in the text can smuggle in a DLE EOT or another command byte.
  CHECK_FALSE(contains(job, hex("10 04")));

  p.code_page = 46;  // another model's number for CP866
  p.cut = CutMode::Full;
  p.cut_feed = 0;
  const Bytes other = render_receipt(r, p);
  CHECK(Bytes(other.begin(), other.begin() + 5) == hex("1B 40 1B 74 2E"));
  CHECK(Bytes(other.end() - 4, other.end()) == hex("1D 56 41 00"));
}

TEST_CASE("render_receipt: a label/value pair that fits is one line with the value at the edge") {
  kiosk::flows::Receipt r;
  r.lines = {{"Amount", "5 000 \u20B8"}};
  EscPosProfile p;
  p.columns = 20;
  const Bytes job = render_receipt(r, p);
  CHECK(contains(job, bytes_of("Amount     5 000 KZT\n")));
}

TEST_CASE("render_receipt: a QR payload too long for a QR symbol is printed as text") {
  kiosk::flows::Receipt r;
  r.qr_payload = std::string(3000, '7');  // > 2331 bytes, the version-40 capacity at level M
  const Bytes job = render_receipt(r, EscPosProfile{});
  CHECK_FALSE(contains(job, escpos::qr_print()));
  CHECK(std::count(job.begin(), job.end(), '7') == 3000);
}

TEST_CASE("check_profile accepts the presets and names what is wrong") {
  CHECK(check_profile(EscPosProfile::paper_80mm()).has_value());
  CHECK(check_profile(EscPosProfile::paper_58mm()).has_value());
  EscPosProfile p;
  p.columns = 8;
  CHECK(check_profile(p).error().find("columns") != std::string::npos);
  p = {};
  p.status_queries = {1, 5};
  CHECK(check_profile(p).error().find("DLE EOT 1..4") != std::string::npos);
  p = {};
  p.tenge_text = "\u20B8";
  CHECK_FALSE(check_profile(p).has_value());
  p = {};
  p.extra_glyphs = {{U'x', 0x0A}};
  CHECK_FALSE(check_profile(p).has_value());
  p = {};
  p.qr_module_size = 17;
  CHECK_FALSE(check_profile(p).has_value());
}
