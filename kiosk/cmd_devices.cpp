// kiosk devices [--config FILE]: the USB devices attached, and for each USB device the config
// names, whether it is there (matched / missing / ambiguous). Exit 1 when one is not matched.
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <cstring>
#include <string>

#include "devices/usb/usb_context.hpp"
#include "devices/usb/usb_inventory.hpp"
#include "kiosk/commands.hpp"
#include "kiosk/config/kiosk_config.hpp"

namespace kiosk::app {
namespace {

namespace usb = devices::usb;

void expect(std::vector<usb::ExpectedUsbDevice>& out, const std::string& role,
            const TransportConfig& t) {
  if (t.type != "usb" || !t.usb) return;
  out.push_back({role, t.bridge.empty() ? "ftdi" : t.bridge,
                 usb::UsbMatch{t.usb->vid, t.usb->pid, t.usb->serial}});
}

}  // namespace

int cmd_devices(int argc, char** argv) {
  std::string config_path;
  if (argc == 3 && std::strcmp(argv[1], "--config") == 0) {
    config_path = argv[2];
  } else if (argc != 1) {
    std::fprintf(stderr, "usage: kiosk devices [--config FILE]\n");
    return 2;
  }
  std::vector<usb::ExpectedUsbDevice> expected;
  if (!config_path.empty()) {
    auto c = load_config_file(config_path);
    if (!c) {
      std::printf("%s: %zu problem(s)\n", config_path.c_str(), c.error().problems.size());
      for (const auto& p : c.error().problems) std::printf("  %s\n", p.c_str());
      return 1;
    }
    expect(expected, "validator", c->validator.transport);
    expect(expected, "printer", c->printer.transport);
    if (c->dispenser) expect(expected, "dispenser", c->dispenser->transport);
  }
  boost::asio::io_context io;
  std::vector<usb::UsbDeviceInfo> attached;
  auto ctx = usb::UsbContext::create(io);
  if (!ctx) {
    std::printf("usb: unavailable (%s)\n", ctx.error().c_str());
  } else {
    attached = (*ctx)->list();
    std::printf("attached USB devices: %zu\n", attached.size());
    for (const auto& d : attached) {
      std::printf("  %s", d.describe().c_str());
      if (!d.manufacturer.empty() || !d.product.empty())
        std::printf("  %s %s", d.manufacturer.c_str(), d.product.c_str());
      std::printf("\n");
    }
  }
  if (config_path.empty()) return 0;
  std::printf("expected by %s: %zu\n", config_path.c_str(), expected.size());
  bool all = true;
  for (const auto& line : usb::match_inventory(expected, attached)) {
    std::printf("  %s\n", line.describe().c_str());
    all = all && line.state == usb::InventoryLine::State::Matched;
  }
  return all ? 0 : 1;
}

}  // namespace kiosk::app
