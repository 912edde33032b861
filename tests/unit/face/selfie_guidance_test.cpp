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
