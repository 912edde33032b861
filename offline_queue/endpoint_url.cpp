#include "offline_queue/endpoint_url.hpp"

#include <charconv>

namespace kiosk::oq {

std::expected<EndpointUrl, std::string> parse_endpoint_url(std::string_view url) {
  EndpointUrl out;
  std::string_view rest;
  if (url.starts_with("https://")) {
    out.tls = true;
    out.port = 443;
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    out.port = 80;
    rest = url.substr(7);
  } else {
    return std::unexpected("url must start with http:// or https://");
  }
  if (rest.find_first_of("?#@ ") != std::string_view::npos)
    return std::unexpected("url must not hold user info, query, fragment or spaces");
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    out.prefix = std::string(rest.substr(slash));
    while (!out.prefix.empty() && out.prefix.back() == '/') out.prefix.pop_back();
  }
  std::string_view port_text;
  if (authority.starts_with("[")) {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::unexpected("unclosed [ in url host");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::unexpected("junk after ] in url host");
      port_text = after.substr(1);
    }
  } else {
    std::size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) return std::unexpected("url has no host");
  if (authority.find(':') != std::string_view::npos && !authority.starts_with("[") &&
      port_text.empty())
    return std::unexpected("url has an empty port");
  if (!port_text.empty()) {
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535)
      return std::unexpected("url port is not a number in 1..65535");
    out.port = static_cast<std::uint16_t>(port);
  }
  return out;
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1") return true;
  // 127.a.b.c with decimal octets.
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.')
      ++dots;
    else if (c < '0' || c > '9')
      return false;
  }
  return dots == 3 && host.back() != '.';
}

}  // namespace kiosk::oq
