// An identity document held up to the selfie camera (sim/camera/synthetic_document_selfie) is
// refused with document_in_view; real selfies, also with a bright picture frame right behind the
// head, are not. Fixed seeds: each count is a fixed fact of the renderers and the stock cascade.
#include "devices/face/document_in_view.hpp"

#include <doctest/doctest.h>

#include "devices/face/face_detector.hpp"
#include "face_test_support.hpp"
#include "sim/camera/synthetic_document_selfie.hpp"
#include "sim/camera/synthetic_face.hpp"

using namespace kiosk;
using devices::face::FaceDetector;
using devices::face::SelfieGuidance;

namespace {

const FaceDetector& detector() { return test::face_detector(); }

SelfieGuidance judge(const cv::Mat& frame) { return detector().check_selfie(frame).guidance; }

}  // namespace

TEST_CASE("an ID card or passport page held up as a selfie: document_in_view") {
  // Sizes, tilts and both kinds. Refused every time; with document_in_view whenever the cascade
  // sees the portrait as a face at all (otherwise no_face).
  int frames = 0, in_view = 0;
  std::uint32_t seed = 40;
  for (auto kind : {sim::IdDocumentKind::KazakhIdCard, sim::IdDocumentKind::Passport})
    for (double height : {0.55, 0.75, 0.95})
      for (double tilt : {-10.0, 0.0, 10.0}) {
        sim::DocumentSelfieOptions o;
        o.seed = ++seed;
        o.kind = kind;
        o.document_height = height;
        o.rotation_deg = tilt;
        auto check = detector().check_selfie(sim::render_document_selfie(o).image);
        INFO("seed " << o.seed << " height " << height << " tilt " << tilt << ": "
                     << to_string(check.guidance));
        CHECK_FALSE(check.accepted());
        if (check.faces > 0) CHECK(check.guidance == SelfieGuidance::document_in_view);
        ++frames;
        in_view += check.guidance == SelfieGuidance::document_in_view;
      }
  CHECK(in_view >= frames - 2);
}

TEST_CASE("a document held up at any seeded size and tilt is never accepted") {
  int in_view = 0;
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    sim::DocumentSelfieOptions o;
    o.seed = seed;
    auto g = judge(sim::render_document_selfie(o).image);
    INFO("seed " << seed << ": " << to_string(g));
    CHECK(g != SelfieGuidance::ok);
    in_view += g == SelfieGuidance::document_in_view;
  }
  // A strongly tilted portrait is no frontal face to the cascade: no_face then.
  CHECK(in_view >= 14);
}

TEST_CASE("a document held beside the customer's face: document_in_view, not several_faces") {
  int in_view = 0, accepted = 0;
  for (std::uint32_t seed = 1; seed <= 8; ++seed) {
    sim::DocumentSelfieOptions o;
    o.seed = seed;
    o.beside_face = true;
    o.rotation_deg = 5;
    auto g = judge(sim::render_document_selfie(o).image);
    in_view += g == SelfieGuidance::document_in_view;
    accepted += g == SelfieGuidance::ok;
  }
  CHECK(in_view >= 6);
  CHECK(accepted == 0);
}

TEST_CASE("real selfies pass the document check, also in front of a picture frame") {
  int accepted = 0, framed_accepted = 0, in_view = 0;
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    sim::SelfieSceneOptions o;
    o.seed = seed;
    auto g = judge(sim::render_selfie_scene(o).image);
    accepted += g == SelfieGuidance::ok;
    in_view += g == SelfieGuidance::document_in_view;
    o.frame_behind = true;
    g = judge(sim::render_selfie_scene(o).image);
    framed_accepted += g == SelfieGuidance::ok;
    in_view += g == SelfieGuidance::document_in_view;
  }
  CHECK(accepted >= 9);
  CHECK(framed_accepted >= 9);
  CHECK(in_view == 0);
}

TEST_CASE("document_face_share: a portrait's small share of its document, none without a face") {
  sim::DocumentSelfieOptions o;
  o.seed = 3;
  o.rotation_deg = 0;
  o.document_height = 0.8;
  auto scene = sim::render_document_selfie(o);
  auto faces = detector().detect(scene.image);
  REQUIRE(faces.size() == 1);
  CHECK(scene.portrait_box.contains(
      cv::Point(faces[0].x + faces[0].width / 2, faces[0].y + faces[0].height / 2)));
  auto share = devices::face::document_face_share(scene.image, faces);
  REQUIRE(share);
  CHECK(*share > 0.005);
  CHECK(*share <= devices::face::SelfieThresholds{}.max_document_face_share);
  CHECK_FALSE(devices::face::document_face_share(scene.image, {}));
  CHECK_FALSE(devices::face::document_face_share(cv::Mat(), faces));
  // Nothing document-shaped around a face out in the room.
  CHECK_FALSE(devices::face::document_face_share(scene.image, {cv::Rect(2, 2, 20, 20)}));
}

TEST_CASE("the document selfie scene is seeded and keeps the document in the frame") {
  sim::DocumentSelfieOptions o;
  o.seed = 11;
  auto a = sim::render_document_selfie(o), b = sim::render_document_selfie(o);
  CHECK(cv::norm(a.image, b.image, cv::NORM_INF) == 0);
  o.seed = 12;
  CHECK(cv::norm(a.image, sim::render_document_selfie(o).image, cv::NORM_INF) > 0);
  cv::Rect frame(0, 0, a.image.cols, a.image.rows);
  for (const auto& c : a.document_corners) CHECK(frame.contains(cv::Point(c)));
  CHECK(a.look.kind.has_value());
  CHECK(*a.look.rotation_deg >= -25);
  CHECK(*a.look.rotation_deg <= 25);
  CHECK_FALSE(a.own_face);
  o.beside_face = true;
  CHECK(sim::render_document_selfie(o).own_face.has_value());
}

TEST_CASE("a real face farther back in front of a picture frame is no printed portrait") {
  // Regression: a small live face inside a large bright frame has a portrait's share of it; its
  // shirt running on to the frame's edge tells it apart.
  int in_view = 0, accepted = 0;
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    sim::SelfieSceneOptions o;
    o.seed = seed;
    o.face_scale = 0.22;
    o.frame_behind = true;
    auto g = judge(sim::render_selfie_scene(o).image);
    in_view += g == SelfieGuidance::document_in_view;
    accepted += g == SelfieGuidance::ok;
  }
  CHECK(in_view == 0);
  CHECK(accepted >= 6);
}
