#include "devices/qr/contrast_variants.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace kiosk::devices {
namespace {

// The grey levels at the `low`-th and (100 - low)-th percentile.
std::pair<int, int> percentiles(const cv::Mat& gray, double low_percent) {
  int hist[256] = {};
  for (int y = 0; y < gray.rows; ++y) {
    const uchar* p = gray.ptr<uchar>(y);
    for (int x = 0; x < gray.cols; ++x) ++hist[p[x]];
  }
  double total = static_cast<double>(gray.total());
  double cut = total * low_percent / 100.0;
  int lo = 0, hi = 255;
  double seen = 0;
  for (; lo < 255; ++lo) {
    seen += hist[lo];
    if (seen > cut) break;
  }
  seen = 0;
  for (; hi > 0; --hi) {
    seen += hist[hi];
    if (seen > cut) break;
  }
  return {lo, std::max(lo, hi)};
}

}  // namespace

int grey_spread(const cv::Mat& gray, double low_percent) {
  if (gray.empty() || gray.type() != CV_8UC1) return 0;
  auto [lo, hi] = percentiles(gray, low_percent);
  return hi - lo;
}

cv::Mat stretch_contrast(const cv::Mat& gray, double low_percent) {
  if (gray.empty() || gray.type() != CV_8UC1) return {};
  auto [lo, hi] = percentiles(gray, low_percent);
  double scale = 255.0 / std::max(hi - lo, 1);
  cv::Mat out;
  gray.convertTo(out, CV_8U, scale, -lo * scale);
  return out;
}

cv::Mat normalise_local(const cv::Mat& gray, double sigma, double min_deviation) {
  if (gray.empty() || gray.type() != CV_8UC1) return {};
  cv::Mat g, mean, sq, var;
  gray.convertTo(g, CV_32F);
  // A box of about the Gaussian's width: running sums, so the cost does not grow with sigma.
  int box = std::max(3, static_cast<int>(std::lround(sigma * 2.5)) | 1);
  cv::blur(g, mean, cv::Size(box, box), cv::Point(-1, -1), cv::BORDER_REFLECT);
  cv::blur(g.mul(g), sq, cv::Size(box, box), cv::Point(-1, -1), cv::BORDER_REFLECT);
  var = sq - mean.mul(mean);
  cv::Mat dev;
  cv::max(var, min_deviation * min_deviation, var);
  cv::sqrt(var, dev);
  cv::Mat norm = (g - mean) / dev;
  cv::Mat out;
  norm.convertTo(out, CV_8U, 60.0, 128.0);  // +-2 deviations fill most of the range
  return out;
}

cv::Mat unsharp(const cv::Mat& gray, double sigma, double amount) {
  if (gray.empty()) return {};
  cv::Mat soft, out;
  cv::GaussianBlur(gray, soft, cv::Size(0, 0), sigma);
  cv::addWeighted(gray, 1.0 + amount, soft, -amount, 0, out);
  return out;
}

cv::Mat binarise_local(const cv::Mat& gray, int block, double offset) {
  if (gray.empty() || gray.type() != CV_8UC1) return {};
  block = std::max(3, block | 1);
  cv::Mat out;
  cv::adaptiveThreshold(gray, out, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY, block,
                        offset);
  return out;
}

}  // namespace kiosk::devices
