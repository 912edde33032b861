// judge_selfie: each way a selfie is refused, and the order the problems are reported in.
#include "devices/face/selfie_guidance.hpp"

#include <doctest/doctest.h>

using namespace kiosk::devices::face;

namespace {

SelfieMeasures good() {
  SelfieMeasures m;
  m.faces = 1;
  m.frame_luminance = 140;
  m.face_height = 0.4;
  m.face_luminance = 130;
  m.focus = 0.3;
  return m;
}

}  // namespace

TEST_CASE("one big, lit, sharp face is accepted") {
  CHECK(judge_selfie(good()) == SelfieGuidance::ok);
}

TEST_CASE("each problem has its guidance") {
  auto m = good();
  m.faces = 0;
  CHECK(judge_selfie(m) == SelfieGuidance::no_face);
  m.frame_luminance = 20;
  CHECK(judge_selfie(m) == SelfieGuidance::too_dark);
  m = good();
  m.faces = 2;
  CHECK(judge_selfie(m) == SelfieGuidance::several_faces);
  m = good();
  m.face_height = 0.1;
  CHECK(judge_selfie(m) == SelfieGuidance::move_closer);
  m = good();
  m.face_luminance = 30;
  CHECK(judge_selfie(m) == SelfieGuidance::too_dark);
  m = good();
  m.focus = 0.05;
  CHECK(judge_selfie(m) == SelfieGuidance::hold_still);
}

TEST_CASE("several faces are reported before size, size before light, light before focus") {
  SelfieMeasures m;
  m.faces = 2;
  m.frame_luminance = 10;
  m.face_height = 0.05;
  m.face_luminance = 10;
  m.focus = 0;
  CHECK(judge_selfie(m) == SelfieGuidance::several_faces);
  m.faces = 1;
  CHECK(judge_selfie(m) == SelfieGuidance::move_closer);
  m.face_height = 0.5;
  CHECK(judge_selfie(m) == SelfieGuidance::too_dark);
  m.face_luminance = 200;
  CHECK(judge_selfie(m) == SelfieGuidance::hold_still);
}

TEST_CASE("thresholds are configurable") {
  auto m = good();
  SelfieThresholds t;
  t.min_face_height = 0.5;
  CHECK(judge_selfie(m, t) == SelfieGuidance::move_closer);
}

TEST_CASE("guidance names") {
  CHECK(to_string(SelfieGuidance::ok) == "ok");
  CHECK(to_string(SelfieGuidance::no_face) == "no_face");
  CHECK(to_string(SelfieGuidance::several_faces) == "several_faces");
  CHECK(to_string(SelfieGuidance::move_closer) == "move_closer");
  CHECK(to_string(SelfieGuidance::too_dark) == "too_dark");
  CHECK(to_string(SelfieGuidance::hold_still) == "hold_still");
}

TEST_CASE("a face inside a document: document_in_view, after no_face and before the rest") {
  auto m = good();
  m.document_face_share = 0.03;
  CHECK(judge_selfie(m) == SelfieGuidance::document_in_view);
  m.document_face_share = 0.3;  // a real face in front of a picture frame
  CHECK(judge_selfie(m) == SelfieGuidance::ok);
  m.document_face_share.reset();
  CHECK(judge_selfie(m) == SelfieGuidance::ok);

  SelfieMeasures bad;
  bad.faces = 2;
  bad.frame_luminance = 10;
  bad.face_height = 0.05;
  bad.face_luminance = 10;
  bad.focus = 0;
  bad.document_face_share = 0.03;
  CHECK(judge_selfie(bad) == SelfieGuidance::document_in_view);  // before several_faces
  bad.faces = 1;
  CHECK(judge_selfie(bad) == SelfieGuidance::document_in_view);  // before move_closer, too_dark
  bad.faces = 0;
  CHECK(judge_selfie(bad) == SelfieGuidance::too_dark);  // no face: nothing to compare
  bad.frame_luminance = 140;
  CHECK(judge_selfie(bad) == SelfieGuidance::no_face);
}

TEST_CASE("the document share threshold is configurable") {
  auto m = good();
  m.document_face_share = 0.1;
  SelfieThresholds t;
  CHECK(judge_selfie(m, t) == SelfieGuidance::ok);
  t.max_document_face_share = 0.12;
  CHECK(judge_selfie(m, t) == SelfieGuidance::document_in_view);
  m.document_face_share = 0.12;
  CHECK(judge_selfie(m, t) == SelfieGuidance::document_in_view);  // at the threshold
  CHECK(to_string(SelfieGuidance::document_in_view) == "document_in_view");
}
