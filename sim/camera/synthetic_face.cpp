#include "sim/camera/synthetic_face.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <random>

#include "sim/camera/scene_rng.hpp"
#include "sim/camera/sensor_noise.hpp"

namespace kiosk::sim {
namespace {

using Rng = SceneRng;

cv::Vec3f mix(cv::Vec3f a, cv::Vec3f b, double t) {
  return a * static_cast<float>(1 - t) + b * static_cast<float>(t);
}

// Everything about one face that the seed decides.
struct FaceLook {
  cv::Vec3f skin, hair, shirt, lips, iris;
  double rotation_deg;
  double light_x;     // -1..1: light from the left or right
  double face_width;  // head half-width / head half-height ratio
  bool long_hair;
  double hairline;     // in head half-widths above the centre
  double brow_weight;  // eyebrow darkness
};

FaceLook look_of(std::uint32_t seed) {
  Rng rng(seed * 2654435761u + 0x51f3u);
  FaceLook f;
  const cv::Vec3f light_skin(175, 195, 238), mid_skin(120, 155, 205), dark_skin(72, 98, 142);
  double tone = rng.uniform(0, 1);
  f.skin =
      tone < 0.5 ? mix(light_skin, mid_skin, tone * 2) : mix(mid_skin, dark_skin, tone * 2 - 1);
  for (int c = 0; c < 3; ++c) f.skin[c] *= static_cast<float>(rng.uniform(0.95, 1.05));
  double h = rng.uniform(0, 1);
  f.hair = h < 0.6 ? cv::Vec3f(25, 28, 32) * static_cast<float>(rng.uniform(0.7, 1.3))
                   : (h < 0.85 ? cv::Vec3f(40, 60, 95) : cv::Vec3f(90, 130, 170));
  f.shirt =
      cv::Vec3f(static_cast<float>(rng.uniform(30, 200)), static_cast<float>(rng.uniform(30, 200)),
                static_cast<float>(rng.uniform(30, 200)));
  f.lips = mix(f.skin, cv::Vec3f(70, 70, 150), rng.uniform(0.35, 0.6));
  f.iris = cv::Vec3f(30, 40, 50) * static_cast<float>(rng.uniform(0.6, 1.4));
  f.rotation_deg = rng.uniform(-8, 8);
  f.light_x = rng.uniform(-0.5, 0.5);
  f.face_width = rng.uniform(0.72, 0.82);
  f.long_hair = rng.chance(0.4);
  f.hairline = rng.uniform(0.8, 1.0);
  f.brow_weight = rng.uniform(0.45, 0.7);
  return f;
}

// A soft mask over part of the canvas: `mask` (0..1) covers `where`.
struct Mask {
  cv::Rect where;
  cv::Mat mask;  // CV_32F, where.size()
};

// Blends `colour` into `canvas` with weight `strength * mask`.
void paint(cv::Mat& canvas, const Mask& m, cv::Vec3f colour, double strength = 1.0) {
  for (int y = 0; y < m.where.height; ++y) {
    auto* p = canvas.ptr<cv::Vec3f>(m.where.y + y) + m.where.x;
    const float* w = m.mask.ptr<float>(y);
    for (int x = 0; x < m.where.width; ++x) {
      float t = w[x] * static_cast<float>(strength);
      if (t > 0) p[x] = p[x] * (1 - t) + colour * t;
    }
  }
}

// Multiplies `canvas` by (1 + gain * mask): darkens for gain < 0, lightens for gain > 0.
void shade(cv::Mat& canvas, const Mask& m, double gain) {
  for (int y = 0; y < m.where.height; ++y) {
    auto* p = canvas.ptr<cv::Vec3f>(m.where.y + y) + m.where.x;
    const float* w = m.mask.ptr<float>(y);
    for (int x = 0; x < m.where.width; ++x)
      if (w[x] != 0) p[x] *= 1 + static_cast<float>(gain) * w[x];
  }
}

// Raises `alpha` to at least the mask.
void cover(cv::Mat& alpha, const Mask& m) {
  cv::Mat a = alpha(m.where);
  cv::max(a, m.mask, a);
}

// Draws a shape with `draw(mask, offset)` on a window of `size` around `bounds` grown by the
// blur, then blurs it by `soft` pixels.
template <class Draw>
Mask soft_mask(cv::Size size, cv::Rect bounds, double soft, Draw draw) {
  int margin = static_cast<int>(std::ceil(3 * soft)) + 2;
  cv::Rect where = (bounds + cv::Size(2 * margin, 2 * margin) - cv::Point(margin, margin)) &
                   cv::Rect(0, 0, size.width, size.height);
  Mask m{where, cv::Mat::zeros(where.size(), CV_32F)};
  if (where.empty()) return m;
  draw(m.mask, -where.tl());
  if (soft > 0.3) cv::GaussianBlur(m.mask, m.mask, cv::Size(0, 0), soft);
  return m;
}

cv::Point pt(cv::Point2d p) {
  return {static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y))};
}

// A filled soft ellipse (or a sector of it, degrees).
Mask blob(cv::Size size, cv::Point2d centre, cv::Size2d axes, double soft, double start = 0,
          double end = 360) {
  cv::Size ax(std::max(1, static_cast<int>(std::lround(axes.width))),
              std::max(1, static_cast<int>(std::lround(axes.height))));
  cv::Rect bounds(pt(centre) - cv::Point(ax.width, ax.height),
                  cv::Size(2 * ax.width + 1, 2 * ax.height + 1));
  return soft_mask(size, bounds, soft, [&](cv::Mat& m, cv::Point off) {
    cv::ellipse(m, pt(centre) + off, ax, 0, start, end, cv::Scalar(1), cv::FILLED, cv::LINE_AA);
  });
}

// Draws a face with its head centre at `c` (head half-height `b` pixels) over `target` (BGR),
// the shoulders reaching the bottom edge; returns the face box in `target` coordinates.
cv::Rect draw_face(cv::Mat& target, cv::Point2d c, double b, double max_a, std::uint32_t seed) {
  const FaceLook f = look_of(seed);
  const double a = std::min(b * f.face_width, max_a);  // head half-width
  const double hb = b / a;                             // head half-height in half-widths
  const cv::Rect window = cv::Rect(pt(c - cv::Point2d(2.5 * a, b + 0.4 * a)),
                                   pt(cv::Point2d(c.x + 2.5 * a, target.rows))) &
                          cv::Rect(0, 0, target.cols, target.rows);
  if (window.empty()) return {};
  const cv::Size size = window.size();
  c -= cv::Point2d(window.tl());
  auto at = [&](double dx, double dy) { return cv::Point2d(c.x + dx * a, c.y + dy * a); };
  auto ax = [&](double w, double h) { return cv::Size2d(w * a, h * a); };

  cv::Mat canvas(size, CV_32FC3, cv::Scalar(0, 0, 0));
  cv::Mat alpha = cv::Mat::zeros(size, CV_32F);
  auto layer = [&](const Mask& m, cv::Vec3f colour) {
    paint(canvas, m, colour);
    cover(alpha, m);
  };
  auto rect_mask = [&](cv::Point2d tl, cv::Point2d br, double soft) {
    cv::Rect r(pt(tl), pt(br));
    return soft_mask(size, r, soft, [&](cv::Mat& m, cv::Point off) {
      cv::rectangle(m, r + off, cv::Scalar(1), cv::FILLED);
    });
  };

  // Hair behind the head, long hair down to the jaw.
  if (f.long_hair)
    layer(blob(size, at(0, -0.1), ax(1.16, hb + 0.05), 0.04 * a), f.hair);
  else
    layer(blob(size, at(0, -0.15), ax(1.1, hb + 0.05), 0.04 * a, 180, 360), f.hair);

  // Shoulders and neck.
  layer(blob(size, at(0, hb + 1.5), ax(2.2, 1.1), 0.02 * a), f.shirt);
  layer(rect_mask(at(-2.2, hb + 1.5), cv::Point2d(c.x + 2.2 * a, size.height + 1), 0.02 * a),
        f.shirt);
  layer(rect_mask(at(-0.48, 0.5), at(0.48, hb + 0.9), 0.03 * a), f.skin * 0.85f);
  shade(canvas, blob(size, at(0, hb + 0.05), ax(0.6, 0.25), 0.12 * a), -0.35);  // under the chin

  // The head: skin, rounded shading, light from one side.
  {
    Mask head = blob(size, c, cv::Size2d(a, b), 0.015 * a);
    for (int y = 0; y < head.where.height; ++y) {
      auto* p = canvas.ptr<cv::Vec3f>(head.where.y + y) + head.where.x;
      const float* m = head.mask.ptr<float>(y);
      double v = (head.where.y + y - c.y) / b;
      for (int x = 0; x < head.where.width; ++x) {
        if (m[x] <= 0) continue;
        double u = (head.where.x + x - c.x) / a;
        double r2 = std::min(u * u + v * v, 1.0);
        auto k = static_cast<float>((1 - 0.38 * r2 * r2) * (1 + 0.18 * f.light_x * u));
        p[x] = p[x] * (1 - m[x]) + f.skin * (k * m[x]);
      }
    }
    cover(alpha, head);
  }

  // Eye sockets (the darkest band of a face lit from the front), the eyes, the eyebrows.
  const double eye_y = -0.18, eye_x = 0.4;
  for (int s : {-1, 1}) {
    shade(canvas, blob(size, at(s * eye_x, eye_y - 0.02), ax(0.3, 0.16), 0.11 * a), -0.6);
    paint(canvas, blob(size, at(s * eye_x, eye_y), ax(0.19, 0.075), 0.02 * a),
          f.skin * 0.55f + cv::Vec3f(90, 90, 90) * 0.45f);
    paint(canvas, blob(size, at(s * eye_x, eye_y), ax(0.08, 0.075), 0.015 * a), f.iris);
    paint(canvas, blob(size, at(s * eye_x, eye_y - 0.02), ax(0.2, 0.07), 0.02 * a, 190, 350),
          f.iris * 0.8f, 0.8);  // upper lid
    cv::Point2d brow_c = at(s * (eye_x + 0.02), eye_y - 0.05);
    cv::Size brow_ax(static_cast<int>(0.27 * a), static_cast<int>(0.2 * a));
    int thick = std::max(2, static_cast<int>(0.085 * a));
    cv::Rect bounds(pt(brow_c) - cv::Point(brow_ax.width + thick, brow_ax.height + thick),
                    cv::Size(2 * (brow_ax.width + thick), brow_ax.height + 2 * thick));
    Mask brow = soft_mask(size, bounds, 0.03 * a + 0.3, [&](cv::Mat& m, cv::Point off) {
      cv::ellipse(m, pt(brow_c) + off, brow_ax, 0, 200, 340, cv::Scalar(1), thick, cv::LINE_AA);
    });
    paint(canvas, brow, f.hair, f.brow_weight);
  }

  // Cheeks catch the light under the eyes.
  for (int s : {-1, 1})
    shade(canvas, blob(size, at(s * 0.42, 0.25), ax(0.22, 0.16), 0.12 * a), 0.1);

  // Nose: a lit bridge between the eyes and down, shadowed sides, nostrils.
  shade(canvas, blob(size, at(0, 0.05), ax(0.09, 0.45), 0.07 * a), 0.22);
  for (int s : {-1, 1}) {
    shade(canvas, blob(size, at(s * 0.17, 0.2), ax(0.05, 0.22), 0.06 * a), -0.18);
    shade(canvas, blob(size, at(s * 0.1, 0.47), ax(0.06, 0.035), 0.02 * a), -0.45);
  }
  shade(canvas, blob(size, at(0, 0.52), ax(0.2, 0.05), 0.05 * a), -0.12);

  // Mouth: lips, the dark line between them, a shadow under the lower lip.
  const double mouth_y = 0.8;
  paint(canvas, blob(size, at(0, mouth_y), ax(0.33, 0.1), 0.03 * a), f.lips);
  paint(canvas, blob(size, at(0, mouth_y), ax(0.3, 0.018), 0.015 * a), f.lips * 0.45f);
  shade(canvas, blob(size, at(0, mouth_y + 0.2), ax(0.25, 0.06), 0.06 * a), -0.15);

  // Hair over the forehead down to the hairline, inside the head's outline.
  {
    Mask fringe = blob(size, at(0, -f.hairline), ax(1.05, 0.5), 0.035 * a, 180, 360);
    Mask top = rect_mask(at(-1.05, -hb - 0.2), at(1.05, -f.hairline), 0.035 * a);
    Mask in_head = blob(size, c, cv::Size2d(a * 1.03, b * 1.03), 0.015 * a);
    Mask hair{in_head.where, in_head.mask.clone()};
    cv::Mat cap = cv::Mat::zeros(in_head.where.size(), CV_32F);
    for (const Mask* m : {&fringe, &top}) {
      cv::Rect r = m->where & in_head.where;
      if (r.empty()) continue;
      cv::Mat dst = cap(r - in_head.where.tl());
      cv::max(dst, m->mask(r - m->where.tl()), dst);
    }
    hair.mask = hair.mask.mul(cap);
    paint(canvas, hair, f.hair);
  }

  // A small head tilt, then composite over the target.
  cv::Mat turn = cv::getRotationMatrix2D(c, f.rotation_deg, 1.0);
  cv::warpAffine(canvas, canvas, turn, size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::warpAffine(alpha, alpha, turn, size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  for (int y = 0; y < size.height; ++y) {
    auto* p = target.ptr<cv::Vec3b>(window.y + y) + window.x;
    const auto* s = canvas.ptr<cv::Vec3f>(y);
    const float* m = alpha.ptr<float>(y);
    for (int x = 0; x < size.width; ++x)
      if (m[x] > 0)
        for (int k = 0; k < 3; ++k)
          p[x][k] = cv::saturate_cast<uchar>(p[x][k] * (1 - m[x]) + s[x][k]);
  }
  cv::Rect box(pt(at(-0.95, -0.62)), pt(at(0.95, hb)));
  return (box + window.tl()) & cv::Rect(0, 0, target.cols, target.rows);
}

}  // namespace

cv::Rect draw_synthetic_face(cv::Mat& roi, std::uint32_t seed) {
  CV_Assert(roi.type() == CV_8UC3);
  return draw_face(roi, cv::Point2d(roi.cols / 2.0, 0.42 * roi.rows), 0.31 * roi.rows,
                   0.3 * roi.cols, seed);
}

namespace {

// A plain room behind the customer: a wall with a soft gradient and a door or picture frame.
cv::Mat backdrop(cv::Size size, Rng& rng) {
  cv::Vec3d wall(rng.uniform(150, 215), rng.uniform(150, 215), rng.uniform(150, 215));
  cv::Mat small(cv::Size(std::max(size.width / 8, 2), std::max(size.height / 8, 2)), CV_8UC3);
  double gx = rng.uniform(-0.25, 0.25), gy = rng.uniform(-0.2, 0.1);
  for (int y = 0; y < small.rows; ++y)
    for (int x = 0; x < small.cols; ++x) {
      double f = 1 + gx * (x / double(small.cols) - 0.5) + gy * (y / double(small.rows) - 0.5);
      auto& p = small.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c) p[c] = cv::saturate_cast<uchar>(wall[c] * f);
    }
  int w = small.cols / rng.integer(4, 7), h = small.rows * 2 / 3;
  int x = rng.chance(0.5) ? rng.integer(1, small.cols / 5)
                          : rng.integer(small.cols - w - small.cols / 5, small.cols - w - 1);
  cv::rectangle(small, cv::Rect(x, small.rows / 8, w, h),
                cv::Scalar(wall[0] * 0.75, wall[1] * 0.72, wall[2] * 0.7), cv::FILLED);
  cv::GaussianBlur(small, small, cv::Size(0, 0), 1.2);
  cv::Mat bg;
  cv::resize(small, bg, size, 0, 0, cv::INTER_LINEAR);
  return bg;
}

// A bright rectangle with a dark border (a picture frame, a poster, a window) behind the point
// `at`, about as wide as it is tall times 1.3-1.7: the shape of an ID card, but with a real
// head in front of it.
void frame_behind(cv::Mat& frame, cv::Point2d at, std::uint32_t seed) {
  Rng rng(seed * 3266489917u + 0xf4a3u);
  double h = frame.rows * rng.uniform(0.5, 0.9), w = h * rng.uniform(1.3, 1.7);
  cv::Point2d c(at.x + rng.uniform(-0.15, 0.15) * w, at.y + rng.uniform(0, 0.25) * h);
  cv::Rect r(static_cast<int>(c.x - w / 2), static_cast<int>(c.y - h / 2), static_cast<int>(w),
             static_cast<int>(h));
  double v = rng.uniform(200, 245);
  cv::Scalar fill(v * rng.uniform(0.92, 1), v * rng.uniform(0.92, 1), v * rng.uniform(0.92, 1));
  int border = std::max(3, static_cast<int>(h * rng.uniform(0.01, 0.04)));
  cv::rectangle(frame, r, fill, cv::FILLED);
  cv::rectangle(frame, r, cv::Scalar::all(rng.uniform(20, 90)), border);
}

}  // namespace

SelfieScene render_selfie_scene(const SelfieSceneOptions& options) {
  SelfieScene out;
  Rng rng(options.seed * 747796405u + 0x5e1fu);
  // Draw every value even when it is set, so one override does not shift the others.
  double scale = rng.uniform(0.30, 0.42), light = rng.uniform(0.85, 1.1),
         blur = rng.uniform(0, 0.8), noise = rng.uniform(1, 3);
  double shift = rng.uniform(-0.08, 0.08), lift = rng.uniform(-0.05, 0.05);
  out.look = options;
  out.look.faces = std::clamp(options.faces, 0, 2);
  out.look.face_scale = std::clamp(options.face_scale.value_or(scale), 0.02, 0.9);
  out.look.light = std::clamp(options.light.value_or(light), 0.02, 2.0);
  out.look.blur_sigma = std::max(options.blur_sigma.value_or(blur), 0.0);
  out.look.noise_sigma = std::max(options.noise_sigma.value_or(noise), 0.0);
  const cv::Size size = options.frame_size;

  // The face box (brows to chin) is about 1.48 head half-heights tall, its centre about 0.26
  // of one below the head's centre.
  const double face_h = *out.look.face_scale * size.height, b = face_h / 1.48;
  cv::Mat frame = backdrop(size, rng);
  const int n = out.look.faces;
  if (options.frame_behind)
    frame_behind(frame,
                 cv::Point2d((0.5 + shift) * size.width, (0.5 + lift) * size.height - 0.26 * b),
                 options.seed);
  for (int i = 0; i < n; ++i) {
    double cx = n == 1 ? 0.5 + shift : (i == 0 ? 0.28 : 0.72) + shift * 0.5;
    cv::Point2d head(cx * size.width, (0.5 + lift) * size.height - 0.26 * b);
    out.face_boxes.push_back(draw_face(frame, head, b, 0.3 * size.width,
                                       options.seed * 31 + static_cast<std::uint32_t>(i)));
  }
  expose_selfie_frame(frame, *out.look.light, *out.look.blur_sigma, *out.look.noise_sigma,
                      options.seed * 2246822519u + 5);
  out.image = frame;
  return out;
}

}  // namespace kiosk::sim
