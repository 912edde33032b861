// The receipt printer contract. Rendering a receipt into printer bytes is pure (see
// devices/escpos/escpos_encoder.hpp); status answers are parsed by a pure decoder.
#pragma once

#include <string>

namespace kiosk::devices {

struct PrinterStatus {
  bool online = true;
  bool cover_open = false;
  bool paper_near_end = false;
  bool paper_out = false;
  bool error = false;
  bool ok() const { return online && !cover_open && !paper_out && !error; }
  std::string describe() const;  // "ok", "paper out", ...
};

}  // namespace kiosk::devices
