#include "devices/id/glyph_matcher.hpp"

#include <cmath>
#include <cstdlib>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace kiosk::devices::id {

std::expected<GlyphMatcher, std::string> GlyphMatcher::create(std::string_view font_path) {
  // Render large, then area-resample to the cell pitch, as the camera image is resampled.
  constexpr int kScale = 4;
  auto probe = ocrb_glyphs(100, font_path);
  if (!probe) return std::unexpected(probe.error());
  int em = static_cast<int>(std::lround(100.0 * kCellPitch * kScale / (*probe)->advance));
  auto set = ocrb_glyphs(em, font_path);
  if (!set) return std::unexpected(set.error());
  const GlyphSet& g = **set;
  GlyphMatcher m;
  m.cap_to_pitch_ = g.cap_height / g.advance;
  const int big_w = kCellPitch * kScale;
  const int th = static_cast<int>(std::lround(m.cap_to_pitch_ * kCellPitch * 1.3));
  const int big_h = th * kScale;
  const double baseline = big_h / 2.0 + g.cap_height / 2.0;
  for (char c : kMrzAlphabet) {
    const Glyph& glyph = g.of(c);
    cv::Mat big(big_h, big_w, CV_8U, cv::Scalar(255));
    int x0 = glyph.left + static_cast<int>(std::lround((big_w - g.advance) / 2.0));
    int y0 = static_cast<int>(std::lround(baseline)) - glyph.top;
    for (int y = 0; y < glyph.coverage.rows; ++y)
      for (int x = 0; x < glyph.coverage.cols; ++x) {
        int bx = x0 + x, by = y0 + y;
        if (bx < 0 || by < 0 || bx >= big_w || by >= big_h) continue;
        big.at<uchar>(by, bx) = static_cast<uchar>(255 - glyph.coverage.at<uchar>(y, x));
      }
    cv::Mat small;
    cv::resize(big, small, cv::Size(kCellPitch, th), 0, 0, cv::INTER_AREA);
    if (const char* dbg = std::getenv("MRZ_DEBUG_DIR"))
      cv::imwrite(std::string(dbg) + "/tpl_" + c + ".png", small);
    small.convertTo(small, CV_32F);
    m.size_ = small.size();
    cv::Mat row = small.reshape(1, 1).clone();
    row -= cv::mean(row)[0];
    row /= std::max(cv::norm(row), 1e-6);
    m.templates_.push_back(row);
  }
  return m;
}

GlyphScores GlyphMatcher::score(const cv::Mat& window) const {
  GlyphScores s{};
  cv::Mat w32;
  window.convertTo(w32, CV_32F);
  const int nx = 2 * shift_x() + 1, ny = 2 * shift_y() + 1;
  const int len = size_.area();
  cv::Mat patches(nx * ny, len, CV_32F);
  for (int dy = 0; dy < ny; ++dy)
    for (int dx = 0; dx < nx; ++dx) {
      cv::Mat row = patches.row(dy * nx + dx);
      cv::Mat patch = w32(cv::Rect(dx, dy, size_.width, size_.height)).clone().reshape(1, 1);
      patch -= cv::mean(patch)[0];
      double norm = cv::norm(patch);
      if (norm < 1e-3) {
        row.setTo(0);  // a flat patch matches nothing
      } else {
        patch.convertTo(row, CV_32F, 1.0 / norm);
      }
    }
  cv::Mat corr;  // (shifts x 37)
  corr = patches * templates_.t();
  for (int t = 0; t < corr.cols; ++t) {
    double best = 0;
    cv::minMaxLoc(corr.col(t), nullptr, &best);
    s[static_cast<std::size_t>(t)] = static_cast<float>(best);
  }
  return s;
}

}  // namespace kiosk::devices::id
