#include "devices/usb/usb_printer_wire.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace kiosk::devices::usb::printer_class {
namespace {

std::string trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string field(const DeviceId& id, const std::string& key) {
  const auto it = id.fields.find(key);
  return it == id.fields.end() ? std::string{} : it->second;
}

}  // namespace

std::string DeviceId::manufacturer() const { return field(*this, "MFG"); }
std::string DeviceId::model() const { return field(*this, "MDL"); }
std::string DeviceId::command_set() const { return field(*this, "CMD"); }

std::expected<DeviceId, std::string> parse_device_id(ByteView a) {
  if (a.size() < 2) return std::unexpected("device id answer too short");
  std::size_t len = static_cast<std::size_t>(a[0]) << 8 | a[1];
  if (len < 2 || len > a.size()) len = static_cast<std::size_t>(a[1]) << 8 | a[0];  // LE
  if (len < 2 || len > a.size()) len = a.size();
  DeviceId id;
  id.raw.assign(a.begin() + 2, a.begin() + static_cast<std::ptrdiff_t>(len));
  id.raw.erase(std::find(id.raw.begin(), id.raw.end(), '\0'), id.raw.end());
  std::size_t at = 0;
  while (at < id.raw.size()) {
    std::size_t end = id.raw.find(';', at);
    if (end == std::string::npos) end = id.raw.size();
    const std::string item = id.raw.substr(at, end - at);
    at = end + 1;
    const auto colon = item.find(':');
    if (colon == std::string::npos) continue;
    std::string key = upper(trim(item.substr(0, colon)));
    if (key.empty()) continue;
    id.fields[key] = trim(item.substr(colon + 1));
  }
  static const std::pair<const char*, const char*> kLong[] = {
      {"MANUFACTURER", "MFG"}, {"MODEL", "MDL"}, {"COMMAND SET", "CMD"}};
  for (const auto& [long_key, short_key] : kLong)
    if (id.fields.count(long_key) && !id.fields.count(short_key))
      id.fields[short_key] = id.fields[long_key];
  return id;
}

PortStatus parse_port_status(std::uint8_t b) {
  PortStatus s;
  s.error = (b & 0x08) == 0;
  s.selected = (b & 0x10) != 0;
  s.paper_empty = (b & 0x20) != 0;
  return s;
}

PrinterStatus PortStatus::printer_status() const {
  PrinterStatus p;
  p.online = selected;
  p.paper_out = paper_empty;
  p.error = error;
  return p;
}

}  // namespace kiosk::devices::usb::printer_class
