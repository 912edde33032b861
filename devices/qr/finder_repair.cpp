#include "devices/qr/finder_repair.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <utility>
#include <vector>

#include "devices/qr/finder_probe.hpp"

namespace kiosk::devices {
namespace {

cv::Point2f normal(cv::Point2f d) { return {-d.y, d.x}; }

struct Hypothesis {
  cv::Point2f third, axis;
  float span;  // centre to centre of a side pair, in the pixels of the image
};

// Where the third finder pattern of a square symbol can be, given two of them at a and b.
std::array<Hypothesis, 6> thirds(cv::Point2f a, cv::Point2f b) {
  cv::Point2f d = b - a;
  auto len = static_cast<float>(cv::norm(d));
  cv::Point2f u = d / len, n = normal(d);
  cv::Point2f diagonal_axis = (u + normal(u)) * (1.0f / std::sqrt(2.0f));
  cv::Point2f mid = (a + b) * 0.5f;
  float diag = len / std::sqrt(2.0f);
  return {{{a + n, u, len},
           {a - n, u, len},
           {b + n, u, len},
           {b - n, u, len},
           {mid + n * 0.5f, diagonal_axis, diag},
           {mid - n * 0.5f, diagonal_axis, diag}}};
}

// The module size that makes `span` (finder centre to centre along a side: n - 7 modules, n =
// 17 + 4 x version) a whole symbol, nearest to the probe's estimate. The probe measures runs
// along rows and columns, which a symbol turned by the angle of `axis` stretches by
// 1 / max(|cos|, |sin|) (up to 1.41 at 45 degrees); the symbol's own grid does not.
float module_from_span(float span, float probed, cv::Point2f axis) {
  float along = probed * std::max(std::abs(axis.x), std::abs(axis.y));
  float best = along, best_err = 1e9f;
  for (int version = 1; version <= 40; ++version) {
    float m = span / static_cast<float>(10 + 4 * version);
    float err = std::abs(std::log(m / along));
    if (err < best_err) {
      best = m;
      best_err = err;
    }
  }
  return best;
}

}  // namespace

void paint_finder(cv::Mat& gray, cv::Point2f centre, cv::Point2f axis, float module) {
  cv::Point2f across = normal(axis);
  for (auto [half, value] : {std::pair{4.5f, 255}, {3.5f, 0}, {2.5f, 255}, {1.5f, 0}}) {
    float h = half * module;
    std::array<cv::Point, 4> quad;
    std::size_t k = 0;
    for (auto [s, t] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}}) {
      cv::Point2f p =
          centre + axis * (static_cast<float>(s) * h) + across * (static_cast<float>(t) * h);
      quad[k++] = cv::Point(static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y)));
    }
    cv::fillConvexPoly(gray, quad.data(), 4, cv::Scalar(value), cv::LINE_AA);
  }
}

int repair_finders(const cv::Mat& crop, const std::function<bool(const cv::Mat&)>& read,
                   const FinderRepairOptions& o) {
  if (crop.empty() || crop.type() != CV_8UC1) return 0;
  FinderProbe probe = probe_finders(crop, o.min_module, o.min_contrast);
  std::vector<FinderCandidate> seen;
  for (const auto& c : probe.candidates)
    if (!c.light_centre) seen.push_back(c);
  // Pairs of about the same module size, the most alike first.
  struct Pair {
    std::size_t i, j;
    float mismatch;
  };
  std::vector<Pair> pairs;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    for (std::size_t j = i + 1; j < seen.size(); ++j) {
      float mi = seen[i].module, mj = seen[j].module;
      float m = (mi + mj) / 2;
      if (std::max(mi, mj) > 1.5f * std::min(mi, mj)) continue;  // rotation stretches runs
      // Finder centres on one side are n - 7 modules apart: 14 for version 1.
      if (cv::norm(seen[i].center - seen[j].center) < 10 * m) continue;
      pairs.push_back({i, j, std::abs(mi - mj) / m});
    }
  }
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const Pair& a, const Pair& b) { return a.mismatch < b.mismatch; });
  const cv::Rect inside(0, 0, crop.cols, crop.rows);
  int tried = 0;
  for (const auto& p : pairs) {
    const auto& a = seen[p.i];
    const auto& b = seen[p.j];
    float m = (a.module + b.module) / 2;
    for (const auto& h : thirds(a.center, b.center)) {
      if (!inside.contains(h.third)) continue;
      // The module the symbol's grid gives first, then the probe's estimate if a tenth apart.
      float grid = module_from_span(h.span, m, h.axis);
      for (float module : {grid, m}) {
        if (module != grid && std::abs(module - grid) < 0.1f * m) continue;
        if (tried >= o.max_images) return tried;
        cv::Mat painted = crop.clone();
        for (cv::Point2f c : {a.center, b.center, h.third})
          paint_finder(painted, c, h.axis, module);
        ++tried;
        if (read(painted)) return tried;
      }
    }
  }
  return tried;
}

}  // namespace kiosk::devices
