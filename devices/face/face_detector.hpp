// FaceDetector: OpenCV's Haar cascade (Debian's opencv-data) for the selfie step and for the
// portrait on an identity document. Frames are scaled down to `work_width` and equalised before
// the cascade runs; boxes come back in the caller's coordinates.
// One detector may be shared by threads: calls are serialised (the cascade keeps scratch state).
#pragma once

#include <expected>
#include <memory>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "devices/face/selfie_guidance.hpp"

namespace kiosk::devices::face {

inline constexpr const char* kDefaultCascade =
    "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

struct FaceOptions {
  int work_width = 640;             // wider frames are scaled down to this first
  double min_face_fraction = 0.08;  // smallest face side / the frame's shorter side
  double max_face_fraction = 1.0;   // largest
  double scale_step = 1.1;          // the cascade's pyramid step
  int min_neighbors = 4;            // overlapping hits a face needs
};

struct SelfieCheck {
  int faces = 0;
  std::optional<cv::Rect> face;  // the largest face found, in frame coordinates
  SelfieGuidance guidance = SelfieGuidance::no_face;
  SelfieMeasures measures;
  bool accepted() const { return guidance == SelfieGuidance::ok; }
};

// Sharpness of a face crop: the steepest edges (97th percentile of the gradient magnitude, per
// pixel) over the crop's contrast (5th-95th percentile of grey), on the crop scaled to 96 px
// high and lightly smoothed: independent of distance, light and sensor noise, about 0.15-0.3
// on a sharp synthetic face and falling as blur grows.
double focus_measure(const cv::Mat& gray_face);

class FaceDetector {
 public:
  // An error value when the cascade file is missing or unreadable.
  static std::expected<FaceDetector, std::string> create(
      std::string cascade_path = kDefaultCascade);

  // Faces in a BGR or grey 8-bit frame, largest first.
  std::vector<cv::Rect> detect(const cv::Mat& bgr_or_gray, FaceOptions options = {}) const;

  // Judges a selfie frame: accepted only with exactly one face of sufficient size, light and
  // focus; otherwise the guidance says what to fix.
  SelfieCheck check_selfie(const cv::Mat& frame) const;
  SelfieCheck check_selfie(const cv::Mat& frame, const SelfieThresholds& thresholds) const;

  // The portrait on a perspective-corrected ID card or passport page (BGR or grey, document
  // filling the image): the strongest face of 7-35 % of the document's width, or nullopt.
  std::optional<cv::Rect> find_document_face(const cv::Mat& document) const;

  const std::string& cascade_path() const { return path_; }

 private:
  struct Cascade;
  explicit FaceDetector(std::shared_ptr<Cascade> cascade, std::string path);
  std::vector<cv::Rect> run(const cv::Mat& gray, cv::Size min_size, cv::Size max_size,
                            double scale_step, int min_neighbors,
                            std::vector<int>* strengths) const;

  std::shared_ptr<Cascade> cascade_;
  std::string path_;
};

}  // namespace kiosk::devices::face
