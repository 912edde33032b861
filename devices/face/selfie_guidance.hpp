// What the selfie screen tells the customer, and the pure rule that picks it from what the
// detector found and measured. Thresholds are configurable; the defaults were set on synthetic
// frames (sim/camera/synthetic_face) and are UNVERIFIED on a real kiosk camera.
#pragma once

#include <optional>
#include <string_view>

namespace kiosk::devices::face {

enum class SelfieGuidance { ok, no_face, several_faces, move_closer, too_dark, hold_still };

std::string_view to_string(SelfieGuidance g);

struct SelfieThresholds {
  double min_face_height = 0.2;     // face box height / frame height; below: move_closer
  double min_face_luminance = 55;   // mean grey (0-255) on the face; below: too_dark
  double min_frame_luminance = 45;  // mean grey of a frame with no face found; below: too_dark
  double min_focus = 0.15;          // focus_measure() on the face; below: hold_still
};

// What the detector saw in one frame.
struct SelfieMeasures {
  int faces = 0;
  double frame_luminance = 0;  // mean grey of the whole frame
  // Of the one face (when faces == 1):
  double face_height = 0;  // fraction of the frame height
  double face_luminance = 0;
  double focus = 0;
};

// Exactly one face, big enough, lit and in focus is ok; otherwise the first problem in this
// order: no face (or too dark to tell), several faces, too small, too dark, blurred.
SelfieGuidance judge_selfie(const SelfieMeasures& m, const SelfieThresholds& t = {});

}  // namespace kiosk::devices::face
