// Scores a character cell against the 37 OCR-B templates: normalised cross-correlation (as
// cv::TM_CCOEFF_NORMED), best over a few pixels of shift, computed as one matrix product of the
// shifted windows by the templates (matchTemplate per pair costs ten times more), written as a
// fixed-width multiply-add loop that the compiler vectorises (AVX2 where the CPU has it, chosen
// at load time; cv::gemm on these small matrices was 6 times slower). Cells are
// resampled so that one character pitch is `kCellPitch` pixels; the templates are rendered from
// fonts-ocr-b at that pitch, with the cap-height centre at the middle of the template.
#pragma once

#include <expected>
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "devices/id/mrz_resolver.hpp"
#include "devices/id/ocrb_glyphs.hpp"

namespace kiosk::devices::id {

inline constexpr int kCellPitch = 16;
inline constexpr int kTemplateSlots = 112;  // 37 characters x 3 blur variants = 111, padded

class GlyphMatcher {
 public:
  static std::expected<GlyphMatcher, std::string> create(
      std::string_view font_path = kOcrbFontPath);

  double cap_to_pitch() const { return cap_to_pitch_; }  // cap height / pitch of the font
  cv::Size template_size() const { return size_; }
  int shift_x() const { return 2; }
  int shift_y() const { return 1; }

  // `window` (CV_8U, ink dark) is template_size() plus 2*shift on each axis, centred on the
  // cell's expected centre (x: pitch centre, y: cap-height centre).
  GlyphScores score(const cv::Mat& window) const;

 private:
  // Each template zero-mean, unit-norm, flattened; stored transposed (pixel-major), each pixel's
  // row padded to kTemplateSlots floats so that the product vectorises with a fixed width.
  std::vector<float> templates_t_;
  cv::Size size_;
  double cap_to_pitch_ = 0.7;
};

}  // namespace kiosk::devices::id
