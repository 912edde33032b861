#include "devices/face/document_in_view.hpp"

#include <algorithm>
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

// The frame at 640 px width cut by its edges (every colour channel, as the locator) into
// edge-free regions, label 0 being the edges.
struct Regions {
  double k = 1;  // work pixels per frame pixel
  cv::Mat labels, stats;
  cv::Size size;

  explicit Regions(const cv::Mat& frame) {
    k = std::min(1.0, static_cast<double>(kWorkWidth) / frame.cols);
    cv::Mat small, edges, centroids;
    cv::resize(frame, small, cv::Size(), k, k, cv::INTER_AREA);
    cv::GaussianBlur(small, small, cv::Size(5, 5), 0);
    std::vector<cv::Mat> channels;
    cv::split(small, channels);
    for (const auto& ch : channels) {
      cv::Mat e;
      cv::Canny(ch, e, 20, 60);
      edges = edges.empty() ? e : (edges | e);
    }
    cv::dilate(edges, edges, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
    cv::connectedComponentsWithStats(edges == 0, labels, stats, centroids, 4, CV_32S);
    size = small.size();
  }
  cv::Rect box(int label) const {
    return {stats.at<int>(label, cv::CC_STAT_LEFT), stats.at<int>(label, cv::CC_STAT_TOP),
            stats.at<int>(label, cv::CC_STAT_WIDTH), stats.at<int>(label, cv::CC_STAT_HEIGHT)};
  }
  bool reaches_frame_edge(int label) const {
    cv::Rect b = box(label);
    return b.x == 0 || b.y == 0 || b.br().x == size.width || b.br().y == size.height;
  }
  cv::Rect2d work(const cv::Rect& r) const { return {r.x * k, r.y * k, r.width * k, r.height * k}; }

  // A printed portrait's body ends at its photo, inside the document: about one face height
  // below the face lies a region that stays inside the frame (any of a few points, as printing
  // may let the document's surface leak into the room on one side). A live customer's shirt runs
  // on to the frame's edge, or the points are below the frame.
  bool body_enclosed(const cv::Rect& face) const {
    cv::Rect2d f = work(face);
    for (double down : {0.7, 1.0, 1.3})
      for (double side : {-0.3, 0.0, 0.3}) {
        cv::Point p(static_cast<int>(f.x + f.width * (0.5 + side)),
                    static_cast<int>(f.br().y + f.height * down));
        if (enclosed_at(p)) return true;
      }
    return false;
  }
  bool enclosed_at(cv::Point p) const {
    const cv::Rect inside(cv::Point(), size);
    for (int r = 0; r <= 4; ++r)  // on an edge: the nearest region around it
      for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
          cv::Point q = p + cv::Point(dx, dy);
          if (!inside.contains(q)) return false;
          if (int label = labels.at<int>(q); label != 0) return !reaches_frame_edge(label);
        }
    return false;
  }
};

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
void from_surface(const Regions& regions, const std::vector<cv::Rect>& faces,
                  std::optional<double>& best) {
  const cv::Rect whole(cv::Point(), regions.size);
  for (const auto& f : faces) {
    cv::Rect2d face = regions.work(f);
    cv::Rect ring =
        cv::Rect(cv::Point(static_cast<int>(face.x - face.width),
                           static_cast<int>(face.y - face.height)),
                 cv::Size(static_cast<int>(3 * face.width), static_cast<int>(3 * face.height))) &
        whole;
    std::set<int> met;
    for (int x = ring.x; x < ring.br().x; ++x)
      for (int y : {ring.y, ring.br().y - 1}) met.insert(regions.labels.at<int>(y, x));
    for (int y = ring.y; y < ring.br().y; ++y)
      for (int x : {ring.x, ring.br().x - 1}) met.insert(regions.labels.at<int>(y, x));
    for (int label : met) {
      if (label == 0) continue;  // the edges themselves
      cv::Rect box = regions.box(label);
      // Reaching the frame's edge: the room, or a document we cannot see whole.
      if (regions.reaches_frame_edge(label) || box.area() < 4 * face.area()) continue;
      // Closed a little: printing that touches the card's edge (the MRZ) cuts no notch.
      cv::Mat region;
      cv::copyMakeBorder(regions.labels(box) == label, region, 4, 4, 4, 4, cv::BORDER_CONSTANT, 0);
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
  Regions regions(frame);
  std::vector<cv::Rect> printed;  // faces whose body ends inside the frame
  for (const auto& f : faces)
    if (regions.body_enclosed(f)) printed.push_back(f);
  if (printed.empty()) return std::nullopt;
  std::optional<double> best;
  from_locator(frame, printed, best);
  from_surface(regions, printed, best);
  return best;
}

}  // namespace kiosk::devices::face
