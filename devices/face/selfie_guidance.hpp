// What the selfie screen tells the customer, and the pure rule that picks it from what the
// detector found and measured. Thresholds are configurable; the defaults were set on synthetic
// frames (sim/camera/synthetic_face) and are UNVERIFIED on a real kiosk camera.
#pragma once

#include <optional>
#include <string_view>

namespace kiosk::devices::face {

enum class SelfieGuidance {
  ok,
  no_face,
  several_faces,
  move_closer,
  too_dark,
  hold_still,
  document_in_view,  // a face inside an identity document: "put the document away"
};

std::string_view to_string(SelfieGuidance g);

struct SelfieThresholds {
  double min_face_height = 0.2;     // face box height / frame height; below: move_closer
  double min_face_luminance = 55;   // mean grey (0-255) on the face; below: too_dark
  double min_frame_luminance = 45;  // mean grey of a frame with no face found; below: too_dark
  double min_focus = 0.15;          // focus_measure() on the face; below: hold_still
  // Face box area / the area of the document outline around it; at or below: document_in_view.
  // A printed portrait is about 0.03 of its card or page (0.013-0.055 on the synthetic camera), a
  // real face at least 0.09 of a picture frame behind it. UNVERIFIED on a real camera.
  double max_document_face_share = 0.075;
};

// What the detector saw in one frame.
struct SelfieMeasures {
  int faces = 0;
  double frame_luminance = 0;  // mean grey of the whole frame
  // Of the one face (when faces == 1):
  double face_height = 0;  // fraction of the frame height
  double face_luminance = 0;
  double focus = 0;
  // Of any face: the smallest share of a document-shaped outline around it (document_in_view.hpp);
  // nullopt when no face is inside one.
  std::optional<double> document_face_share;
};

// Exactly one face, big enough, lit and in focus, not inside a document is ok; otherwise the first
// problem in this order: no face (or too dark to tell), a face inside an identity document (also
// when the customer's own face is in view beside it), several faces, too small, too dark,
// blurred.
SelfieGuidance judge_selfie(const SelfieMeasures& m, const SelfieThresholds& t = {});

}  // namespace kiosk::devices::face
