#include "devices/face/selfie_guidance.hpp"

namespace kiosk::devices::face {

std::string_view to_string(SelfieGuidance g) {
  switch (g) {
    case SelfieGuidance::ok:
      return "ok";
    case SelfieGuidance::no_face:
      return "no_face";
    case SelfieGuidance::several_faces:
      return "several_faces";
    case SelfieGuidance::move_closer:
      return "move_closer";
    case SelfieGuidance::too_dark:
      return "too_dark";
    case SelfieGuidance::hold_still:
      return "hold_still";
    case SelfieGuidance::document_in_view:
      return "document_in_view";
  }
  return "unknown";
}

SelfieGuidance judge_selfie(const SelfieMeasures& m, const SelfieThresholds& t) {
  if (m.faces == 0)
    return m.frame_luminance < t.min_frame_luminance ? SelfieGuidance::too_dark
                                                     : SelfieGuidance::no_face;
  if (m.document_face_share && *m.document_face_share <= t.max_document_face_share)
    return SelfieGuidance::document_in_view;
  if (m.faces > 1) return SelfieGuidance::several_faces;
  if (m.face_height < t.min_face_height) return SelfieGuidance::move_closer;
  if (m.face_luminance < t.min_face_luminance) return SelfieGuidance::too_dark;
  if (m.focus < t.min_focus) return SelfieGuidance::hold_still;
  return SelfieGuidance::ok;
}

}  // namespace kiosk::devices::face
