#include "sim/camera/synthetic_qr.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <opencv2/imgproc.hpp>
#include <random>

#include "devices/qr/qr_codec.hpp"
#include "sim/camera/scene_rng.hpp"

namespace kiosk::sim {
namespace {

constexpr int kQuietModules = 4;
constexpr double kMinModulePx = 3.5;

using Rng = SceneRng;

SyntheticQrOptions resolve(const SyntheticQrOptions& o, Rng& rng) {
  // Draw every value even when it is set, so one override does not shift the others.
  SyntheticQrOptions r = o;
  auto background = rng.chance(2.0 / 3) ? QrBackground::PhoneScreen : QrBackground::Paper;
  double fraction = rng.uniform(0.35, 0.6), rotation = rng.uniform(-20, 20);
  double perspective = rng.uniform(0, 0.05), blur = rng.uniform(0, 0.9);
  double noise = rng.uniform(1, 5);
  bool glare = rng.chance(1.0 / 3), dark = rng.chance(0.25);
  r.background = o.background.value_or(background);
  r.code_fraction = std::clamp(o.code_fraction.value_or(fraction), 0.05, 1.0);
  r.rotation_deg = o.rotation_deg.value_or(rotation);
  r.perspective = std::clamp(o.perspective.value_or(perspective), 0.0, 0.3);
  r.blur_sigma = std::max(o.blur_sigma.value_or(blur), 0.0);
  r.noise_sigma = std::max(o.noise_sigma.value_or(noise), 0.0);
  r.glare = o.glare.value_or(glare);
  // Dark mode is a phone-screen setting; paper is always dark ink on light.
  r.dark_mode = o.dark_mode.value_or(dark) && *r.background == QrBackground::PhoneScreen;
  return r;
}

// A desk-like background: a lit gradient and a few soft shapes, drawn at a quarter of the
// resolution (it is out of focus anyway) and scaled up.
cv::Mat qr_desk(cv::Size size, Rng& rng) {
  cv::Size small_size(std::max(size.width / 4, 1), std::max(size.height / 4, 1));
  cv::Vec3d base(rng.uniform(60, 190), rng.uniform(60, 190), rng.uniform(60, 190));
  double gx = rng.uniform(-0.3, 0.3), gy = rng.uniform(-0.3, 0.3);
  cv::Mat corners(2, 2, CV_8UC3);
  for (int y = 0; y < 2; ++y) {
    for (int x = 0; x < 2; ++x) {
      double f = 1.0 + gx * (x - 0.5) + gy * (y - 0.5);
      auto& p = corners.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c) p[c] = cv::saturate_cast<uchar>(base[c] * f);
    }
  }
  cv::Mat small;
  cv::resize(corners, small, small_size, 0, 0, cv::INTER_LINEAR);
  for (int i = 0, n = rng.integer(3, 9); i < n; ++i) {
    cv::Scalar color(rng.uniform(40, 220), rng.uniform(40, 220), rng.uniform(40, 220));
    cv::Point a(rng.integer(0, small_size.width), rng.integer(0, small_size.height));
    if (rng.chance(0.5)) {
      cv::Point b(a.x + rng.integer(10, 75), a.y + rng.integer(5, 50));
      cv::rectangle(small, a, b, color, cv::FILLED, cv::LINE_AA);
    } else {
      cv::circle(small, a, rng.integer(5, 30), color, cv::FILLED, cv::LINE_AA);
    }
  }
  cv::GaussianBlur(small, small, cv::Size(0, 0), 1.5);
  cv::Mat bg;
  cv::resize(small, bg, size, 0, 0, cv::INTER_LINEAR);
  return bg;
}

void qr_text_bars(cv::Mat& canvas, cv::Rect area, cv::Scalar color, int bar_h, Rng& rng) {
  for (int y = area.y; y + bar_h <= area.y + area.height; y += bar_h * 2) {
    int w = static_cast<int>(area.width * rng.uniform(0.3, 1.0));
    cv::rectangle(canvas, cv::Rect(area.x, y, w, bar_h), color, cv::FILLED);
  }
}

struct ObjectCanvas {
  cv::Mat image, mask;
  cv::Rect code;  // where the code (with quiet zone) sits; empty when there is no code
};

// The phone or paper with the code drawn at `px` pixels per module (modules may be empty).
ObjectCanvas make_object(const cv::Mat& modules, int code_side, int px,
                         const SyntheticQrOptions& look, Rng& rng) {
  ObjectCanvas o;
  bool phone = *look.background == QrBackground::PhoneScreen;
  bool dark = *look.dark_mode;
  int w = static_cast<int>(code_side * (phone ? 1.25 : 1.6));
  int h = static_cast<int>(w * (phone ? 2.05 : 1.3));
  o.image = cv::Mat(h, w, CV_8UC3);
  o.mask = cv::Mat::zeros(h, w, CV_8UC1);
  cv::Scalar paper(rng.uniform(215, 250), rng.uniform(225, 250), rng.uniform(230, 252));
  cv::Scalar screen = dark ? cv::Scalar(22, 20, 18) : cv::Scalar(246, 246, 246);
  cv::Scalar surface = phone ? screen : paper;
  cv::Scalar ink = dark ? cv::Scalar(150, 150, 150) : cv::Scalar(70, 70, 70);
  int radius = phone ? w / 12 : 0;
  o.image.setTo(phone ? cv::Scalar(28, 28, 30) : paper);
  if (!phone) o.mask.setTo(255);
  if (phone) {
    // Rounded body: two overlapping rectangles and four corner discs.
    cv::rectangle(o.mask, cv::Rect(radius, 0, w - 2 * radius, h), 255, cv::FILLED);
    cv::rectangle(o.mask, cv::Rect(0, radius, w, h - 2 * radius), 255, cv::FILLED);
    for (cv::Point c :
         {cv::Point(radius, radius), cv::Point(w - radius - 1, radius),
          cv::Point(radius, h - radius - 1), cv::Point(w - radius - 1, h - radius - 1)})
      cv::circle(o.mask, c, radius, 255, cv::FILLED, cv::LINE_AA);
    int bezel = w / 25;
    cv::rectangle(o.image, cv::Rect(bezel, bezel * 3, w - 2 * bezel, h - 6 * bezel), surface,
                  cv::FILLED);
  }
  int code_x = (w - code_side) / 2, code_y = static_cast<int>(h * (phone ? 0.3 : 0.2));
  o.code = cv::Rect(code_x, code_y, code_side, code_side);
  int bar = std::max(code_side / 28, 3);
  qr_text_bars(o.image, cv::Rect(code_x, code_y / 2, code_side, code_y / 3), ink, bar, rng);
  qr_text_bars(o.image, cv::Rect(code_x, code_y + code_side + 3 * bar, code_side, 8 * bar), ink,
               bar, rng);
  if (modules.empty()) {
    o.code = cv::Rect();
    return o;
  }
  // Dark mode inverts the symbol: its dark modules are drawn light on the dark screen.
  cv::Scalar module_color = dark ? cv::Scalar(235, 235, 235) : cv::Scalar(25, 25, 25);
  cv::Mat roi = o.image(o.code);
  roi.setTo(surface);
  int q = kQuietModules * px;
  for (int y = 0; y < modules.rows; ++y) {
    for (int x = 0; x < modules.cols; ++x) {
      if (modules.at<uchar>(y, x) != 0) continue;
      cv::rectangle(roi, cv::Rect(q + x * px, q + y * px, px, px), module_color, cv::FILLED);
    }
  }
  return o;
}

// Fingertips holding the phone or paper: skin-coloured capsules entering from outside the
// symbol, perpendicular to one of its edges, reaching 8-22 % of the side into it. Their own
// generator (seeded from the look's seed) keeps every other seeded choice unchanged.
void draw_fingers(cv::Mat& frame, const std::vector<cv::Point2f>& corners, double side,
                  const SyntheticQrOptions& look) {
  Rng rng(look.seed * 2246822519u + 77u);
  cv::Point2f center = (corners[0] + corners[1] + corners[2] + corners[3]) * 0.25f;
  for (int i = 0; i < std::clamp(look.fingers, 0, 3); ++i) {
    std::size_t edge = static_cast<std::size_t>(rng.integer(0, 3));
    cv::Point2f a = corners[edge], b = corners[(edge + 1) % 4];
    cv::Point2f along = a + (b - a) * static_cast<float>(rng.uniform(0.2, 0.8));
    cv::Point2f inward = center - along;
    inward *= static_cast<float>(1.0 / std::max(cv::norm(inward), 1e-3));
    double reach = side * rng.uniform(0.08, 0.22);
    double width = side * rng.uniform(0.12, 0.18);
    cv::Point2f tip = along + inward * static_cast<float>(reach - width / 2);
    cv::Point2f base = along - inward * static_cast<float>(side * 0.8);
    cv::Scalar skin(rng.uniform(95, 140), rng.uniform(125, 165), rng.uniform(170, 215));
    cv::line(frame, base, tip, skin, static_cast<int>(width), cv::LINE_AA);
    cv::circle(frame, tip, static_cast<int>(width / 2), skin, cv::FILLED, cv::LINE_AA);
    cv::Scalar nail = skin + cv::Scalar(25, 25, 20);  // a lighter nail near the tip
    cv::circle(frame, tip - inward * static_cast<float>(width * 0.15),
               static_cast<int>(width * 0.28), nail, cv::FILLED, cv::LINE_AA);
  }
}

SyntheticQrFrame render(const std::string* payload, const SyntheticQrOptions& options) {
  SyntheticQrFrame out;
  Rng rng(options.seed);
  out.look = resolve(options, rng);
  const auto& look = out.look;
  cv::Size size = options.frame_size;
  cv::Mat modules;
  if (payload != nullptr) {
    auto encoded = devices::encode_qr(*payload);
    if (!encoded) return out;
    modules = *encoded;
  }
  int n = (modules.empty() ? 29 : modules.cols) + 2 * kQuietModules;

  // Size and placement of the code (with quiet zone) in the frame.
  double theta = *look.rotation_deg * std::numbers::pi / 180.0;
  double spread = std::abs(std::cos(theta)) + std::abs(std::sin(theta));
  // A customer holds a dense code closer: at least kMinModulePx pixels per module.
  double side = std::max(*look.code_fraction * size.height, kMinModulePx * n);
  double margin = 8;
  double max_side =
      (std::min(size.width, size.height) - 2 * margin) / (spread + 2 * *look.perspective);
  side = std::min(side, max_side);
  double reach = side * (spread / 2 + *look.perspective);
  cv::Point2d center(rng.uniform(reach + margin, size.width - reach - margin),
                     rng.uniform(reach + margin, size.height - reach - margin));

  // Draw the object at about two canvas pixels per frame pixel, then warp it into place.
  int px = std::clamp(static_cast<int>(std::ceil(2.0 * side / n)), 2, 12);
  ObjectCanvas obj = make_object(modules, n * px, px, look, rng);
  cv::Rect code = obj.code.area() > 0
                      ? obj.code
                      : cv::Rect((obj.image.cols - n * px) / 2, obj.image.rows / 3, n * px, n * px);
  double s = side / code.width;
  cv::Point2d code_center(code.x + code.width / 2.0, code.y + code.height / 2.0);
  auto place = [&](cv::Point2d p) {
    cv::Point2d d = (p - code_center) * s;
    return cv::Point2d(center.x + d.x * std::cos(theta) - d.y * std::sin(theta),
                       center.y + d.x * std::sin(theta) + d.y * std::cos(theta));
  };
  std::array<cv::Point2f, 4> src = {cv::Point2f(code.x, code.y),
                                    cv::Point2f(code.x + code.width, code.y),
                                    cv::Point2f(code.x + code.width, code.y + code.height),
                                    cv::Point2f(code.x, code.y + code.height)};
  std::array<cv::Point2f, 4> dst;
  for (std::size_t i = 0; i < 4; ++i) {
    cv::Point2d p = place(src[i]);
    double j = *look.perspective * side;
    dst[i] = cv::Point2f(static_cast<float>(p.x + rng.uniform(-j, j)),
                         static_cast<float>(p.y + rng.uniform(-j, j)));
  }
  cv::Mat homography = cv::getPerspectiveTransform(src.data(), dst.data());

  cv::Mat frame = qr_desk(size, rng);
  cv::Mat warped, mask;
  cv::warpPerspective(obj.image, warped, homography, size, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  cv::warpPerspective(obj.mask, mask, homography, size, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  warped.copyTo(frame, mask > 127);

  // Symbol corners (without the quiet zone) in the frame.
  float q = static_cast<float>(kQuietModules * px);
  std::array<cv::Point2f, 4> symbol = {
      cv::Point2f(code.x + q, code.y + q), cv::Point2f(code.x + code.width - q, code.y + q),
      cv::Point2f(code.x + code.width - q, code.y + code.height - q),
      cv::Point2f(code.x + q, code.y + code.height - q)};
  std::vector<cv::Point2f> in(symbol.begin(), symbol.end()), mapped;
  cv::perspectiveTransform(in, mapped, homography);
  for (std::size_t i = 0; i < 4; ++i) out.code_corners[i] = mapped[i];

  if (look.fingers > 0) draw_fingers(frame, mapped, side, look);

  if (*look.glare) {
    // A soft elliptical reflection, computed at 1/8 resolution and scaled up.
    constexpr int kDown = 8;
    cv::Size small_size(std::max(size.width / kDown, 1), std::max(size.height / kDown, 1));
    cv::Mat glow = cv::Mat::zeros(small_size, CV_32FC1);
    cv::Point2f at = mapped[static_cast<std::size_t>(rng.integer(0, 3))] * 0.5f +
                     cv::Point2f(static_cast<float>(center.x), static_cast<float>(center.y)) * 0.5f;
    cv::Size axes(static_cast<int>(side * rng.uniform(0.15, 0.35) / kDown) + 1,
                  static_cast<int>(side * rng.uniform(0.08, 0.2) / kDown) + 1);
    cv::ellipse(glow, at / kDown, axes, rng.uniform(0, 180), 0, 360, rng.uniform(0.25, 0.45),
                cv::FILLED);
    cv::GaussianBlur(glow, glow, cv::Size(0, 0), std::max(side * 0.06 / kDown, 0.5));
    cv::resize(glow, glow, size, 0, 0, cv::INTER_LINEAR);
    for (int y = 0; y < size.height; ++y) {
      const float* a = glow.ptr<float>(y);
      auto* px = frame.ptr<cv::Vec3b>(y);
      for (int x = 0; x < size.width; ++x) {
        if (a[x] <= 0.002f) continue;
        for (int c = 0; c < 3; ++c) {
          px[x][c] = cv::saturate_cast<uchar>(px[x][c] * (1.0f - a[x]) + 255.0f * a[x]);
        }
      }
    }
  }
  double gain = rng.uniform(0.85, 1.1), bias = rng.uniform(-10, 10);
  frame.convertTo(frame, CV_8UC3, gain, bias);
  if (*look.blur_sigma > 0.05) cv::GaussianBlur(frame, frame, cv::Size(0, 0), *look.blur_sigma);
  if (*look.noise_sigma > 0.05) {
    // Sensor noise: a seeded 128x128 Gaussian tile repeated over the frame (drawing 2.7 million
    // normal samples per frame costs more than the rest of the rendering).
    cv::Mat tile(128, 128, CV_16SC3);
    cv::RNG cv_rng(options.seed * 2654435761u + 1);
    cv_rng.fill(tile, cv::RNG::NORMAL, 0, *look.noise_sigma);
    for (int y = 0; y < size.height; ++y) {
      const auto* n = tile.ptr<cv::Vec3s>(y % tile.rows);
      auto* px = frame.ptr<cv::Vec3b>(y);
      for (int x = 0; x < size.width; ++x) {
        const cv::Vec3s& d = n[x % tile.cols];
        for (int c = 0; c < 3; ++c) px[x][c] = cv::saturate_cast<uchar>(px[x][c] + d[c]);
      }
    }
  }
  out.image = frame;
  return out;
}

}  // namespace

SyntheticQrFrame render_qr_scene(const std::string& payload, const SyntheticQrOptions& options) {
  return render(&payload, options);
}

cv::Mat render_qr_frame(const std::string& payload, const SyntheticQrOptions& options) {
  return render(&payload, options).image;
}

cv::Mat render_blank_frame(const SyntheticQrOptions& options) {
  return render(nullptr, options).image;
}

}  // namespace kiosk::sim
