// FaceDetector on synthetic selfies (sim/camera/synthetic_face): the seeds are fixed, so each
// count below is a fixed fact of this renderer and the stock cascade, not a timing effect.
#include "devices/face/face_detector.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "face_test_support.hpp"
#include "kiosk/source_tree.hpp"
#include "sim/camera/synthetic_face.hpp"

using namespace kiosk;
using devices::face::FaceDetector;
using devices::face::SelfieGuidance;

namespace {

const FaceDetector& detector() { return test::face_detector(); }

// Guidance for seeds first..first+n-1 of a scene variant.
std::vector<SelfieGuidance> guidance(sim::SelfieSceneOptions o, int n, std::uint32_t first) {
  std::vector<SelfieGuidance> out;
  for (int i = 0; i < n; ++i) {
    o.seed = first + static_cast<std::uint32_t>(i);
    out.push_back(detector().check_selfie(sim::render_selfie_scene(o).image).guidance);
  }
  return out;
}

int count(const std::vector<SelfieGuidance>& v, SelfieGuidance g) {
  return static_cast<int>(std::count(v.begin(), v.end(), g));
}

double overlap(const cv::Rect& a, const cv::Rect& b) {
  double i = (a & b).area();
  return i / (a.area() + b.area() - i);
}

}  // namespace

TEST_CASE("a missing cascade file is an error value") {
  auto d = FaceDetector::create("/nonexistent/haarcascade_frontalface_default.xml");
  REQUIRE_FALSE(d.has_value());
  CHECK(d.error().find("/nonexistent/") != std::string::npos);
  auto not_xml = FaceDetector::create(kiosk::app::source_tree() + "/devices/face/README.md");
  CHECK_FALSE(not_xml.has_value());
}

TEST_CASE("one face in view is accepted, and found where it was drawn") {
  sim::SelfieSceneOptions o;
  int accepted = 0;
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    o.seed = seed;
    auto scene = sim::render_selfie_scene(o);
    REQUIRE(scene.face_boxes.size() == 1);
    auto check = detector().check_selfie(scene.image);
    if (!check.accepted()) continue;
    ++accepted;
    REQUIRE(check.face);
    CHECK(overlap(*check.face, scene.face_boxes[0]) > 0.4);
  }
  CHECK(accepted >= 9);
}

TEST_CASE("nobody in view: no_face") {
  sim::SelfieSceneOptions o;
  o.faces = 0;
  auto g = guidance(o, 5, 100);
  CHECK(count(g, SelfieGuidance::no_face) == 5);
}

TEST_CASE("two people in view: several_faces") {
  sim::SelfieSceneOptions o;
  o.faces = 2;
  auto g = guidance(o, 5, 200);
  CHECK(count(g, SelfieGuidance::several_faces) >= 4);
  CHECK(count(g, SelfieGuidance::ok) == 0);
}

TEST_CASE("a face far away: move_closer") {
  sim::SelfieSceneOptions o;
  o.face_scale = 0.14;
  auto g = guidance(o, 6, 300);
  CHECK(count(g, SelfieGuidance::move_closer) >= 4);
  CHECK(count(g, SelfieGuidance::ok) == 0);
}

TEST_CASE("a dark room: too_dark") {
  sim::SelfieSceneOptions o;
  o.light = 0.25;
  auto g = guidance(o, 5, 400);
  CHECK(count(g, SelfieGuidance::too_dark) == 5);
}

TEST_CASE("a blurred face: hold_still") {
  sim::SelfieSceneOptions o;
  o.blur_sigma = 10;
  auto g = guidance(o, 5, 500);
  CHECK(count(g, SelfieGuidance::hold_still) >= 4);
  CHECK(count(g, SelfieGuidance::ok) == 0);
}

TEST_CASE("detect returns boxes in the caller's coordinates, largest first") {
  sim::SelfieSceneOptions o;
  o.seed = 7;
  o.faces = 2;
  auto scene = sim::render_selfie_scene(o);
  auto faces = detector().detect(scene.image);
  REQUIRE(faces.size() == 2);
  CHECK(faces[0].area() >= faces[1].area());
  for (const auto& f : faces) {
    double best = 0;
    for (const auto& truth : scene.face_boxes) best = std::max(best, overlap(f, truth));
    CHECK(best > 0.4);
  }
  cv::Mat gray;
  cv::cvtColor(scene.image, gray, cv::COLOR_BGR2GRAY);
  CHECK(detector().detect(gray).size() == 2);
}
