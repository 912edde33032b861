#include "devices/face/document_in_view.hpp"

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "devices/id/document_locator.hpp"

namespace kiosk::devices::face {

std::optional<double> document_face_share(const cv::Mat& frame,
                                          const std::vector<cv::Rect>& faces) {
  if (frame.empty() || faces.empty()) return std::nullopt;
  std::optional<double> best;
  for (const auto& quad : id::locate_document_candidates(frame)) {
    if (quad.aspect > kMaxDocumentAspect) continue;
    std::vector<cv::Point2f> outline(quad.corners.begin(), quad.corners.end());
    double area = cv::contourArea(outline);
    if (area < 1) continue;
    for (const auto& f : faces) {
      cv::Point2f centre(static_cast<float>(f.x + f.width / 2.0),
                         static_cast<float>(f.y + f.height / 2.0));
      if (cv::pointPolygonTest(outline, centre, false) <= 0) continue;
      double share = f.area() / area;
      best = best ? std::min(*best, share) : share;
    }
  }
  return best;
}

}  // namespace kiosk::devices::face
