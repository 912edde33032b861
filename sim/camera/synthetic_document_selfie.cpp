#include "sim/camera/synthetic_document_selfie.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <opencv2/imgproc.hpp>
#include <random>
#include <vector>

#include "sim/camera/scene_rng.hpp"
#include "sim/camera/sensor_noise.hpp"
#include "sim/camera/synthetic_face.hpp"

namespace kiosk::sim {
namespace {

using Rng = SceneRng;

struct HeldDocument {
  cv::Size2d mm;
  cv::Rect2d photo_mm;
};

HeldDocument held_document_of(IdDocumentKind kind) {
  return kind == IdDocumentKind::KazakhIdCard ? HeldDocument{{85.6, 53.98}, {4, 10, 21, 26}}
                                              : HeldDocument{{125.0, 88.0}, {6, 14, 32, 40}};
}

// Fingers holding the document at its side and bottom edges: skin capsules from outside,
// reaching a little over the edge.
void draw_fingers(cv::Mat& frame, const std::array<cv::Point2f, 4>& c, double width, Rng& rng) {
  cv::Point2f centre = (c[0] + c[1] + c[2] + c[3]) * 0.25f;
  cv::Scalar skin(rng.uniform(95, 140), rng.uniform(125, 165), rng.uniform(170, 215));
  for (int i = 0, n = rng.integer(2, 4); i < n; ++i) {
    std::size_t edge = i < 2 ? (i == 0 ? 1u : 3u) : 2u;  // right, left, then the bottom
    cv::Point2f a = c[edge], b = c[(edge + 1) % 4];
    cv::Point2f along = a + (b - a) * static_cast<float>(rng.uniform(0.25, 0.75));
    cv::Point2f inward = centre - along;
    inward *= static_cast<float>(1.0 / std::max(cv::norm(inward), 1e-3));
    double thick = width * rng.uniform(0.06, 0.09);
    cv::Point2f tip = along + inward * static_cast<float>(width * rng.uniform(0.02, 0.07));
    cv::Point2f base = along - inward * static_cast<float>(width * 0.35);
    cv::line(frame, base, tip, skin, static_cast<int>(thick), cv::LINE_AA);
    cv::circle(frame, tip, static_cast<int>(thick / 2), skin, cv::FILLED, cv::LINE_AA);
    cv::circle(frame, tip - inward * static_cast<float>(thick * 0.15),
               static_cast<int>(thick * 0.28), skin + cv::Scalar(25, 25, 20), cv::FILLED,
               cv::LINE_AA);
  }
}

}  // namespace

DocumentSelfieScene render_document_selfie(const DocumentSelfieOptions& options) {
  DocumentSelfieScene out;
  Rng rng(options.seed * 2891336453u + 0xd0cu);
  // Draw every value even when it is set, so one override does not shift the others.
  auto kind = rng.chance(2.0 / 3) ? IdDocumentKind::KazakhIdCard : IdDocumentKind::Passport;
  double height = rng.uniform(0.45, 0.95), rotation = rng.uniform(-25, 25),
         perspective = rng.uniform(0, 0.05), light = rng.uniform(0.85, 1.1),
         blur = rng.uniform(0, 0.8), noise = rng.uniform(1, 3);
  double jitter_x = rng.uniform(-0.1, 0.1), jitter_y = rng.uniform(-0.1, 0.1);
  bool left = rng.chance(0.5);
  out.look = options;
  out.look.kind = options.kind.value_or(kind);
  out.look.document_height = std::clamp(options.document_height.value_or(height), 0.1, 1.0);
  out.look.rotation_deg = options.rotation_deg.value_or(rotation);
  out.look.perspective = std::clamp(options.perspective.value_or(perspective), 0.0, 0.15);
  out.look.light = std::clamp(options.light.value_or(light), 0.02, 2.0);
  out.look.blur_sigma = std::max(options.blur_sigma.value_or(blur), 0.0);
  out.look.noise_sigma = std::max(options.noise_sigma.value_or(noise), 0.0);
  const cv::Size size = options.frame_size;
  const HeldDocument spec = held_document_of(*out.look.kind);

  // The customer in the room, unlit and sharp: light, blur and noise come last, over the document.
  SelfieSceneOptions person;
  person.seed = options.seed;
  person.frame_size = size;
  person.light = 1;
  person.blur_sigma = 0;
  person.noise_sigma = 0;
  SelfieScene room = render_selfie_scene(person);
  cv::Mat frame = room.image;
  cv::Rect face = room.face_boxes.empty() ? cv::Rect(size.width / 2, size.height / 2, 1, 1)
                                          : room.face_boxes.front();

  // The document's size, limited so that it fits in the frame, and where it is held.
  double aspect = spec.mm.width / spec.mm.height;
  double theta = *out.look.rotation_deg * std::numbers::pi / 180;
  double h = *out.look.document_height * size.height;
  if (options.beside_face) h = std::min(h, 0.6 * size.height);
  auto extent = [&](double hh) {
    double w = hh * aspect, j = 2 * *out.look.perspective * w;
    return cv::Point2d(w * std::abs(std::cos(theta)) + hh * std::abs(std::sin(theta)) + j,
                       w * std::abs(std::sin(theta)) + hh * std::abs(std::cos(theta)) + j);
  };
  const double margin = 6;
  for (int i = 0; i < 60; ++i) {
    auto e = extent(h);
    if (e.x <= size.width - 2 * margin && e.y <= size.height - 2 * margin) break;
    h *= 0.97;
  }
  const double w = h * aspect;
  const auto e = extent(h);
  cv::Point2d centre(face.x + face.width / 2.0 + jitter_x * h,
                     face.y + face.height / 2.0 + jitter_y * h);
  if (options.beside_face) {
    double side = face.width / 2.0 + e.x / 2 + 0.05 * size.width;
    centre = {face.x + face.width / 2.0 + (left ? -side : side), face.y + face.height / 2.0};
  }
  centre.x = std::clamp(centre.x, e.x / 2 + margin, size.width - e.x / 2 - margin);
  centre.y = std::clamp(centre.y, e.y / 2 + margin, size.height - e.y / 2 - margin);

  // The flat document at about 1.5 canvas pixels per frame pixel, warped in.
  double px_per_mm = std::clamp(1.5 * w / spec.mm.width, 4.0, 16.0);
  cv::Mat doc = render_id_document(sample_identity(options.seed, *out.look.kind), *out.look.kind,
                                   options.seed, px_per_mm);
  const std::array<cv::Point2f, 4> src = {
      cv::Point2f(0, 0), cv::Point2f(static_cast<float>(doc.cols), 0),
      cv::Point2f(static_cast<float>(doc.cols), static_cast<float>(doc.rows)),
      cv::Point2f(0, static_cast<float>(doc.rows))};
  const std::array<cv::Point2d, 4> local = {cv::Point2d(-w / 2, -h / 2), cv::Point2d(w / 2, -h / 2),
                                            cv::Point2d(w / 2, h / 2), cv::Point2d(-w / 2, h / 2)};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& p = local[i];
    double j = *out.look.perspective * w;
    out.document_corners[i] =
        cv::Point2f(static_cast<float>(centre.x + p.x * std::cos(theta) - p.y * std::sin(theta) +
                                       rng.uniform(-j, j)),
                    static_cast<float>(centre.y + p.x * std::sin(theta) + p.y * std::cos(theta) +
                                       rng.uniform(-j, j)));
  }
  cv::Mat hom = cv::getPerspectiveTransform(src.data(), out.document_corners.data());
  cv::Mat warped, mask;
  cv::warpPerspective(doc, warped, hom, size, cv::INTER_AREA, cv::BORDER_CONSTANT);
  cv::warpPerspective(cv::Mat(doc.size(), CV_8U, cv::Scalar(255)), mask, hom, size,
                      cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  warped.copyTo(frame, mask > 127);
  {
    const cv::Rect2d& p = spec.photo_mm;
    std::vector<cv::Point2f> pts, mapped;
    for (auto q : {p.tl(), cv::Point2d(p.br().x, p.y), p.br(), cv::Point2d(p.x, p.br().y)})
      pts.emplace_back(static_cast<float>(q.x * px_per_mm), static_cast<float>(q.y * px_per_mm));
    cv::perspectiveTransform(pts, mapped, hom);
    out.portrait_box = cv::boundingRect(mapped) & cv::Rect(0, 0, size.width, size.height);
  }
  if (options.beside_face) out.own_face = face;
  draw_fingers(frame, out.document_corners, w, rng);

  expose_selfie_frame(frame, *out.look.light, *out.look.blur_sigma, *out.look.noise_sigma,
                      options.seed * 2246822519u + 17);
  out.image = frame;
  return out;
}

}  // namespace kiosk::sim
