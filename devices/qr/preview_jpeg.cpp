#include "devices/qr/preview_jpeg.hpp"

#include <algorithm>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace kiosk::devices {

std::optional<std::vector<unsigned char>> preview_jpeg(const cv::Mat& frame, int width,
                                                       int quality) {
  if (frame.empty()) return std::nullopt;
  cv::Mat small;
  double f = std::min(1.0, static_cast<double>(width) / frame.cols);
  cv::resize(frame, small, cv::Size(), f, f, cv::INTER_AREA);
  std::vector<unsigned char> jpeg;
  if (!cv::imencode(".jpg", small, jpeg, {cv::IMWRITE_JPEG_QUALITY, quality})) return std::nullopt;
  return jpeg;
}

}  // namespace kiosk::devices
