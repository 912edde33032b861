#include "devices/id/glyph_matcher.hpp"

#include <cmath>
#include <iterator>
#include <opencv2/imgproc.hpp>

namespace kiosk::devices::id {

namespace {
constexpr double kTemplateBlur[] = {0.0, 0.7, 1.4};  // cell pixels
}  // namespace

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
    m.size_ = small.size();
    // Variants as printed and as a slightly and a clearly defocused camera sees them.
    for (double sigma : kTemplateBlur) {
      cv::Mat v;
      small.convertTo(v, CV_32F);
      if (sigma > 0) cv::GaussianBlur(v, v, cv::Size(0, 0), sigma, sigma, cv::BORDER_REPLICATE);
      cv::Mat row = v.reshape(1, 1).clone();
      row -= cv::mean(row)[0];
      row /= std::max(cv::norm(row), 1e-6);
      m.templates_.push_back(row);
    }
  }
  m.templates_t_ = m.templates_.t();
  return m;
}

GlyphScores GlyphMatcher::score(const cv::Mat& window) const {
  GlyphScores s{};
  CV_Assert(window.type() == CV_8U && window.cols == size_.width + 2 * shift_x() &&
            window.rows == size_.height + 2 * shift_y());
  const int nx = 2 * shift_x() + 1, ny = 2 * shift_y() + 1;
  const int tw = size_.width, th = size_.height, len = size_.area();
  cv::Mat patches(nx * ny, len, CV_32F);
  for (int dy = 0; dy < ny; ++dy)
    for (int dx = 0; dx < nx; ++dx) {
      float* out = patches.ptr<float>(dy * nx + dx);
      double sum = 0;
      for (int y = 0; y < th; ++y) {
        const uchar* in = window.ptr<uchar>(y + dy) + dx;
        for (int x = 0; x < tw; ++x) {
          out[y * tw + x] = in[x];
          sum += in[x];
        }
      }
      const float mean = static_cast<float>(sum / len);
      double sq = 0;
      for (int i = 0; i < len; ++i) {
        out[i] -= mean;
        sq += static_cast<double>(out[i]) * out[i];
      }
      // A flat patch matches nothing.
      const float inv = sq < 1e-3 ? 0.0f : static_cast<float>(1.0 / std::sqrt(sq));
      for (int i = 0; i < len; ++i) out[i] *= inv;
    }
  cv::Mat corr = patches * templates_t_;  // shifts x (37 x variants)
  constexpr int kVariants = static_cast<int>(std::size(kTemplateBlur));
  for (int t = 0; t < corr.cols; ++t) {
    float best = -1;
    for (int r = 0; r < corr.rows; ++r) best = std::max(best, corr.at<float>(r, t));
    auto& slot = s[static_cast<std::size_t>(t / kVariants)];
    slot = t % kVariants == 0 ? best : std::max(slot, best);
  }
  return s;
}

}  // namespace kiosk::devices::id
