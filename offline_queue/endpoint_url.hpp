// Parsing of the exchange url from the config: scheme, host, port and path prefix.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace kiosk::oq {

struct EndpointUrl {
  bool tls = false;  // https
  std::string host;  // "exchange.example.kz", "127.0.0.1", "::1" (brackets removed)
  std::uint16_t port = 0;
  std::string prefix;  // "" or "/api" (no trailing slash)
};

// "http://127.0.0.1:8080", "https://host/api", "https://[::1]:8443". No user info, query or
// fragment. Default ports 80 / 443.
std::expected<EndpointUrl, std::string> parse_endpoint_url(std::string_view url);

// "localhost", 127.0.0.0/8 and ::1: the only hosts plain http is allowed to.
bool is_loopback_host(std::string_view host);

}  // namespace kiosk::oq
