#include "devices/id/mrz_band_locator.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "devices/id/mrz_geometry.hpp"

namespace kiosk::devices::id {
namespace {

using flows::identity::MrzFormat;

// The document outline around a band of `lines` x `length` characters whose ink spans `rect`.
DocumentQuad outline(const cv::RotatedRect& rect, MrzFormat format, double scale) {
  const auto g = mrz_geometry(format);
  const auto shape = flows::identity::mrz_shape(format);
  double angle = rect.angle * CV_PI / 180.0;
  double w = rect.size.width, h = rect.size.height;
  if (w < h) {
    std::swap(w, h);
    angle += CV_PI / 2;
  }
  cv::Point2d u(std::cos(angle), std::sin(angle));
  if (u.x < 0) u = -u;                                // left to right
  cv::Point2d v(-u.y, u.x);                           // down the page
  const double k = w / (shape.length * kMrzPitchMm);  // px per mm along the line
  const cv::Point2d c(rect.center.x, rect.center.y);
  const cv::Point2d text_left = c - u * (w / 2);
  const cv::Point2d bottom = c + v * (h / 2);  // the last line's baseline, about
  const double below = g.bottom_baseline_mm * k;
  const cv::Point2d bl = text_left - u * (g.left_mm * k) + (bottom - c) + v * below;
  const cv::Point2d br = bl + u * (g.width_mm * k);
  const cv::Point2d tl = bl - v * (g.height_mm * k), tr = br - v * (g.height_mm * k);
  DocumentQuad q;
  auto f = [scale](cv::Point2d p) {
    return cv::Point2f(static_cast<float>(p.x / scale), static_cast<float>(p.y / scale));
  };
  q.corners = {f(tl), f(tr), f(br), f(bl)};
  q.aspect = g.width_mm / g.height_mm;
  q.likely_format = format;
  return q;
}

}  // namespace

std::vector<DocumentQuad> mrz_band_quads(const cv::Mat& gray, int max_bands) {
  std::vector<DocumentQuad> out;
  if (gray.empty() || gray.type() != CV_8U) return out;
  const double scale = std::min(1.0, 800.0 / gray.cols);
  cv::Mat small;
  cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
  cv::Mat black, grad, mask;
  cv::morphologyEx(small, black, cv::MORPH_BLACKHAT,
                   cv::getStructuringElement(cv::MORPH_RECT, cv::Size(15, 7)));
  cv::Sobel(black, grad, CV_32F, 1, 0, 3);
  grad = cv::abs(grad);
  cv::normalize(grad, grad, 0, 255, cv::NORM_MINMAX);
  grad.convertTo(grad, CV_8U);
  cv::morphologyEx(grad, grad, cv::MORPH_CLOSE,
                   cv::getStructuringElement(cv::MORPH_RECT, cv::Size(17, 3)));
  cv::threshold(grad, mask, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  cv::morphologyEx(mask, mask, cv::MORPH_CLOSE,
                   cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 9)));
  cv::erode(mask, mask, cv::Mat(), cv::Point(-1, -1), 2);
  cv::dilate(mask, mask, cv::Mat(), cv::Point(-1, -1), 2);
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  struct Band {
    cv::RotatedRect rect;
    double length;
  };
  std::vector<Band> bands;
  for (const auto& c : contours) {
    auto r = cv::minAreaRect(c);
    double l = std::max(r.size.width, r.size.height), s = std::min(r.size.width, r.size.height);
    if (s < 4 || l < 0.12 * small.cols) continue;
    double aspect = l / s;
    if (aspect < 3 || aspect > 16) continue;
    // Mostly filled: a block of text lines, not a frame or a long edge.
    if (cv::contourArea(c) < 0.55 * l * s) continue;
    bands.push_back({r, l});
  }
  std::sort(bands.begin(), bands.end(),
            [](const Band& a, const Band& b) { return a.length > b.length; });
  for (std::size_t i = 0; i < bands.size() && static_cast<int>(i) < max_bands; ++i) {
    const auto& r = bands[i].rect;
    double aspect = std::max(r.size.width, r.size.height) / std::min(r.size.width, r.size.height);
    // TD1: 30 x 2.54 over three lines (about 76 x 11 mm); TD3: 44 x 2.54 over two (112 x 7).
    if (aspect < 11) out.push_back(outline(r, MrzFormat::TD1, scale));
    if (aspect > 7) out.push_back(outline(r, MrzFormat::TD3, scale));
  }
  return out;
}

}  // namespace kiosk::devices::id
