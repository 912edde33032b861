#include "devices/face/document_in_view.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>

#include "devices/id/document_locator.hpp"

namespace kiosk::devices::face {
namespace {

constexpr int kWorkWidth = 640;  // as the document locator

cv::Point2f centre_of(const cv::Rect2d& r) {
  return {static_cast<float>(r.x + r.width / 2), static_cast<float>(r.y + r.height / 2)};
}

void keep_smallest(std::optional<double>& best, double share) {
  best = best ? std::min(*best, share) : share;
}

// The locator's outlines (its largest edge-bounded and bright regions) around a face.
void from_locator(const cv::Mat& frame, const std::vector<cv::Rect>& faces,
                  std::optional<double>& best) {
  const double frame_area = static_cast<double>(frame.cols) * frame.rows;
  for (const auto& quad : id::locate_document_candidates(frame)) {
    if (quad.aspect > kMaxDocumentAspect) continue;
    std::vector<cv::Point2f> outline(quad.corners.begin(), quad.corners.end());
    double area = cv::contourArea(outline);
    // The whole frame (a bright room the locator took as one region) is no document in view.
    if (area < 1 || area > kMaxDocumentFrameShare * frame_area) continue;
    for (const auto& f : faces)
      if (cv::pointPolygonTest(outline, centre_of(f), false) > 0)
        keep_smallest(best, f.area() / area);
  }
}

// The surface around a face: the edge-free region met just outside the face box (a card's
// printed surface around its photo), when it lies inside the frame and its hull nearly fills its
// rotated rectangle (fingers at the card's edge cut only notches).
void from_surface(const cv::Mat& frame, const std::vector<cv::Rect>& faces,
                  std::optional<double>& best) {
  double k = std::min(1.0, static_cast<double>(kWorkWidth) / frame.cols);
  cv::Mat small, edges;
  cv::resize(frame, small, cv::Size(), k, k, cv::INTER_AREA);
  cv::GaussianBlur(small, small, cv::Size(5, 5), 0);
  std::vector<cv::Mat> channels;
  cv::split(small, channels);
  for (const auto& ch : channels) {
    cv::Mat e;
    cv::Canny(ch, e, 40, 120);
    edges = edges.empty() ? e : (edges | e);
  }
  cv::dilate(edges, edges, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  cv::Mat labels, stats, centroids;
  cv::connectedComponentsWithStats(edges == 0, labels, stats, centroids, 4, CV_32S);
  const cv::Rect whole(0, 0, small.cols, small.rows);
  for (const auto& f : faces) {
    cv::Rect2d face(f.x * k, f.y * k, f.width * k, f.height * k);
    cv::Rect ring =
        cv::Rect(cv::Point(static_cast<int>(face.x - face.width),
                           static_cast<int>(face.y - face.height)),
                 cv::Size(static_cast<int>(3 * face.width), static_cast<int>(3 * face.height))) &
        whole;
    std::set<int> met;
    for (int x = ring.x; x < ring.br().x; ++x)
      for (int y : {ring.y, ring.br().y - 1}) met.insert(labels.at<int>(y, x));
    for (int y = ring.y; y < ring.br().y; ++y)
      for (int x : {ring.x, ring.br().x - 1}) met.insert(labels.at<int>(y, x));
    for (int label : met) {
      if (label == 0) continue;  // the edges themselves
      cv::Rect box(stats.at<int>(label, cv::CC_STAT_LEFT), stats.at<int>(label, cv::CC_STAT_TOP),
                   stats.at<int>(label, cv::CC_STAT_WIDTH),
                   stats.at<int>(label, cv::CC_STAT_HEIGHT));
      if (box.x == 0 || box.y == 0 || box.br().x == small.cols || box.br().y == small.rows)
        continue;  // reaches the frame's edge: the room, or a document we cannot see whole
      if (box.area() < 4 * face.area()) continue;
      // Closed a little: printing that touches the card's edge (the MRZ) cuts no notch.
      cv::Mat region;
      cv::copyMakeBorder(labels(box) == label, region, 4, 4, 4, 4, cv::BORDER_CONSTANT, 0);
      cv::morphologyEx(region, region, cv::MORPH_CLOSE,
                       cv::getStructuringElement(cv::MORPH_ELLIPSE, {7, 7}));
      std::vector<std::vector<cv::Point>> contours;
      cv::findContours(region, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE,
                       box.tl() - cv::Point(4, 4));
      if (contours.empty()) continue;
      const auto& outline = *std::max_element(
          contours.begin(), contours.end(),
          [](const auto& a, const auto& b) { return cv::contourArea(a) < cv::contourArea(b); });
      cv::RotatedRect rect = cv::minAreaRect(outline);
      double rect_area = static_cast<double>(rect.size.area());
      double shorter = std::min(rect.size.width, rect.size.height);
      if (rect_area < 1 || shorter < 1) continue;
      if (std::max(rect.size.width, rect.size.height) / shorter > kMaxDocumentAspect) continue;
      std::vector<cv::Point> hull;
      cv::convexHull(outline, hull);
      double hull_area = cv::contourArea(hull);
      if (hull_area < kMinSurfaceFill * rect_area) continue;                     // not a rectangle
      if (cv::contourArea(outline) < kMinSurfaceSolidity * hull_area) continue;  // a thin ring
      if (cv::pointPolygonTest(hull, centre_of(face), false) <= 0) continue;
      keep_smallest(best, kSurfaceShareScale * face.area() / rect_area);
    }
  }
}

}  // namespace

std::optional<double> document_face_share(const cv::Mat& frame,
                                          const std::vector<cv::Rect>& faces) {
  if (frame.empty() || faces.empty()) return std::nullopt;
  std::optional<double> best;
  from_locator(frame, faces, best);
  from_surface(frame, faces, best);
  return best;
}

}  // namespace kiosk::devices::face
