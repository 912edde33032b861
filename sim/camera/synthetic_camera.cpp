#include "sim/camera/synthetic_camera.hpp"

#include <thread>

namespace kiosk::sim {

SyntheticCamera::SyntheticCamera(SyntheticCameraOptions options) : options_(options) {
  SyntheticQrOptions blank;
  blank.seed = options_.seed;
  blank.frame_size = options_.frame_size;
  blank_ = render_blank_frame(blank);
}

void SyntheticCamera::present(std::string payload, std::optional<SyntheticQrOptions> look,
                              std::optional<int> frames) {
  std::lock_guard lock(mutex_);
  payload_ = std::move(payload);
  look_ = look.value_or(SyntheticQrOptions{});
  look_.frame_size = options_.frame_size;
  if (!look) look_.seed = options_.seed + static_cast<std::uint32_t>(++presents_) * 7919u;
  frames_left_ = frames.value_or(options_.frames_per_present);
  cached_code_ = cv::Mat();
  scene_ = cv::Mat();
}

void SyntheticCamera::present_scene(cv::Mat frame, std::optional<int> frames) {
  std::lock_guard lock(mutex_);
  scene_ = std::move(frame);
  frames_left_ = frames.value_or(options_.frames_per_present);
}

void SyntheticCamera::clear() {
  std::lock_guard lock(mutex_);
  frames_left_ = 0;
  cached_code_ = cv::Mat();
  scene_ = cv::Mat();
}

cv::Mat SyntheticCamera::render_locked() {
  if (frames_left_ <= 0) return blank_.clone();
  --frames_left_;
  if (!scene_.empty()) return scene_.clone();
  if (!options_.vary_per_frame) {
    if (cached_code_.empty()) cached_code_ = render_qr_frame(payload_, look_);
    return cached_code_.clone();
  }
  SyntheticQrOptions look = look_;
  look.seed = look_.seed + static_cast<std::uint32_t>(served_);
  return render_qr_frame(payload_, look);
}

std::optional<cv::Mat> SyntheticCamera::next_frame() {
  if (options_.fps > 0) {
    auto period = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(1.0 / options_.fps));
    auto now = std::chrono::steady_clock::now();
    if (next_due_ > now) std::this_thread::sleep_until(next_due_);
    next_due_ = std::max(next_due_, now) + period;
  }
  std::lock_guard lock(mutex_);
  cv::Mat frame = render_locked();
  ++served_;
  if (frame.empty()) return std::nullopt;
  return frame;
}

std::uint64_t SyntheticCamera::frames_served() const {
  std::lock_guard lock(mutex_);
  return served_;
}

bool SyntheticCamera::showing_code() const {
  std::lock_guard lock(mutex_);
  return frames_left_ > 0;
}

}  // namespace kiosk::sim
