// find_document_face on synthetic ID cards and passport pages (sim/camera/synthetic_id), warped
// flat with their true corners as the document locator would. Fixed seeds: the rates below are
// fixed facts of the renderer and the stock cascade.
#include <doctest/doctest.h>

#include <array>
#include <opencv2/imgproc.hpp>

#include "devices/face/face_detector.hpp"
#include "face_test_support.hpp"
#include "sim/camera/synthetic_id.hpp"

using namespace kiosk;
using devices::face::FaceDetector;

namespace {

const FaceDetector& detector() { return test::face_detector(); }

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

cv::Rect photo_on(sim::IdDocumentKind kind, double px_per_mm) {
  cv::Rect2d mm = kind == sim::IdDocumentKind::KazakhIdCard ? cv::Rect2d(4, 10, 21, 26)
                                                            : cv::Rect2d(6, 14, 32, 40);
  return cv::Rect(static_cast<int>(mm.x * px_per_mm), static_cast<int>(mm.y * px_per_mm),
                  static_cast<int>(mm.width * px_per_mm), static_cast<int>(mm.height * px_per_mm));
}

TEST_CASE("the portrait is found on 100 flat ID cards and passport pages") {
  int found[2] = {0, 0}, total[2] = {0, 0}, elsewhere = 0;
  for (std::uint32_t seed = 1; seed <= 100; ++seed) {
    auto kind = seed % 3 == 0 ? sim::IdDocumentKind::Passport : sim::IdDocumentKind::KazakhIdCard;
    int k = seed % 3 == 0 ? 1 : 0;
    ++total[k];
    cv::Mat doc = sim::render_id_document(sim::sample_identity(seed, kind), kind, seed, kPxPerMm);
    auto face = detector().find_document_face(doc);
    if (!face) continue;
    if (inside(*face, photo_on(kind, kPxPerMm)))
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

TEST_CASE("the portrait is found on documents seen by the camera and warped flat") {
  int found = 0, elsewhere = 0;
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    sim::SyntheticIdOptions o;
    o.seed = seed;
    o.hard = seed % 4 == 0;
    auto flat = flatten(sim::render_id_scene(o));
    auto face = detector().find_document_face(flat.image);
    if (!face) continue;
    if (inside(*face, flat.photo))
      ++found;
    else
      ++elsewhere;
  }
  CHECK(found >= 10);
  CHECK(elsewhere == 0);
}

TEST_CASE("documents with a blank photo area have no face") {
  int false_faces = 0;
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    auto kind = seed % 2 ? sim::IdDocumentKind::KazakhIdCard : sim::IdDocumentKind::Passport;
    cv::Mat doc = sim::render_id_document(sim::sample_identity(seed, kind), kind, seed, kPxPerMm);
    cv::Rect photo = photo_on(kind, kPxPerMm);
    doc(photo).setTo(doc.at<cv::Vec3b>(photo.y - 2, photo.x - 2));
    false_faces += detector().find_document_face(doc).has_value();
  }
  CHECK(false_faces == 0);
  cv::Mat blank(540, 856, CV_8UC3, cv::Scalar(215, 225, 230));
  CHECK_FALSE(detector().find_document_face(blank).has_value());
}

TEST_CASE("an empty image has no face") {
  CHECK_FALSE(detector().find_document_face(cv::Mat()).has_value());
  CHECK(detector().detect(cv::Mat()).empty());
}
