// SyntheticCamera: a FrameSource for the simulator and tests. It shows a blank scene until
// present(payload), then frames with that code for `frames_per_present` frames, then the blank
// scene again. Thread-safe: present()/clear() may be called while another thread reads frames.
// With fps > 0, next_frame() paces itself like a real camera (sleeps to the next frame time);
// with fps == 0 (default) it returns at once, for tests and virtual-time simulation.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "devices/qr/frame_source.hpp"
#include "sim/camera/synthetic_qr.hpp"

namespace kiosk::sim {

struct SyntheticCameraOptions {
  std::uint32_t seed = 1;
  cv::Size frame_size{1280, 720};
  int frames_per_present = 30;
  double fps = 0;               // 0 = no pacing
  bool vary_per_frame = false;  // true: a new seed (pose, noise) every frame, like a hand-held
                                // phone; false: the same rendered frame while a code shows
};

class SyntheticCamera : public devices::FrameSource {
 public:
  explicit SyntheticCamera(SyntheticCameraOptions options = {});

  // Shows `payload` from the next frame on, for `frames` frames (default: frames_per_present).
  // `look` overrides the seeded appearance (its seed is ignored unless vary_per_frame is off).
  void present(std::string payload, std::optional<SyntheticQrOptions> look = {},
               std::optional<int> frames = {});
  // Shows a ready-made frame (an ID document, a face) for `frames` frames.
  void present_scene(cv::Mat frame, std::optional<int> frames = {});
  void clear();  // back to the blank scene now

  std::optional<cv::Mat> next_frame() override;

  std::uint64_t frames_served() const;
  bool showing_code() const;

 private:
  cv::Mat render_locked();

  SyntheticCameraOptions options_;
  mutable std::mutex mutex_;
  std::string payload_;
  SyntheticQrOptions look_;
  int frames_left_ = 0;
  std::uint64_t served_ = 0;
  std::uint64_t presents_ = 0;
  cv::Mat blank_, cached_code_;
  cv::Mat scene_;  // present_scene's frame, shown instead of a code while set
  std::chrono::steady_clock::time_point next_due_{};
};

}  // namespace kiosk::sim
