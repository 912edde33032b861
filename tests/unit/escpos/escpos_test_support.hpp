// Small helpers shared by the ESC/POS tests.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

#include "devices/transport.hpp"
#include "flows/receipt.hpp"

namespace kiosk::escpos_test {

// "1B 40 0A" -> {0x1B, 0x40, 0x0A}; spaces and newlines are ignored.
inline devices::Bytes hex(std::string_view text) {
  devices::Bytes out;
  int nibble = -1;
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) continue;
    const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (c | 0x20) - 'a' + 10;
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(nibble << 4 | v));
      nibble = -1;
    }
  }
  return out;
}

inline devices::Bytes bytes_of(std::string_view s) { return devices::Bytes(s.begin(), s.end()); }

// Collapses every run of whitespace to one space and trims, so wrapped text can be searched.
inline std::string words(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Code points in a UTF-8 string (the printed width of a normal-size line).
inline std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

inline constexpr std::string_view kLongBtcAddress =
    "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3";  // BIP-173 P2WSH, 62 chars

// A receipt in Russian, Kazakh and English with a long address, amounts and a QR payload.
inline flows::Receipt sample_receipt() {
  using Style = flows::ReceiptLine::Style;
  flows::Receipt r;
  r.operator_name = "Example Crypto Ltd (AIFC)";
  r.operator_info = {"Лицензия AFSA-A-LA-2024-0001", "Астана, Мәңгілік Ел 55/20",
                     "+7 717 000 00 00"};
  r.title = "ЧЕК / RECEIPT";
  r.lines = {
      {"Сумма / Сомасы", "20 000 \u20B8", Style::Bold},
      {"Курс BTC", "48 231 000.25 \u20B8", Style::Normal},
      {"Получено / Алынды", "0.00041466 BTC", Style::Normal},
      {"Адрес / Мекенжай", std::string(kLongBtcAddress), Style::Normal},
      {"", "Қазақстан Ұлттық Банкі, Өскемен, Ғалым, Һ, Үміт, Әке, Ңң", Style::Normal},
      {"Fee", "200 \u20B8", Style::Small},
      {"", "Итого 20 000 \u20B8", Style::Title},
  };
  r.qr_payload = "bitcoin:" + std::string(kLongBtcAddress) + "?amount=0.00041466";
  r.footer = {"Криптовалюта будет отправлена после подключения киоска к сети.",
              "Crypto will be sent when the kiosk reconnects."};
  return r;
}

}  // namespace kiosk::escpos_test
