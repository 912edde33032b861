// OCR-B glyphs rasterised with FreeType from Debian's fonts-ocr-b (OCRB.otf, public domain):
// the templates the MRZ reader matches against and the ink the synthetic documents are printed
// with. FreeType is used directly because OpenCV has no TTF/OTF renderer in its core modules.
#pragma once

#include <array>
#include <expected>
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <string_view>

namespace kiosk::devices::id {

inline constexpr std::string_view kOcrbFontPath = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";
inline constexpr std::string_view kMrzAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";

struct Glyph {
  cv::Mat coverage;    // CV_8U, 255 = full ink
  int left = 0;        // bitmap left edge relative to the pen position
  int top = 0;         // bitmap top edge above the baseline
  double advance = 0;  // pen advance in pixels
};

struct GlyphSet {
  int pixel_size = 0;            // em size in pixels
  double cap_height = 0;         // height of 'H' in pixels
  double advance = 0;            // the font is fixed-pitch: one advance for every MRZ character
  std::array<Glyph, 37> glyphs;  // in kMrzAlphabet order

  const Glyph& of(char c) const;
};

// Index of c in kMrzAlphabet, or -1.
int mrz_alphabet_index(char c);

// Renders the 37 MRZ characters at `pixel_size`; an error names the file or FreeType failure.
// Results are cached per (path, size); thread-safe.
std::expected<std::shared_ptr<const GlyphSet>, std::string> ocrb_glyphs(
    int pixel_size, std::string_view font_path = kOcrbFontPath);

}  // namespace kiosk::devices::id
