// Where camera frames come from: a V4L2 camera or a video file (devices/capture, a module loaded
// on demand), an image folder (image_folder_source), the synthetic camera in sim/camera, or a
// test's list of images. open_frame_source.hpp builds one from the config.
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
  // True when no frame will ever come again (a replayed file or folder played to its end).
  virtual bool finished() const { return false; }
};

}  // namespace kiosk::devices
