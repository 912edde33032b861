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

// The smallest share (face box area / outline area) of any of `faces` that looks printed and
// whose centre lies inside a document-shaped outline found in `frame` (BGR or grey 8-bit); nullopt
// when none does. Printed: about one face height below the face lies a region (of the frame cut
// by its edges) that stays inside the frame, where a live customer's shirt runs on to the frame's
// edge. Outlines: the document locator's (aspect at most kMaxDocumentAspect, not the whole
// frame), and the edge-free surface just around the face when it is a rectangle inside the frame
// (a card held by its edges, whose outline the locator merges with the fingers). Costs one
// document_locator pass and one edge map, both 640 px wide.
std::optional<double> document_face_share(const cv::Mat& frame, const std::vector<cv::Rect>& faces);

inline constexpr double kMaxDocumentAspect = 2.5;  // outlines longer than this are not documents
inline constexpr double kMaxDocumentFrameShare = 0.9;  // nor outlines (nearly) the whole frame
inline constexpr double kMinSurfaceFill = 0.9;      // a surface's hull fills its rotated rectangle
inline constexpr double kMinSurfaceSolidity = 0.5;  // and is no thin ring (a frame's border)
// The surface around a portrait leaves out the header band and often the MRZ lines: its share is
// scaled by this to compare with whole outlines (set on the synthetic camera, UNVERIFIED).
inline constexpr double kSurfaceShareScale = 0.8;

}  // namespace kiosk::devices::face
