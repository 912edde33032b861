// find_document_face on synthetic ID cards and passport pages (sim/camera/synthetic_id), warped
// flat with their true corners as the document locator would. Fixed seeds: the rates below are
// fixed facts of the renderer and the stock cascade.
#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>

#include "devices/face/face_detector.hpp"
#include "sim/camera/synthetic_id.hpp"

using namespace kiosk;
using devices::face::FaceDetector;

namespace {

const FaceDetector& detector() {
  static const FaceDetector d = [] {
    auto made = FaceDetector::create();
    REQUIRE_MESSAGE(made.has_value(), made.error());
    return *made;
  }();
  return d;
}

constexpr double kPxPerMm = 8;  // the flat document's resolution

struct Flat {
  cv::Mat image;
  cv::Rect photo;  // the portrait photo on it
};

Flat flatten(const sim::SyntheticIdFrame& scene) {
  bool card = *scene.look.kind == sim::IdDocumentKind::KazakhIdCard;
  cv::Size2d mm = card ? cv::Size2d(85.6, 53.98) : cv::Size2d(125, 88);
  cv::Rect2d photo_mm = card ? cv::Rect2d(4, 10, 21, 26) : cv::Rect2d(6, 14, 32, 40);
  cv::Size size(static_cast<int>(mm.width * kPxPerMm), static_cast<int>(mm.height * kPxPerMm));
  std::array<cv::Point2f, 4> flat = {
      cv::Point2f(0, 0), cv::Point2f(static_cast<float>(size.width), 0),
      cv::Point2f(static_cast<float>(size.width), static_cast<float>(size.height)),
      cv::Point2f(0, static_cast<float>(size.height))};
  cv::Mat h = cv::getPerspectiveTransform(scene.document_corners.data(), flat.data());
  Flat out;
  cv::warpPerspective(scene.image, out.image, h, size, cv::INTER_LINEAR);
  out.photo = cv::Rect(
      static_cast<int>(photo_mm.x * kPxPerMm), static_cast<int>(photo_mm.y * kPxPerMm),
      static_cast<int>(photo_mm.width * kPxPerMm), static_cast<int>(photo_mm.height * kPxPerMm));
  return out;
}

bool inside(const cv::Rect& face, const cv::Rect& photo) {
  cv::Point c(face.x + face.width / 2, face.y + face.height / 2);
  return photo.contains(c);
}

}  // namespace

TEST_CASE("the portrait is found on ID cards and passport pages") {
  int found[2] = {0, 0}, total[2] = {0, 0}, elsewhere = 0;
  for (std::uint32_t seed = 1; seed <= 100; ++seed) {
    sim::SyntheticIdOptions o;
    o.seed = seed;
    auto scene = sim::render_id_scene(o);
    int k = *scene.look.kind == sim::IdDocumentKind::KazakhIdCard ? 0 : 1;
    ++total[k];
    auto flat = flatten(scene);
    auto face = detector().find_document_face(flat.image);
    if (!face) continue;
    if (inside(*face, flat.photo))
      ++found[k];
    else
      ++elsewhere;
  }
  INFO("cards " << found[0] << "/" << total[0] << ", passports " << found[1] << "/" << total[1]);
  CHECK(found[0] + found[1] >= 90);
  CHECK(found[0] * 10 >= total[0] * 8);
  CHECK(found[1] * 10 >= total[1] * 8);
  CHECK(elsewhere == 0);
}

TEST_CASE("a card with a blank photo area has no face") {
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    sim::SyntheticIdOptions o;
    o.seed = seed;
    o.kind = seed % 2 ? sim::IdDocumentKind::KazakhIdCard : sim::IdDocumentKind::Passport;
    auto flat = flatten(sim::render_id_scene(o));
    cv::Scalar paper = cv::mean(flat.image(cv::Rect(flat.image.cols - 40, 80, 20, 20)));
    flat.image(flat.photo).setTo(paper);
    CHECK_FALSE(detector().find_document_face(flat.image).has_value());
  }
}

TEST_CASE("an empty image has no face") {
  CHECK_FALSE(detector().find_document_face(cv::Mat()).has_value());
  CHECK(detector().detect(cv::Mat()).empty());
}
