#include "devices/id/glyph_matcher.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <opencv2/imgproc.hpp>

namespace kiosk::devices::id {

namespace {
constexpr double kTemplateBlur[] = {0.0, 0.7, 1.4};  // cell pixels
constexpr int kVariants = static_cast<int>(std::size(kTemplateBlur));
static_assert(37 * kVariants <= kTemplateSlots);

// out[r][k] = sum_j patches[r][j] * templates_t[j][k], for k < kTemplateSlots. Each output is
// summed in pixel order, so the result does not depend on the vector width.
[[gnu::target_clones("avx2", "default")]] void correlate(const float* patches, int rows, int len,
                                                         const float* templates_t, float* out) {
  for (int r = 0; r < rows; ++r) {
    float acc[kTemplateSlots] = {};
    const float* p = patches + static_cast<std::ptrdiff_t>(r) * len;
    for (int j = 0; j < len; ++j) {
      const float v = p[j];
      const float* t = templates_t + static_cast<std::ptrdiff_t>(j) * kTemplateSlots;
      for (int k = 0; k < kTemplateSlots; ++k) acc[k] += v * t[k];
    }
    std::copy(acc, acc + kTemplateSlots, out + static_cast<std::ptrdiff_t>(r) * kTemplateSlots);
  }
}

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
  cv::Mat templates;  // one row per template
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
      templates.push_back(row);
    }
  }
  const int len = templates.cols;
  m.templates_t_.assign(static_cast<std::size_t>(len) * kTemplateSlots, 0.0f);
  for (int t = 0; t < templates.rows; ++t)
    for (int j = 0; j < len; ++j)
      m.templates_t_[static_cast<std::size_t>(j) * kTemplateSlots + static_cast<std::size_t>(t)] =
          templates.at<float>(t, j);
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
  float corr[15 * kTemplateSlots];
  CV_Assert(nx * ny <= 15);
  correlate(patches.ptr<float>(), nx * ny, len, templates_t_.data(), corr);
  for (int t = 0; t < 37 * kVariants; ++t) {
    float best = -1;
    for (int r = 0; r < nx * ny; ++r) best = std::max(best, corr[r * kTemplateSlots + t]);
    auto& slot = s[static_cast<std::size_t>(t / kVariants)];
    slot = t % kVariants == 0 ? best : std::max(slot, best);
  }
  return s;
}

}  // namespace kiosk::devices::id
