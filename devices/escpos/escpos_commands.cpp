// The ESC/POS command builders declared in escpos_encoder.hpp.
#include <algorithm>

#include "devices/escpos/escpos_encoder.hpp"

namespace kiosk::devices::escpos {

namespace {

// GS ( k with function group cn = 0x31 (QR) and function `fn`, parameters `params`.
Bytes qr_function(std::uint8_t fn, std::initializer_list<std::uint8_t> params) {
  const std::size_t len = params.size() + 2;  // cn, fn, params
  Bytes b;
  b.reserve(5 + len);
  for (std::uint8_t x :
       {kGs, std::uint8_t{'('}, std::uint8_t{'k'}, static_cast<std::uint8_t>(len & 0xFF),
        static_cast<std::uint8_t>(len >> 8), std::uint8_t{0x31}, fn}) {
    b.push_back(x);
  }
  for (std::uint8_t p : params) b.push_back(p);
  return b;
}

}  // namespace

std::size_t qr_capacity(QrErrorCorrection ec) {
  switch (ec) {
    case QrErrorCorrection::L:
      return 2953;
    case QrErrorCorrection::M:
      return 2331;
    case QrErrorCorrection::Q:
      return 1663;
    case QrErrorCorrection::H:
      return 1273;
  }
  return 1273;
}

Bytes init() { return {kEsc, '@'}; }

Bytes select_code_page(std::uint8_t n) { return {kEsc, 't', n}; }

Bytes align(Align a) { return {kEsc, 'a', static_cast<std::uint8_t>(a)}; }

Bytes bold(bool on) { return {kEsc, 'E', static_cast<std::uint8_t>(on ? 1 : 0)}; }

Bytes char_size(int width_mul, int height_mul) {
  const int w = std::clamp(width_mul, 1, 8) - 1;
  const int h = std::clamp(height_mul, 1, 8) - 1;
  return {kGs, '!', static_cast<std::uint8_t>((w << 4) | h)};
}

Bytes line_feed() { return {kLf}; }

Bytes feed_lines(std::uint8_t n) { return {kEsc, 'd', n}; }

Bytes cut(CutMode mode, std::uint8_t feed) {
  switch (mode) {
    case CutMode::Partial:
      return {kGs, 'V', 0x42, feed};
    case CutMode::Full:
      return {kGs, 'V', 0x41, feed};
    case CutMode::None:
      break;
  }
  return feed_lines(feed);
}

Bytes qr_model(std::uint8_t model) {
  const std::uint8_t m = static_cast<std::uint8_t>(0x30 + std::clamp<int>(model, 1, 3));
  return qr_function(0x41, {m, 0x00});
}

Bytes qr_module_size(int dots) {
  return qr_function(0x43, {static_cast<std::uint8_t>(std::clamp(dots, 1, 16))});
}

Bytes qr_error_correction(QrErrorCorrection ec) {
  return qr_function(0x45, {static_cast<std::uint8_t>(ec)});
}

std::expected<Bytes, std::string> qr_store(ByteView data) {
  if (data.size() > kQrStoreMax) {
    return std::unexpected("QR data of " + std::to_string(data.size()) + " bytes exceeds " +
                           std::to_string(kQrStoreMax));
  }
  const std::size_t len = data.size() + 3;
  Bytes b{
      kGs,  '(',  'k', static_cast<std::uint8_t>(len & 0xFF), static_cast<std::uint8_t>(len >> 8),
      0x31, 0x50, 0x30};
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

Bytes qr_print() { return qr_function(0x51, {0x30}); }

Bytes status_request(std::uint8_t n) { return {kDle, kEot, n}; }

std::vector<Bytes> wrap_text(const Bytes& text, int width) {
  const std::size_t w = static_cast<std::size_t>(std::max(width, 1));
  std::vector<Bytes> lines;
  Bytes line;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && text[end] != ' ') ++end;
    Bytes word(text.begin() + static_cast<std::ptrdiff_t>(i),
               text.begin() + static_cast<std::ptrdiff_t>(end));
    i = end;
    if (!line.empty() && line.size() + 1 + word.size() <= w) {
      line.push_back(' ');
      line.insert(line.end(), word.begin(), word.end());
      continue;
    }
    if (!line.empty()) lines.push_back(std::move(line));
    line.clear();
    std::size_t at = 0;
    while (word.size() - at > w) {  // a word longer than a line: cut it into full lines
      lines.emplace_back(word.begin() + static_cast<std::ptrdiff_t>(at),
                         word.begin() + static_cast<std::ptrdiff_t>(at + w));
      at += w;
    }
    line.assign(word.begin() + static_cast<std::ptrdiff_t>(at), word.end());
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace kiosk::devices::escpos
