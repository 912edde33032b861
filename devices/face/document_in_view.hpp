// An identity document held up to the selfie camera: its printed portrait is one face, so a frame
// must not pass as a selfie when the face found sits inside a document. The document's outline
// comes from devices/id/document_locator (the largest bright or edge-bounded convex
// quadrilateral); a portrait covers a small share of its document (the face box about 3 % of an
// ID-1 card or a passport page), a real face in front of a door, a picture or a window a much
// larger share of that outline.
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <vector>

namespace kiosk::devices::face {

// The smallest share (face box area / outline area) of any of `faces` whose centre lies inside a
// document-shaped outline (aspect at most kMaxDocumentAspect) found in `frame` (BGR or grey 8-bit);
// nullopt when no face is inside one. Costs one document_locator pass (640 px wide).
std::optional<double> document_face_share(const cv::Mat& frame, const std::vector<cv::Rect>& faces);

inline constexpr double kMaxDocumentAspect = 2.5;  // outlines longer than this are not documents

}  // namespace kiosk::devices::face
