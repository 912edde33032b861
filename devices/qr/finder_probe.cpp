#include "devices/qr/finder_probe.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace kiosk::devices {
namespace {

// True when five run lengths fit 1:1:3:1:1 within half a module; `module` gets the size.
bool finder_ratio(const std::array<int, 5>& r, float min_module, float& module) {
  int total = r[0] + r[1] + r[2] + r[3] + r[4];
  float m = static_cast<float>(total) / 7.0f;
  if (m < min_module) return false;
  float tol = std::max(m * 0.5f, 1.0f);
  for (int i : {0, 1, 3, 4})
    if (std::abs(static_cast<float>(r[static_cast<std::size_t>(i)]) - m) > tol) return false;
  if (std::abs(static_cast<float>(r[2]) - 3 * m) > std::max(3 * tol, 2.0f)) return false;
  module = m;
  return true;
}

// Walks from (x, y) up and down column x in the binary image and checks the 1:1:3:1:1 runs
// centred on the run holding (x, y). Returns the vertical centre, or -1.
float confirm_vertical(const cv::Mat& bin, int x, int y, float module, float min_module) {
  const int rows = bin.rows;
  auto at = [&](int yy) { return bin.at<uchar>(yy, x); };
  uchar centre = at(y);
  int limit = static_cast<int>(module * 5) + 2;
  auto walk = [&](int dir, std::array<int, 3>& runs) {
    int yy = y, k = 0;
    uchar want = centre;
    while (k < 3) {
      int n = 0;
      while (yy >= 0 && yy < rows && at(yy) == want && n <= limit) {
        ++n;
        yy += dir;
      }
      if (n == 0 || n > limit) return false;
      runs[static_cast<std::size_t>(k++)] = n;
      want = static_cast<uchar>(255 - want);
      if (yy < 0 || yy >= rows) return k == 3;
    }
    return true;
  };
  std::array<int, 3> up{}, down{};
  if (!walk(-1, up) || !walk(1, down)) return -1;
  // up[0] and down[0] both count row y: the centre run is their sum minus one.
  std::array<int, 5> r = {up[2], up[1], up[0] + down[0] - 1, down[1], down[2]};
  float m = 0;
  if (!finder_ratio(r, min_module, m)) return -1;
  if (std::abs(m - module) > std::max(module, m) * 0.6f) return -1;
  return static_cast<float>(y - up[0] + 1) + static_cast<float>(r[2]) / 2.0f;
}

// True when the centre run's mean grey differs from both rings' by at least `min_contrast`:
// a printed or displayed finder pattern, not a ripple of sensor noise around the local mean.
bool contrasty(const uchar* gray_row, const std::vector<int>& starts, const std::vector<int>& runs,
               std::size_t i, int min_contrast) {
  auto mean = [&](std::size_t k) {
    int sum = 0;
    for (int x = starts[k]; x < starts[k] + runs[k]; ++x) sum += gray_row[x];
    return static_cast<float>(sum) / static_cast<float>(runs[k]);
  };
  float centre = mean(i + 2);
  auto limit = static_cast<float>(min_contrast);
  return std::abs(centre - mean(i + 1)) >= limit && std::abs(centre - mean(i + 3)) >= limit;
}

}  // namespace

int FinderProbe::count(bool light_centre) const {
  return static_cast<int>(std::count_if(candidates.begin(), candidates.end(), [&](const auto& c) {
    return c.light_centre == light_centre;
  }));
}

cv::Rect FinderProbe::region(bool light_centre, cv::Size image) const {
  float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f, module = 0;
  int n = 0;
  for (const auto& c : candidates) {
    if (c.light_centre != light_centre) continue;
    x0 = std::min(x0, c.center.x);
    y0 = std::min(y0, c.center.y);
    x1 = std::max(x1, c.center.x);
    y1 = std::max(y1, c.center.y);
    module = std::max(module, c.module);
    ++n;
  }
  if (n < 2) return {};
  // Finder centres sit 3.5 modules in from the symbol's corners; add the quiet zone (4) and
  // a margin for a missed third pattern and perspective: grow by a third of the box too.
  float grow = 9.0f * module + 0.35f * std::max(x1 - x0, y1 - y0);
  cv::Rect r(cv::Point(static_cast<int>(x0 - grow), static_cast<int>(y0 - grow)),
             cv::Point(static_cast<int>(x1 + grow) + 1, static_cast<int>(y1 + grow) + 1));
  return r & cv::Rect(cv::Point(0, 0), image);
}

FinderProbe probe_finders(const cv::Mat& gray, float min_module, int min_contrast) {
  FinderProbe probe;
  if (gray.empty() || gray.type() != CV_8UC1) return probe;
  cv::Mat bin;
  int block = std::max(15, (std::min(gray.cols, gray.rows) / 12) | 1);
  cv::adaptiveThreshold(gray, bin, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY, block, 0);
  std::vector<FinderCandidate> hits;
  std::vector<int> runs;
  std::vector<int> starts;
  for (int y = 0; y < bin.rows; y += 2) {
    const uchar* row = bin.ptr<uchar>(y);
    runs.clear();
    starts.clear();
    int start = 0;
    for (int x = 1; x <= bin.cols; ++x) {
      if (x == bin.cols || row[x] != row[start]) {
        runs.push_back(x - start);
        starts.push_back(start);
        start = x;
      }
    }
    for (std::size_t i = 0; i + 5 <= runs.size(); ++i) {
      std::array<int, 5> r = {runs[i], runs[i + 1], runs[i + 2], runs[i + 3], runs[i + 4]};
      float m = 0;
      if (!finder_ratio(r, min_module, m)) continue;
      if (min_contrast > 0 && !contrasty(gray.ptr<uchar>(y), starts, runs, i, min_contrast))
        continue;
      int cx = starts[i + 2] + runs[i + 2] / 2;
      float cy = confirm_vertical(bin, cx, y, m, min_module);
      if (cy < 0) continue;
      bool light = row[cx] != 0;
      cv::Point2f c(static_cast<float>(cx), cy);
      bool merged = false;
      for (auto& h : hits) {
        if (h.light_centre == light && cv::norm(h.center - c) < 3.5f * std::max(h.module, m)) {
          merged = true;
          break;
        }
      }
      if (!merged) hits.push_back({c, m, light});
    }
  }
  probe.candidates = std::move(hits);
  return probe;
}

}  // namespace kiosk::devices
