// A QR code as an SVG document, for screens that show one (the cash-out deposit address). The page
// draws it as an image: the browser needs no QR library and the payload is encoded by the same
// ZXing encoder the tests decode with.
#pragma once

#include <expected>
#include <string>

namespace kiosk::app {

// One 1x1 rect-run per dark module row segment inside a 4-module quiet zone; the viewBox scales.
std::expected<std::string, std::string> qr_svg(const std::string& payload);

}  // namespace kiosk::app
