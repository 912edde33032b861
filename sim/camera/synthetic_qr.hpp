// Synthetic camera frames holding a QR code: the payload is encoded (devices/qr encode_qr, i.e.
// ZXing's writer), drawn on a phone screen or a sheet of paper, and that object is placed in a
// 1280x720 scene with scale, rotation, mild perspective, blur, sensor noise, glare and dark mode.
// Every choice left unset is drawn from the seed within bounds that a decent reader should
// handle; the same seed gives the same frame.
#pragma once

#include <array>
#include <cstdint>
#include <opencv2/core.hpp>
#include <optional>
#include <string>

namespace kiosk::sim {

enum class QrBackground { PhoneScreen, Paper };

struct SyntheticQrOptions {
  std::uint32_t seed = 1;
  cv::Size frame_size{1280, 720};
  std::optional<QrBackground> background;  // seeded: phone 2 in 3
  std::optional<double> code_fraction;     // code side incl. quiet zone / frame height; seeded
                                           // 0.35..0.6, raised to >= 3.5 px per module
  std::optional<double> rotation_deg;      // seeded -20..20; any angle is allowed
  std::optional<double> perspective;       // corner jitter / code side; seeded 0..0.05
  std::optional<double> blur_sigma;        // pixels; seeded 0..0.9
  std::optional<double> noise_sigma;       // grey levels; seeded 1..5
  std::optional<bool> glare;               // a bright reflection across the code; seeded 1 in 3
  std::optional<bool> dark_mode;           // light modules on a dark screen; seeded 1 in 4;
                                           // phone screens only (ignored for paper)
  int fingers = 0;  // 0..3 fingertips reaching over the code's edge from outside (not seeded;
                    // their pose comes from the seed); each hides up to ~10 % of the symbol
};

struct SyntheticQrFrame {
  cv::Mat image;                            // BGR 8-bit; empty if the payload cannot be encoded
  std::array<cv::Point2f, 4> code_corners;  // symbol corners (no quiet zone): tl, tr, br, bl
  SyntheticQrOptions look;                  // every field resolved
};

SyntheticQrFrame render_qr_scene(const std::string& payload, const SyntheticQrOptions& options);
// The image of render_qr_scene.
cv::Mat render_qr_frame(const std::string& payload, const SyntheticQrOptions& options);
// The same kind of scene (desk, phone or paper, lighting, noise) with no code anywhere.
cv::Mat render_blank_frame(const SyntheticQrOptions& options);

}  // namespace kiosk::sim
