#include "kiosk/shell/qr_svg.hpp"

#include "devices/qr/qr_codec.hpp"

namespace kiosk::app {

std::expected<std::string, std::string> qr_svg(const std::string& payload) {
  auto matrix = devices::encode_qr(payload, 25);
  if (!matrix) return std::unexpected(matrix.error());
  constexpr int kQuiet = 4;
  const cv::Mat& m = *matrix;
  int side = m.cols + 2 * kQuiet;
  std::string path;
  for (int y = 0; y < m.rows; ++y) {
    for (int x = 0; x < m.cols;) {
      if (m.at<unsigned char>(y, x) != 0) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < m.cols && m.at<unsigned char>(y, x + run) == 0) ++run;
      path += "M" + std::to_string(x + kQuiet) + " " + std::to_string(y + kQuiet) + "h" +
              std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  std::string n = std::to_string(side);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + " " + n +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + n + "\" height=\"" + n +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

}  // namespace kiosk::app
