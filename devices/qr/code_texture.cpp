#include "devices/qr/code_texture.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace kiosk::devices {

TexturePatch find_code_texture(const cv::Mat& gray, const TextureOptions& o) {
  TexturePatch patch;
  if (gray.empty() || gray.type() != CV_8UC1 || o.cell <= 0) return patch;
  cv::Size cells(gray.cols / o.cell, gray.rows / o.cell);
  if (cells.area() == 0) return patch;
  // Per cell: the mean of gx*gx, gy*gy and gx*gy (Sobel, scaled to grey levels per pixel),
  // summed row by row without full-size temporaries (they cost more than the arithmetic).
  std::vector<float> xx(static_cast<std::size_t>(cells.area())), yy(xx.size()), xy(xx.size());
  for (int y = 1; y < cells.height * o.cell && y + 1 < gray.rows; ++y) {
    const uchar* up = gray.ptr<uchar>(y - 1);
    const uchar* mid = gray.ptr<uchar>(y);
    const uchar* down = gray.ptr<uchar>(y + 1);
    std::size_t row = static_cast<std::size_t>(y / o.cell) * static_cast<std::size_t>(cells.width);
    for (int x = 1; x < cells.width * o.cell && x + 1 < gray.cols; ++x) {
      int gx =
          (up[x + 1] + 2 * mid[x + 1] + down[x + 1]) - (up[x - 1] + 2 * mid[x - 1] + down[x - 1]);
      int gy = (down[x - 1] + 2 * down[x] + down[x + 1]) - (up[x - 1] + 2 * up[x] + up[x + 1]);
      std::size_t i = row + static_cast<std::size_t>(x / o.cell);
      xx[i] += static_cast<float>(gx * gx);
      yy[i] += static_cast<float>(gy * gy);
      xy[i] += static_cast<float>(gx * gy);
    }
  }
  // Sobel's gain is 4 per axis (16 squared) over cell*cell pixels.
  const float norm = 1.0f / (16.0f * static_cast<float>(o.cell * o.cell));
  cv::Mat textured = cv::Mat::zeros(cells, CV_8UC1);
  for (int y = 0; y < cells.height; ++y) {
    for (int x = 0; x < cells.width; ++x) {
      std::size_t i = static_cast<std::size_t>(y * cells.width + x);
      float a = xx[i] * norm, b = yy[i] * norm, c = xy[i] * norm;
      float energy = a + b;
      if (energy < o.min_energy) continue;
      float coherence = std::sqrt((a - b) * (a - b) + 4 * c * c) / energy;
      if (coherence <= o.max_coherence) textured.at<uchar>(y, x) = 255;
    }
  }
  cv::Mat labels, stats, centroids;
  int n = cv::connectedComponentsWithStats(textured, labels, stats, centroids, 8, CV_32S);
  int best = 0;
  for (int i = 1; i < n; ++i) {
    if (best == 0 || stats.at<int>(i, cv::CC_STAT_AREA) > stats.at<int>(best, cv::CC_STAT_AREA))
      best = i;
  }
  if (best == 0 || stats.at<int>(best, cv::CC_STAT_AREA) < o.min_cells) return patch;
  patch.cells = stats.at<int>(best, cv::CC_STAT_AREA);
  patch.box = cv::Rect(stats.at<int>(best, cv::CC_STAT_LEFT) * o.cell,
                       stats.at<int>(best, cv::CC_STAT_TOP) * o.cell,
                       stats.at<int>(best, cv::CC_STAT_WIDTH) * o.cell,
                       stats.at<int>(best, cv::CC_STAT_HEIGHT) * o.cell);
  return patch;
}

}  // namespace kiosk::devices
