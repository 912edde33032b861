// A V4L2 camera through OpenCV's cv::VideoCapture (V4L2 backend). The device is a path
// ("/dev/video0") or an index ("0"); the requested size and frame rate are asked of the driver,
// which may pick the nearest mode it has (size() and fps() tell what it gave).
#pragma once

#include <expected>
#include <memory>
#include <opencv2/videoio.hpp>
#include <string>

#include "devices/qr/frame_source.hpp"

namespace kiosk::devices {

struct V4l2SourceOptions {
  std::string device = "/dev/video0";
  int width = 1280, height = 720;
  int fps = 30;
};

class V4l2Source : public FrameSource {
 public:
  // Errors name the device and say why: no such device, not a character device, cannot be opened
  // (busy, no permission, not a capture device), or it gives no frame at all.
  static std::expected<std::unique_ptr<V4l2Source>, std::string> open(
      const V4l2SourceOptions& options);

  // Blocks until the driver has a frame (about one frame period); nullopt on a read error.
  std::optional<cv::Mat> next_frame() override;

  cv::Size size() const { return size_; }
  double fps() const { return fps_; }
  int read_errors_in_a_row() const { return errors_in_a_row_; }

 private:
  V4l2Source() = default;
  cv::VideoCapture capture_;
  cv::Size size_;
  double fps_ = 0;
  int errors_in_a_row_ = 0;
};

}  // namespace kiosk::devices
