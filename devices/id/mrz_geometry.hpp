// Where the MRZ sits on a document (ICAO 9303 Parts 4-6, approximate): OCR-B at 2.54 mm pitch
// (10 characters per inch), 6 lines per inch, in a clear zone at the bottom. Shared by the
// synthetic documents (sim/camera) and the reader, which warps a found document to these
// millimetres and then finds the lines itself (real documents vary by a millimetre or two).
#pragma once

#include "flows/identity/mrz_layout.hpp"

namespace kiosk::devices::id {

inline constexpr double kMrzPitchMm = 2.54;
inline constexpr double kMrzLineSpacingMm = 25.4 / 6;

struct MrzGeometry {
  double width_mm, height_mm;  // the document
  double zone_height_mm;       // the clear MRZ zone at the bottom
  double left_mm;              // pen position of the first character
  double bottom_baseline_mm;   // from the bottom edge to the last line's baseline
};

constexpr MrzGeometry mrz_geometry(flows::identity::MrzFormat format) {
  switch (format) {
    case flows::identity::MrzFormat::TD1:
      return {85.6, 53.98, 17.9, 4.7, 3.6};
    case flows::identity::MrzFormat::TD2:
      return {105.0, 74.0, 21.0, 6.8, 4.2};
    case flows::identity::MrzFormat::TD3:
      return {125.0, 88.0, 23.2, 6.6, 4.5};
  }
  return {85.6, 53.98, 17.9, 4.7, 3.6};
}

}  // namespace kiosk::devices::id
