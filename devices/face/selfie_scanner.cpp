#include "devices/face/selfie_scanner.hpp"

#include <opencv2/imgcodecs.hpp>

#include "devices/qr/preview_jpeg.hpp"

namespace kiosk::devices::face {

SelfieScanner::SelfieScanner(FrameSource& source, const FaceDetector& detector,
                             ResultCallback on_result, SelfieScannerOptions options)
    : source_(source), detector_(detector), on_result_(std::move(on_result)), options_(options) {}

SelfieScanner::~SelfieScanner() { stop(); }

void SelfieScanner::start() {
  if (running_) return;
  if (thread_.joinable()) thread_.join();
  running_ = true;
  thread_ = std::thread([this] { loop(); });
}

void SelfieScanner::stop() {
  running_ = false;
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void SelfieScanner::reset() { reset_requested_ = true; }

void SelfieScanner::loop() {
  while (running_) {
    if (reset_requested_.exchange(false)) {
      last_guidance_.reset();
      streak_ = 0;
      reported_streak_ = false;
      taken_ = false;
    }
    std::optional<cv::Mat> frame = source_.next_frame();
    if (!frame || frame->empty()) {
      std::this_thread::sleep_for(options_.idle_wait);
      continue;
    }
    preview(*frame);
    if (!taken_) judge(*frame);
  }
}

void SelfieScanner::judge(const cv::Mat& frame) {
  SelfieCheck check = detector_.check_selfie(frame);
  if (check.guidance != last_guidance_) {
    last_guidance_ = check.guidance;
    streak_ = 0;
    reported_streak_ = false;
    if (on_guidance_) on_guidance_(check.guidance);
  }
  ++streak_;
  if (check.accepted()) {
    if (streak_ < options_.frames_needed) return;
    SelfieResult r{true, SelfieGuidance::ok, {}};
    if (!cv::imencode(".jpg", frame, r.jpeg, {cv::IMWRITE_JPEG_QUALITY, options_.jpeg_quality}))
      return;
    taken_ = true;
    on_result_(std::move(r));
    return;
  }
  if (streak_ >= options_.refuse_after && !reported_streak_) {
    reported_streak_ = true;
    on_result_(SelfieResult{false, check.guidance, {}});
  }
}

void SelfieScanner::preview(const cv::Mat& frame) {
  if (!on_preview_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_preview_ < options_.preview_every) return;
  last_preview_ = now;
  if (auto jpeg = preview_jpeg(frame, options_.preview_width, options_.preview_quality))
    on_preview_(std::move(*jpeg));
}

}  // namespace kiosk::devices::face
