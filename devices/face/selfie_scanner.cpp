#include "devices/face/selfie_scanner.hpp"

#include <opencv2/imgcodecs.hpp>

namespace kiosk::devices::face {

SelfieScanner::SelfieScanner(FrameSource& source, const FaceDetector& detector,
                             ResultCallback on_result, SelfieScannerOptions options)
    : detector_(detector),
      on_result_(std::move(on_result)),
      options_(options),
      loop_(source, "selfie", [this](const cv::Mat& frame) { judge(frame); },
            {options.idle_wait, options.preview_every, options.preview_width,
             options.preview_quality}) {}

void SelfieScanner::reset() { reset_requested_ = true; }

void SelfieScanner::judge(const cv::Mat& frame) {
  if (reset_requested_.exchange(false)) {
    last_guidance_.reset();
    streak_ = 0;
    reported_streak_ = false;
    taken_ = false;
  }
  if (taken_) return;  // this attempt is done until reset()
  SelfieCheck check = detector_.check_selfie(frame);
  if (check.guidance != last_guidance_) {
    last_guidance_ = check.guidance;
    streak_ = 0;
    reported_streak_ = false;
    guarded_call("selfie_guidance_callback_threw", on_guidance_, check.guidance);
  }
  ++streak_;
  if (check.accepted()) {
    if (streak_ < options_.frames_needed) return;
    SelfieResult r{true, SelfieGuidance::ok, {}};
    if (!cv::imencode(".jpg", frame, r.jpeg, {cv::IMWRITE_JPEG_QUALITY, options_.jpeg_quality}))
      return;
    taken_ = true;
    guarded_call("selfie_result_callback_threw", on_result_, std::move(r));
    return;
  }
  if (streak_ >= options_.refuse_after && !reported_streak_) {
    reported_streak_ = true;
    guarded_call("selfie_result_callback_threw", on_result_,
                 SelfieResult{false, check.guidance, {}});
  }
}

}  // namespace kiosk::devices::face
