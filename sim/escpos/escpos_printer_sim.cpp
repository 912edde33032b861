#include "sim/escpos/escpos_printer_sim.hpp"

#include "devices/escpos/escpos_status.hpp"

namespace kiosk::sim {

EscPosPrinterSim::EscPosPrinterSim(EscPosSimConfig config) : interpreter_(std::move(config)) {}

bool EscPosPrinterSim::can_print() const {
  return paper_ != Paper::Out && !cover_open_ && !offline_ && !cutter_error_;
}

std::uint8_t EscPosPrinterSim::status_byte(std::uint8_t n) const {
  std::uint8_t b = devices::escpos::kStatusFixedBits;
  switch (n) {
    case 1:  // printer: bit 3 offline (any reason the printer cannot print)
      if (!can_print()) b |= 0x08;
      return b;
    case 2:  // offline cause: bit 2 cover open, bit 5 stopped on paper end, bit 6 error
      if (cover_open_) b |= 0x04;
      if (paper_ == Paper::Out) b |= 0x20;
      if (cutter_error_) b |= 0x40;
      return b;
    case 3:  // error cause: bit 3 autocutter
      if (cutter_error_) b |= 0x08;
      return b;
    case 4:  // paper sensor: 0C near end, 60 out (python-escpos: 12 ok, 1E low, 72 out)
      if (paper_ == Paper::NearEnd) b |= 0x0C;
      if (paper_ == Paper::Out) b |= 0x60;
      return b;
    default:
      return 0;
  }
}

devices::Bytes EscPosPrinterSim::on_host_bytes(devices::ByteView rx, Instant) {
  bytes_received_ += rx.size();
  interpreter_.set_printing(can_print());
  devices::Bytes answer;
  for (std::uint8_t n : interpreter_.feed(rx)) {
    ++status_requests_;
    if (!silent_ && n >= 1 && n <= 4) answer.push_back(status_byte(n));
  }
  return answer;
}

std::string EscPosPrinterSim::text() const {
  std::string out;
  bool first = true;
  for (const PrintedReceipt& r : receipts()) {
    for (const std::string& line : r.lines) {
      if (!first) out.push_back('\n');
      out += line;
      first = false;
    }
  }
  return out;
}

}  // namespace kiosk::sim
