#include "devices/escpos/escpos_status.hpp"

#include <cstdio>

namespace kiosk::devices::escpos {

namespace {

std::string hex(std::uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

}  // namespace

std::expected<PrinterStatus, StatusError> apply_status_answer(PrinterStatus status, std::uint8_t n,
                                                              std::uint8_t answer) {
  if (n < 1 || n > 4) {
    return std::unexpected(
        StatusError{StatusError::Kind::UnknownRequest,
                    "DLE EOT " + std::to_string(n) + " is not a status request"});
  }
  if (!has_status_fixed_bits(answer)) {
    return std::unexpected(StatusError{
        StatusError::Kind::FixedBits, "answer " + hex(answer) + " to DLE EOT " + std::to_string(n) +
                                          " breaks the fixed bits (1 and 4 set, 0 and 7 clear)"});
  }
  auto bit = [answer](int i) { return (answer >> i) & 1; };
  switch (n) {
    case 1:
      if (bit(3)) status.online = false;
      break;
    case 2:
      if (bit(2)) status.cover_open = true;
      if (bit(5)) status.paper_out = true;
      if (bit(6)) status.error = true;
      break;
    case 3:
      if (bit(3) || bit(5) || bit(6)) status.error = true;
      break;
    case 4:
      if (bit(2) || bit(3)) status.paper_near_end = true;
      if (bit(5) || bit(6)) status.paper_out = true;
      break;
  }
  return status;
}

}  // namespace kiosk::devices::escpos
