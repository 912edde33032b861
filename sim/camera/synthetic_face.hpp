// Synthetic faces, rendered procedurally from a seed (no image files, no real person): a shaded
// skin-tone head with eye sockets, eyes, eyebrows, a lit nose bridge, a mouth, hair, neck and
// shoulders. Drawn so that OpenCV's stock Haar cascade (haarcascade_frontalface_default) finds
// them, for the face detector's tests, the selfie screen of `kiosk run --sim` and the portrait
// on the synthetic ID documents. The same seed gives the same face.
#pragma once

#include <cstdint>
#include <opencv2/core.hpp>
#include <optional>
#include <vector>

namespace kiosk::sim {

// Draws a head-and-shoulders portrait over `roi` (BGR 8-bit; the background is left as it is),
// head centred, its height about 0.62 of the roi height, shoulders reaching the bottom edge.
// Returns the face box (eyebrows to chin, cheek to cheek) in roi coordinates.
cv::Rect draw_synthetic_face(cv::Mat& roi, std::uint32_t seed);

struct SelfieSceneOptions {
  std::uint32_t seed = 1;
  cv::Size frame_size{1280, 720};
  int faces = 1;                      // 0, 1 or 2 people in view
  std::optional<double> face_scale;   // face box height / frame height; seeded 0.30-0.42
  std::optional<double> light;        // brightness gain; seeded 0.85-1.1 (0.2 is a dark room)
  std::optional<double> blur_sigma;   // Gaussian blur in frame pixels; seeded 0-0.8
  std::optional<double> noise_sigma;  // sensor noise; seeded 1-3
  bool frame_behind = false;  // a bright picture frame, poster or window right behind the head,
                              // ID-card shaped (not seeded: old seeds render as before)
};

struct SelfieScene {
  cv::Mat image;                     // BGR 8-bit
  std::vector<cv::Rect> face_boxes;  // true face boxes, left to right
  SelfieSceneOptions look;           // every field resolved
};

// A customer (or two, or nobody) in front of the kiosk camera: a room backdrop, the people's
// heads and shoulders, lighting, blur and noise.
SelfieScene render_selfie_scene(const SelfieSceneOptions& options);

}  // namespace kiosk::sim
