#include "devices/receipt_printer.hpp"

namespace kiosk::devices {

std::string PrinterStatus::describe() const {
  std::string out;
  auto add = [&out](const char* what) {
    if (!out.empty()) out += ", ";
    out += what;
  };
  if (cover_open) add("cover open");
  if (paper_out) add("paper out");
  if (error) add("error");
  // Offline is what the printer says when any of the above holds; name it only when nothing
  // else explains it.
  if (!online && out.empty()) add("offline");
  if (paper_near_end && !paper_out) add("paper near end");
  return out.empty() ? "ok" : out;
}

}  // namespace kiosk::devices
