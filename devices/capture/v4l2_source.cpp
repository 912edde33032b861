#include "devices/capture/v4l2_source.hpp"

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace kiosk::devices {
namespace {

bool is_index(const std::string& s) {
  if (s.empty() || s.size() > 3) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

std::expected<std::unique_ptr<V4l2Source>, std::string> V4l2Source::open(
    const V4l2SourceOptions& options) {
  const std::string& dev = options.device;
  std::string name = "camera " + (dev.empty() ? std::string("(no device)") : dev);
  if (dev.empty()) return std::unexpected(name + ": no device given (a path or an index)");
  std::unique_ptr<V4l2Source> s(new V4l2Source());
  bool opened = false;
  if (is_index(dev)) {
    opened = s->capture_.open(std::stoi(dev), cv::CAP_V4L2);
  } else {
    struct stat st {};
    if (::stat(dev.c_str(), &st) != 0)
      return std::unexpected(name + ": " + std::strerror(errno) +
                             (errno == ENOENT ? " (is the camera plugged in?)" : ""));
    if (!S_ISCHR(st.st_mode))
      return std::unexpected(name + ": not a character device (a V4L2 camera is /dev/videoN)");
    opened = s->capture_.open(dev, cv::CAP_V4L2);
  }
  if (!opened || !s->capture_.isOpened())
    return std::unexpected(name +
                           ": cannot be opened as a V4L2 capture device (busy, no permission, "
                           "or not a camera)");
  // MJPG first: most USB cameras give 1280x720 at 30 fps only compressed.
  s->capture_.set(cv::CAP_PROP_FOURCC, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'));
  s->capture_.set(cv::CAP_PROP_FRAME_WIDTH, options.width);
  s->capture_.set(cv::CAP_PROP_FRAME_HEIGHT, options.height);
  s->capture_.set(cv::CAP_PROP_FPS, options.fps);
  s->capture_.set(cv::CAP_PROP_BUFFERSIZE, 1);  // the newest frame, not a queue of old ones
  s->size_ = cv::Size(static_cast<int>(s->capture_.get(cv::CAP_PROP_FRAME_WIDTH)),
                      static_cast<int>(s->capture_.get(cv::CAP_PROP_FRAME_HEIGHT)));
  s->fps_ = s->capture_.get(cv::CAP_PROP_FPS);
  cv::Mat first;
  if (!s->capture_.read(first) || first.empty())
    return std::unexpected(name + ": opened but gives no frame");
  return s;
}

std::optional<cv::Mat> V4l2Source::next_frame() {
  cv::Mat frame;
  if (!capture_.read(frame) || frame.empty()) {
    ++errors_in_a_row_;
    return std::nullopt;
  }
  errors_in_a_row_ = 0;
  return frame;
}

}  // namespace kiosk::devices
