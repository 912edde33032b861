#include "flows/wallet/uri.hpp"

#include "flows/wallet/chains.hpp"
#include "flows/wallet/hex_digit.hpp"

namespace kiosk::flows::wallet {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Length of the UTF-8 sequence starting at s[i], or 0 if it is not valid (overlong, surrogate,
// beyond U+10FFFF, truncated).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  }
  return len;
}

}  // namespace

std::string uri_scheme(std::string_view text) {
  if (text.empty() || !is_alpha(text[0])) return {};
  for (std::size_t i = 1; i < text.size() && i < 32; ++i) {
    char c = text[i];
    if (c == ':') return ascii_lower(text.substr(0, i));
    if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') return {};
  }
  return {};
}

std::expected<std::string, std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) {
      return std::unexpected("a '%' is not followed by two hex digits");
    }
    int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
    if (hi < 0 || lo < 0) return std::unexpected("a '%' is not followed by two hex digits");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::expected<PaymentUri, std::string> split_payment_uri(std::string_view text) {
  PaymentUri uri;
  uri.scheme = uri_scheme(text);
  std::string_view rest = uri.scheme.empty() ? text : text.substr(uri.scheme.size() + 1);
  auto q = rest.find('?');
  std::string_view path = rest.substr(0, q);
  auto decoded_path = percent_decode(path);
  if (!decoded_path) return std::unexpected("bad percent-encoding in the address");
  uri.path = std::move(*decoded_path);
  if (q == std::string_view::npos) return uri;
  std::string_view query = rest.substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;  // "a=1&&b=2" or a trailing '&'
    auto eq = pair.find('=');
    std::string_view raw_key = pair.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    auto key = percent_decode(raw_key);
    if (!key) return std::unexpected("bad percent-encoding in a parameter name");
    auto value = percent_decode(raw_value);
    if (!value) return std::unexpected("bad percent-encoding in '" + ascii_lower(*key) + "'");
    uri.params.push_back({ascii_lower(*key), std::move(*value), std::string(raw_value)});
  }
  return uri;
}

std::string clean_display_text(std::string_view text, std::size_t max_bytes) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = utf8_sequence(text, i);
    std::string_view piece = len == 0 ? std::string_view("\xEF\xBF\xBD") : text.substr(i, len);
    if (len == 1 && (static_cast<unsigned char>(text[i]) < 0x20 || text[i] == 0x7f)) piece = " ";
    if (out.size() + piece.size() > max_bytes) break;
    out += piece;
    i += len == 0 ? 1 : len;
  }
  return out;
}

}  // namespace kiosk::flows::wallet
