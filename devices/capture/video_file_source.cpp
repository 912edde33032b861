#include "devices/capture/video_file_source.hpp"

#include <filesystem>

namespace kiosk::devices {

std::expected<std::unique_ptr<VideoFileSource>, std::string> VideoFileSource::open(
    const VideoFileSourceOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.path, ec))
    return std::unexpected("video " + options.path + ": no such file");
  // cv::VideoCapture cannot be moved (a copy shares the stream and closes it when destroyed):
  // open it in place.
  std::unique_ptr<VideoFileSource> s(new VideoFileSource(options));
  if (!s->capture_.open(options.path, cv::CAP_ANY) || !s->capture_.isOpened())
    return std::unexpected("video " + options.path + ": cannot be read (unknown format or codec)");
  double fps = s->capture_.get(cv::CAP_PROP_FPS);
  if (!(fps > 0 && fps < 1000)) fps = options.fallback_fps;
  s->pacer_ = FramePacer(options.pace ? fps : 0);
  return s;
}

std::optional<cv::Mat> VideoFileSource::next_frame() {
  if (finished_) return std::nullopt;
  pacer_.wait();
  cv::Mat frame;
  if (!capture_.read(frame) || frame.empty()) {
    bool again = options_.loop && frames_read_ > 0 && capture_.set(cv::CAP_PROP_POS_FRAMES, 0) &&
                 capture_.read(frame) && !frame.empty();
    if (!again) {
      finished_ = true;
      return std::nullopt;
    }
  }
  ++frames_read_;
  return frame;
}

}  // namespace kiosk::devices
