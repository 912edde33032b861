// Frames from a video file (any container/codec OpenCV's FFmpeg backend reads), for replaying a
// recording of a field problem. Paced at the file's frame rate unless `pace` is off.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <opencv2/videoio.hpp>
#include <string>

#include "devices/qr/frame_pacer.hpp"
#include "devices/qr/frame_source.hpp"

namespace kiosk::devices {

struct VideoFileSourceOptions {
  std::string path;
  bool loop = false;  // start again at the end instead of finishing
  bool pace = true;   // real time at the file's frame rate (fallback_fps when it has none)
  int fallback_fps = 30;
};

class VideoFileSource : public FrameSource {
 public:
  // Errors: the file is missing, or no backend can read it.
  static std::expected<std::unique_ptr<VideoFileSource>, std::string> open(
      const VideoFileSourceOptions& options);

  std::optional<cv::Mat> next_frame() override;
  bool finished() const override { return finished_; }
  std::uint64_t frames_read() const { return frames_read_; }

 private:
  explicit VideoFileSource(VideoFileSourceOptions options) : options_(std::move(options)) {}
  VideoFileSourceOptions options_;
  FramePacer pacer_{0};
  cv::VideoCapture capture_;
  bool finished_ = false;
  std::uint64_t frames_read_ = 0;
};

}  // namespace kiosk::devices
