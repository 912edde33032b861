#include "devices/usb/usb_inventory.hpp"

namespace kiosk::devices::usb {

std::string InventoryLine::describe() const {
  std::string s = expected.role + " " + expected.bridge + " " + expected.match.describe() + ": ";
  switch (state) {
    case State::Matched:
      return s + "matched " + candidates.front().describe();
    case State::Missing:
      return s + "missing";
    case State::Ambiguous:
      return s + "ambiguous (" + std::to_string(candidates.size()) +
             " attached; name one by its serial number)";
  }
  return s;
}

std::vector<InventoryLine> match_inventory(const std::vector<ExpectedUsbDevice>& expected,
                                           const std::vector<UsbDeviceInfo>& attached) {
  std::vector<InventoryLine> out;
  for (const auto& e : expected) {
    InventoryLine line;
    line.expected = e;
    for (const auto& d : attached)
      if (d.matches(e.match)) line.candidates.push_back(d);
    if (line.candidates.size() == 1)
      line.state = InventoryLine::State::Matched;
    else if (line.candidates.size() > 1)
      line.state = InventoryLine::State::Ambiguous;
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace kiosk::devices::usb
