#include "sim/exchange/junk_answer.hpp"

namespace kiosk::sim {

JunkKind junk_kind(std::uint64_t n) { return static_cast<JunkKind>(n % kJunkKinds); }

std::string junk_answer(JunkKind kind) {
  switch (kind) {
    case JunkKind::Garbage:
      return "\x16\x03\x01\x02 not http \xff\xfe\r\n\r\n";
    case JunkKind::Truncated:
      return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n"
             "{\"status\":\"accep";
    case JunkKind::Oversized:
      return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
             "Content-Length: 2147483648\r\n\r\n{\"status\":";
    case JunkKind::NotJson:
      return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 14\r\n"
             "Connection: close\r\n\r\n<html>ok</html";
  }
  return {};
}

}  // namespace kiosk::sim
