// Where camera frames come from: a real camera (cv::VideoCapture in the runtime), the synthetic
// camera in sim/camera, or a test's list of images.
#pragma once

#include <opencv2/core.hpp>
#include <optional>

namespace kiosk::devices {

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  // The next frame, blocking at most about one frame period; nullopt when no frame is available
  // right now (the caller waits a little and asks again). Called from one thread at a time.
  virtual std::optional<cv::Mat> next_frame() = 0;
};

}  // namespace kiosk::devices
