// Fuzz target: what the USB bridges read from a device: FTDI bulk IN transfers (status bytes per
// packet), printer class GET_DEVICE_ID answers, CDC line coding answers.
// Properties: no crash; stripping keeps exactly the bytes after each packet's 2-byte header, in
// order; a parsed device id never holds more than the answer gave; a line coding that parses
// re-encodes to the same 7 bytes.
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "devices/usb/cdc_acm_wire.hpp"
#include "devices/usb/ftdi_wire.hpp"
#include "devices/usb/usb_printer_wire.hpp"

using namespace kiosk::devices;
using namespace kiosk::devices::usb;

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView in(data, size);
  for (std::size_t packet : {std::size_t{3}, std::size_t{8}, std::size_t{64}, std::size_t{512}}) {
    const Bytes out = ftdi::strip_status(in, packet);
    std::size_t expected = 0;
    for (std::size_t at = 0; at < size; at += packet) {
      const std::size_t len = std::min(packet, size - at);
      for (std::size_t i = 2; i < len; ++i) check(out.at(expected++) == data[at + i]);
    }
    check(out.size() == expected);
  }
  if (auto id = printer_class::parse_device_id(in)) check(id->raw.size() + 2 <= size);
  if (size >= 7) {
    if (auto s = cdc::parse_line_coding(in.first(7));
        s && s->baud != 0 && s->data_bits >= 5 && s->data_bits <= 8) {
      const auto again = cdc::line_coding(*s);
      check(again && Bytes(again->begin(), again->end()) == Bytes(data, data + 7));
    }
  }
  (void)printer_class::parse_port_status(size ? data[0] : 0);
  return 0;
}
