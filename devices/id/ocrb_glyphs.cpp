#include "devices/id/ocrb_glyphs.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <map>
#include <mutex>
#include <utility>

namespace kiosk::devices::id {

int mrz_alphabet_index(char c) {
  auto pos = kMrzAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

const Glyph& GlyphSet::of(char c) const {
  int i = mrz_alphabet_index(c);
  return glyphs[static_cast<std::size_t>(i < 0 ? 36 : i)];
}

namespace {

std::expected<std::shared_ptr<const GlyphSet>, std::string> render(int pixel_size,
                                                                   const std::string& path) {
  FT_Library lib = nullptr;
  if (FT_Init_FreeType(&lib) != 0) return std::unexpected("FreeType initialisation failed");
  FT_Face face = nullptr;
  if (FT_New_Face(lib, path.c_str(), 0, &face) != 0) {
    FT_Done_FreeType(lib);
    return std::unexpected("cannot load the OCR-B font " + path + " (install fonts-ocr-b)");
  }
  auto set = std::make_shared<GlyphSet>();
  set->pixel_size = pixel_size;
  std::string error;
  if (FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(pixel_size)) != 0) error = "bad size";
  for (std::size_t i = 0; error.empty() && i < kMrzAlphabet.size(); ++i) {
    FT_UInt index = FT_Get_Char_Index(face, static_cast<FT_ULong>(kMrzAlphabet[i]));
    if (index == 0 || FT_Load_Glyph(face, index, FT_LOAD_DEFAULT) != 0 ||
        FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) != 0) {
      error = std::string("the font has no glyph for '") + kMrzAlphabet[i] + "'";
      break;
    }
    const FT_Bitmap& bm = face->glyph->bitmap;
    Glyph& g = set->glyphs[i];
    g.coverage = cv::Mat(static_cast<int>(bm.rows), static_cast<int>(bm.width), CV_8U);
    for (unsigned y = 0; y < bm.rows; ++y)
      for (unsigned x = 0; x < bm.width; ++x)
        g.coverage.at<uchar>(static_cast<int>(y), static_cast<int>(x)) =
            bm.buffer[static_cast<std::ptrdiff_t>(y) * bm.pitch + x];
    g.left = face->glyph->bitmap_left;
    g.top = face->glyph->bitmap_top;
    g.advance = static_cast<double>(face->glyph->advance.x) / 64.0;
    if (kMrzAlphabet[i] == 'H') set->cap_height = g.top;
  }
  if (error.empty()) set->advance = set->of('0').advance;
  FT_Done_Face(face);
  FT_Done_FreeType(lib);
  if (!error.empty()) return std::unexpected(error);
  return std::shared_ptr<const GlyphSet>(std::move(set));
}

}  // namespace

std::expected<std::shared_ptr<const GlyphSet>, std::string> ocrb_glyphs(
    int pixel_size, std::string_view font_path) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, int>, std::shared_ptr<const GlyphSet>> cache;
  if (pixel_size < 4 || pixel_size > 1024) return std::unexpected("glyph size out of range");
  std::lock_guard lock(mutex);
  auto key = std::make_pair(std::string(font_path), pixel_size);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto set = render(pixel_size, key.first);
  if (set) cache.emplace(key, *set);
  return set;
}

}  // namespace kiosk::devices::id
