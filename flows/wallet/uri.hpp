// Splitting payment URIs: `scheme:path?key=value&key=value`. Keys are compared lowercase
// (BIP321: QR codes often carry all-uppercase URIs); values are RFC 3986 percent-decoded
// ('+' stays '+'). Nothing here knows about any coin.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::flows::wallet {

struct UriParam {
  std::string key;        // lowercase, percent-decoded
  std::string value;      // percent-decoded
  std::string raw_value;  // as written (EIP-681 numbers are never encoded)
};

struct PaymentUri {
  std::string scheme;  // lowercase, without ':'; empty when the text has none
  std::string path;    // between ':' and '?', percent-decoded
  std::vector<UriParam> params;
};

// The scheme: leading [A-Za-z][A-Za-z0-9+.-]* before ':' (lowercased), or "" if none.
std::string uri_scheme(std::string_view text);

// Errors are for a person ("bad percent-encoding in 'label'").
std::expected<PaymentUri, std::string> split_payment_uri(std::string_view text);
std::expected<std::string, std::string> percent_decode(std::string_view text);

// For text shown on screens and receipts: invalid UTF-8 sequences become U+FFFD, control
// characters become spaces, and the result is cut (at a character boundary) to max_bytes.
std::string clean_display_text(std::string_view text, std::size_t max_bytes = 200);

}  // namespace kiosk::flows::wallet
