#include "devices/id/document_locator.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace kiosk::devices::id {
namespace {

constexpr int kWorkWidth = 640;

std::array<cv::Point2f, 4> order_corners(const std::vector<cv::Point2f>& pts) {
  // tl has the smallest x+y, br the largest; tr the smallest y-x, bl the largest.
  std::array<cv::Point2f, 4> out{};
  auto by = [&](auto key, bool smallest) {
    return *std::min_element(pts.begin(), pts.end(),
                             [&](const cv::Point2f& a, const cv::Point2f& b) {
                               return smallest ? key(a) < key(b) : key(a) > key(b);
                             });
  };
  out[0] = by([](const cv::Point2f& p) { return p.x + p.y; }, true);
  out[2] = by([](const cv::Point2f& p) { return p.x + p.y; }, false);
  out[1] = by([](const cv::Point2f& p) { return p.y - p.x; }, true);
  out[3] = by([](const cv::Point2f& p) { return p.y - p.x; }, false);
  return out;
}

double dist(cv::Point2f a, cv::Point2f b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

std::vector<DocumentQuad> locate_document_candidates(const cv::Mat& image) {
  if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3))
    return {};
  double scale = std::min(1.0, static_cast<double>(kWorkWidth) / image.cols);
  cv::Mat small_colour, small;
  cv::resize(image, small_colour, cv::Size(), scale, scale, cv::INTER_AREA);
  cv::GaussianBlur(small_colour, small_colour, cv::Size(5, 5), 0);
  if (small_colour.channels() == 3)
    cv::cvtColor(small_colour, small, cv::COLOR_BGR2GRAY);
  else
    small = small_colour;
  const double frame_area = static_cast<double>(small.cols) * small.rows;
  // The outline: edges (a coloured header or photo at the border stays inside), closed into
  // one region; Otsu's bright region when the edges give nothing large.
  auto largest = [&](const cv::Mat& bin, double& area) {
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(bin, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    std::vector<cv::Point> best;
    area = frame_area * 0.015;
    for (const auto& c : contours) {
      std::vector<cv::Point> hull;
      cv::convexHull(c, hull);
      double a = cv::contourArea(hull);
      if (a > area && a < frame_area * 0.98) {
        area = a;
        best = hull;
      }
    }
    return best;
  };
  // Edges of every colour channel: a blue header on a teal desk has little grey contrast.
  cv::Mat edges;
  std::vector<cv::Mat> channels;
  cv::split(small_colour, channels);
  for (const auto& ch : channels) {
    cv::Mat e;
    cv::Canny(ch, e, 40, 120);
    edges = edges.empty() ? e : (edges | e);
  }
  cv::dilate(edges, edges, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  std::vector<DocumentQuad> out;
  auto add = [&](const std::vector<cv::Point2f>& pts, double area) {
    DocumentQuad q;
    q.corners = order_corners(pts);
    for (auto& p : q.corners) p *= static_cast<float>(1.0 / scale);
    double w = (dist(q.corners[0], q.corners[1]) + dist(q.corners[3], q.corners[2])) / 2;
    double h = (dist(q.corners[0], q.corners[3]) + dist(q.corners[1], q.corners[2])) / 2;
    if (h < 1 || w < 1) return;
    if (h > w) {
      // Portrait in the frame: rotate the corner order so the long side is the width.
      std::rotate(q.corners.begin(), q.corners.begin() + 3, q.corners.end());
      std::swap(w, h);
    }
    q.aspect = w / h;
    q.likely_format =
        q.aspect > 1.51 ? flows::identity::MrzFormat::TD1 : flows::identity::MrzFormat::TD3;
    q.area_fraction = area / frame_area;
    out.push_back(q);
  };
  // From one outline: its 4-point polygon, and its rotated rectangle (which survives a corner
  // lost to low contrast).
  auto from_hull = [&](const std::vector<cv::Point>& hull, double area) {
    if (hull.empty()) return;
    std::vector<cv::Point> poly;
    double perimeter = cv::arcLength(hull, true);
    for (double eps = 0.01; eps <= 0.06 && poly.size() != 4; eps += 0.01)
      cv::approxPolyDP(hull, poly, eps * perimeter, true);
    if (poly.size() == 4) {
      std::vector<cv::Point2f> pts;
      for (auto p : poly) pts.emplace_back(static_cast<float>(p.x), static_cast<float>(p.y));
      add(pts, area);
    }
    cv::Point2f r[4];
    cv::minAreaRect(hull).points(r);
    add(std::vector<cv::Point2f>(r, r + 4), area);
  };
  double area = 0;  // set by largest(): read only after it ran (argument order is unspecified)
  auto hull = largest(edges, area);
  from_hull(hull, area);
  cv::Mat bin;
  cv::threshold(small, bin, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  cv::morphologyEx(bin, bin, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {5, 5}));
  hull = largest(bin, area);
  from_hull(hull, area);
  return out;
}

std::optional<DocumentQuad> locate_document(const cv::Mat& image) {
  auto all = locate_document_candidates(image);
  if (all.empty()) return std::nullopt;
  return all.front();
}

}  // namespace kiosk::devices::id
