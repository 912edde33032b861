// Finds an identity document in a camera frame: the largest bright convex quadrilateral (Otsu
// threshold, contour, convex hull, polygon approximation; a rotated rectangle when the outline
// is not a clean quadrilateral), with corners ordered tl, tr, br, bl and the document kind
// guessed from the aspect ratio (ID-1 card 1.586, passport page 1.42).
#pragma once

#include <array>
#include <opencv2/core.hpp>
#include <optional>
#include <vector>

#include "flows/identity/mrz_layout.hpp"

namespace kiosk::devices::id {

struct DocumentQuad {
  std::array<cv::Point2f, 4> corners;  // in the caller's frame coordinates
  double aspect = 0;                   // mean width / mean height
  flows::identity::MrzFormat likely_format = flows::identity::MrzFormat::TD1;
  double area_fraction = 0;  // of the frame
};

// `image` is 8-bit grey or BGR (colour finds edges grey misses). nullopt when nothing
// document-like is in view.
std::optional<DocumentQuad> locate_document(const cv::Mat& image);

// Every plausible outline, best first: the edge outline's polygon and rotated rectangle, then
// the same for Otsu's bright region. The reader tries the next when a reading fails.
std::vector<DocumentQuad> locate_document_candidates(const cv::Mat& image);

}  // namespace kiosk::devices::id
