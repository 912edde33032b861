// The pure parts of the libusb bridges against the vectors of shared/reference/cash-devices.md
// sections 5.3 and 6.
#include <doctest/doctest.h>

#include "devices/usb/bridge_setup.hpp"
#include "devices/usb/cdc_acm_wire.hpp"
#include "devices/usb/ch341_wire.hpp"
#include "devices/usb/ftdi_wire.hpp"
#include "devices/usb/pl2303_wire.hpp"
#include "devices/usb/usb_inventory.hpp"
#include "devices/usb/usb_printer_wire.hpp"

using namespace kiosk::devices;
using namespace kiosk::devices::usb;
using Parity = SerialSettings::Parity;

namespace {
SerialSettings line(unsigned baud, Parity p = Parity::None, unsigned stop = 1, unsigned bits = 8) {
  return SerialSettings{"", baud, bits, p, stop};
}
Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
}  // namespace

TEST_CASE("ftdi: baud divisor vectors (wValue / wIndex / actual rate)") {
  struct V {
    unsigned baud;
    std::uint16_t value, index;
    unsigned actual;
  };
  for (const V v :
       {V{9600, 0x4138, 0, 9600}, V{19200, 0x809C, 0, 19200}, V{38400, 0xC04E, 0, 38400},
        V{57600, 0xC034, 0, 57554}, V{115200, 0x001A, 0, 115385}}) {
    CAPTURE(v.baud);
    const auto d = ftdi::baud_divisor(v.baud);
    REQUIRE(d);
    CHECK(d->value == v.value);
    CHECK(d->index == v.index);
    CHECK(d->actual == v.actual);
  }
}

TEST_CASE("ftdi: special divisors, bit 16 into wIndex, range") {
  CHECK(ftdi::baud_divisor(3'000'000)->value == 0);
  CHECK(ftdi::baud_divisor(3'000'000)->actual == 3'000'000);
  CHECK(ftdi::baud_divisor(2'000'000)->value == 1);
  CHECK(ftdi::baud_divisor(2'000'000)->actual == 2'000'000);
  CHECK(ftdi::baud_divisor(1'500'000)->value == 2);
  // 300 baud: d = 80000 eighths = 10000 + 0/8 -> 0x2710, no fraction.
  CHECK(ftdi::baud_divisor(300)->value == 0x2710);
  // 1200: 20000 eighths -> 2500 = 0x9C4, fraction 0.
  CHECK(ftdi::baud_divisor(1200)->value == 0x09C4);
  // 230400: 104.17 eighths -> 104 = 13, fraction 0 -> 0x000D.
  CHECK(ftdi::baud_divisor(230400)->value == 0x000D);
  // 460800: 52.08 -> 52 = 6 + 4/8 -> frac code 1 -> 0x4006.
  CHECK(ftdi::baud_divisor(460800)->value == 0x4006);
  // A fraction of 7/8 (code 7 = bits 14..16 all set) puts bit 16 into wIndex:
  // d = 807 eighths = 100 + 7/8 -> baud 24e6/807 = 29740.
  const auto d = ftdi::baud_divisor(29740);
  REQUIRE(d);
  CHECK(d->value == 0xC064);
  CHECK(d->index == 1);
  CHECK(d->actual == 29740);
  CHECK_FALSE(ftdi::baud_divisor(100));
  CHECK_FALSE(ftdi::baud_divisor(4'000'000));
}

TEST_CASE("ftdi: SET_DATA line values") {
  CHECK(*ftdi::line_value(line(9600)) == 0x0008);
  CHECK(*ftdi::line_value(line(9600, Parity::Even)) == 0x0208);
  CHECK(*ftdi::line_value(line(9600, Parity::None, 2)) == 0x1008);
  CHECK(*ftdi::line_value(line(9600, Parity::Odd, 1, 7)) == 0x0107);
  CHECK_FALSE(ftdi::line_value(line(9600, Parity::None, 1, 5)));
  CHECK_FALSE(ftdi::line_value(line(9600, Parity::None, 3)));
}

TEST_CASE("ftdi: status bytes stripped from every packet, status-only packets give nothing") {
  CHECK(ftdi::strip_status(Bytes{0x01, 0x60}, 64).empty());
  CHECK(ftdi::strip_status(Bytes{}, 64).empty());
  CHECK(ftdi::strip_status(Bytes{0x01, 0x60, 0x02, 0x03, 0x06}, 64) == Bytes{0x02, 0x03, 0x06});
  // Three packets in one transfer: 62 + status-only + 3 data bytes.
  Bytes transfer{0x11, 0x60};
  for (int i = 0; i < 62; ++i) transfer.push_back(static_cast<std::uint8_t>(i));
  ftdi::PacketStatus st;
  const Bytes second{0x01, 0x60};
  const Bytes third{0x31, 0x60, 0xAA, 0xBB, 0xCC};
  // A 64-byte packet followed by a 2-byte one would end the transfer (short packet); the stripper
  // still handles any cut, so feed the first two as full packets by padding the second.
  Bytes padded = transfer;
  padded.insert(padded.end(), third.begin(), third.end());
  const Bytes out = ftdi::strip_status(padded, 64, &st);
  REQUIRE(out.size() == 65);
  CHECK(out[0] == 0);
  CHECK(out[61] == 61);
  CHECK(out[62] == 0xAA);
  CHECK(out[64] == 0xCC);
  CHECK(st.modem == 0x31);
  CHECK(st.line == 0x60);
  CHECK_FALSE(st.line_error());
  CHECK(ftdi::strip_status(second, 64, &st).empty());
  CHECK(st.modem == 0x01);
  // High-speed packets (512).
  Bytes hs(512 + 4, 0x55);
  hs[0] = 0x01, hs[1] = 0x60, hs[512] = 0x01, hs[513] = 0x60;
  CHECK(ftdi::strip_status(hs, 512).size() == 510 + 2);
  CHECK(ftdi::PacketStatus{0x01, 0x08}.line_error());  // framing error
}

TEST_CASE("ch341: baud register vectors, with bit 7 for chips above version 27") {
  struct V {
    unsigned baud;
    std::uint16_t reg, reg_new;
  };
  for (const V v : {V{9600, 0xB202, 0xB282}, V{19200, 0xD902, 0xD982}, V{38400, 0x6403, 0x6483},
                    V{115200, 0xCC03, 0xCC83}}) {
    CAPTURE(v.baud);
    CHECK(*ch341::baud_register(v.baud, 0x27) == v.reg);
    CHECK(*ch341::baud_register(v.baud, 0x30) == v.reg_new);
    const unsigned back = ch341::baud_of_register(v.reg);
    CHECK(back * 1000 / v.baud >= 995);  // within 0.5 %
    CHECK(back * 1000 / v.baud <= 1005);
  }
  CHECK_FALSE(ch341::baud_register(10, 0x30));
  CHECK_FALSE(ch341::baud_register(3'000'000, 0x30));
}

TEST_CASE("ch341: line control register") {
  CHECK(*ch341::line_control(line(9600)) == 0xC3);
  CHECK(*ch341::line_control(line(9600, Parity::Even)) == 0xDB);
  CHECK(*ch341::line_control(line(9600, Parity::None, 2)) == 0xC7);
  CHECK(*ch341::line_control(line(9600, Parity::Odd)) == 0xCB);
  CHECK_FALSE(ch341::line_control(line(9600, Parity::None, 1, 9)));
}

TEST_CASE("cdc: line coding vectors and the parse back") {
  CHECK(*cdc::line_coding(line(9600)) == cdc::LineCoding{0x80, 0x25, 0, 0, 0, 0, 8});
  CHECK(*cdc::line_coding(line(9600, Parity::Even)) == cdc::LineCoding{0x80, 0x25, 0, 0, 0, 2, 8});
  CHECK(*cdc::line_coding(line(9600, Parity::None, 2)) ==
        cdc::LineCoding{0x80, 0x25, 0, 0, 2, 0, 8});
  CHECK(*cdc::line_coding(line(115200)) == cdc::LineCoding{0x00, 0xC2, 0x01, 0, 0, 0, 8});
  const auto c = *cdc::line_coding(line(19200, Parity::Odd, 2, 7));
  const auto back = cdc::parse_line_coding(c);
  REQUIRE(back);
  CHECK(back->describe() == "19200 7O2");
  CHECK_FALSE(cdc::parse_line_coding(Bytes{1, 2, 3}));
  CHECK_FALSE(cdc::parse_line_coding(Bytes{0x80, 0x25, 0, 0, 1, 0, 8}));  // 1.5 stop bits
}

TEST_CASE("setup sequences: FTDI 9600 8N1 with a 2 ms latency timer") {
  BridgeOptions o;
  o.line = line(9600);
  const auto r = setup_requests(UsbBridge::Ftdi, o);
  REQUIRE(r);
  std::vector<std::string> d;
  for (const auto& c : *r) d.push_back(c.describe());
  CHECK(d == std::vector<std::string>{"40 00 0000 0000", "40 03 4138 0000", "40 04 0008 0000",
                                      "40 02 0000 0000", "40 01 0101 0000", "40 01 0202 0000",
                                      "40 09 0002 0000", "40 00 0001 0000", "40 00 0002 0000"});
  o.line.baud = 12;
  CHECK_FALSE(setup_requests(UsbBridge::Ftdi, o));
}

TEST_CASE("setup sequences: CH340 new and old chips") {
  BridgeOptions o;
  o.line = line(9600, Parity::Even);
  CHECK(ch341_version_request().describe() == "C0 5F 0000 0000 in 2");
  o.ch341_version = 0x30;
  auto r = setup_requests(UsbBridge::Ch340, o);
  REQUIRE(r);
  std::vector<std::string> d;
  for (const auto& c : *r) d.push_back(c.describe());
  CHECK(d == std::vector<std::string>{"40 A1 0000 0000", "40 9A 1312 B282", "40 9A 2518 00DB",
                                      "40 A4 FF9F 0000"});
  o.ch341_version = 0x27;
  r = setup_requests(UsbBridge::Ch340, o);
  REQUIRE(r);
  REQUIRE(r->size() == 4);
  CHECK((*r)[1].describe() == "40 9A 1312 B202");
  CHECK((*r)[2].describe() == "40 A1 DB9C B202");
}

TEST_CASE("setup sequences: PL2303 HX start-up then CDC line coding; CDC-ACM; printer") {
  BridgeOptions o;
  o.line = line(9600);
  const auto r = setup_requests(UsbBridge::Pl2303, o);
  REQUIRE(r);
  REQUIRE(r->size() == 15);
  CHECK((*r)[0].describe() == "C0 01 8484 0000 in 1");
  CHECK((*r)[1].describe() == "40 01 0404 0000");
  CHECK((*r)[10].describe() == "40 01 0002 0044");
  CHECK((*r)[12].describe() == "40 01 0009 0000");
  CHECK((*r)[13].describe() == "21 20 0000 0000 [80 25 00 00 00 00 08]");
  CHECK((*r)[14].describe() == "21 22 0003 0000");
  o.comm_interface = 2;
  const auto acm = setup_requests(UsbBridge::CdcAcm, o);
  REQUIRE(acm);
  REQUIRE(acm->size() == 2);
  CHECK((*acm)[0].describe() == "21 20 0000 0002 [80 25 00 00 00 00 08]");
  CHECK((*acm)[1].describe() == "21 22 0003 0002");
  CHECK(setup_requests(UsbBridge::Printer, o)->empty());
}

TEST_CASE("printer class: GET_DEVICE_ID big-endian, little-endian and odd answers") {
  const std::string s = "MFG:EPSON;CMD:ESC/POS;MDL:TM-T20II;CLS:PRINTER;";
  Bytes be{0, static_cast<std::uint8_t>(s.size() + 2)};
  be.insert(be.end(), s.begin(), s.end());
  auto id = printer_class::parse_device_id(be);
  REQUIRE(id);
  CHECK(id->manufacturer() == "EPSON");
  CHECK(id->model() == "TM-T20II");
  CHECK(id->command_set() == "ESC/POS");
  CHECK(id->fields.at("CLS") == "PRINTER");
  CHECK(id->raw == s);
  Bytes le{static_cast<std::uint8_t>(s.size() + 2), 0};
  le.insert(le.end(), s.begin(), s.end());
  CHECK(printer_class::parse_device_id(le)->model() == "TM-T20II");
  // Long keys, spaces, a trailing item without ';' and padding after the declared length.
  const std::string l = "MANUFACTURER: Custom ;COMMAND SET:ESC/POS;MODEL:VKP80III";
  Bytes lng{0, static_cast<std::uint8_t>(l.size() + 2)};
  lng.insert(lng.end(), l.begin(), l.end());
  lng.insert(lng.end(), 10, 0);
  id = printer_class::parse_device_id(lng);
  REQUIRE(id);
  CHECK(id->manufacturer() == "Custom");
  CHECK(id->model() == "VKP80III");
  CHECK(id->command_set() == "ESC/POS");
  CHECK_FALSE(printer_class::parse_device_id(Bytes{0x00}));
  CHECK(printer_class::parse_device_id(bytes("\xFF\xFFMFG:X;"))->manufacturer() == "X");
}

TEST_CASE("printer class: GET_PORT_STATUS bits") {
  const auto ok = printer_class::parse_port_status(0x18);
  CHECK_FALSE(ok.error);
  CHECK(ok.selected);
  CHECK_FALSE(ok.paper_empty);
  CHECK(ok.printer_status().ok());
  const auto out = printer_class::parse_port_status(0x38);
  CHECK(out.paper_empty);
  CHECK(out.printer_status().paper_out);
  CHECK_FALSE(out.printer_status().ok());
  const auto err = printer_class::parse_port_status(0x10);
  CHECK(err.error);
  CHECK(err.printer_status().error);
  const auto off = printer_class::parse_port_status(0x08);
  CHECK_FALSE(off.selected);
  CHECK_FALSE(off.printer_status().online);
}

TEST_CASE("usb ids and bridge names") {
  CHECK(parse_usb_id("0403") == 0x0403);
  CHECK(parse_usb_id("1A86") == 0x1A86);
  CHECK_FALSE(parse_usb_id("403"));
  CHECK_FALSE(parse_usb_id("04g3"));
  CHECK(format_usb_id(0x067B) == "067b");
  CHECK(UsbMatch{0x0403, 0x6001, ""}.describe() == "0403:6001");
  CHECK(UsbMatch{0x0403, 0x6001, "A1"}.describe() == "0403:6001 serial A1");
  for (auto b : {UsbBridge::Ftdi, UsbBridge::Ch340, UsbBridge::Pl2303, UsbBridge::CdcAcm,
                 UsbBridge::Printer})
    CHECK(parse_bridge(bridge_name(b)) == b);
  CHECK_FALSE(parse_bridge("ftdi2"));
}

TEST_CASE("inventory: matched, missing, ambiguous, and a serial that settles it") {
  UsbDeviceInfo a{0x0403, 0x6001, 1, 2, 0, "AAA", "FTDI", "FT232R"};
  UsbDeviceInfo b{0x0403, 0x6001, 1, 3, 0, "BBB", "FTDI", "FT232R"};
  UsbDeviceInfo p{0x04B8, 0x0E15, 1, 4, 0, "", "EPSON", "TM-T20II"};
  const std::vector<ExpectedUsbDevice> want{
      {"validator", "ftdi", UsbMatch{0x0403, 0x6001, ""}},
      {"dispenser", "ftdi", UsbMatch{0x0403, 0x6001, "BBB"}},
      {"printer", "printer", UsbMatch{0x04B8, 0x0E15, ""}},
      {"printer2", "printer", UsbMatch{0x0416, 0x5011, ""}},
  };
  const auto lines = match_inventory(want, {a, b, p});
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].state == InventoryLine::State::Ambiguous);
  CHECK(lines[0].describe() ==
        "validator ftdi 0403:6001: ambiguous (2 attached; name one by its serial number)");
  CHECK(lines[1].state == InventoryLine::State::Matched);
  CHECK(lines[1].describe() ==
        "dispenser ftdi 0403:6001 serial BBB: matched 0403:6001 bus 1 "
        "addr 3 serial BBB");
  CHECK(lines[2].state == InventoryLine::State::Matched);
  CHECK(lines[3].state == InventoryLine::State::Missing);
  CHECK(lines[3].describe() == "printer2 printer 0416:5011: missing");
}
