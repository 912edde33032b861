// The selfie screen fooled: instead of their face, the customer holds their ID card (or passport
// page) up to the kiosk camera, with its printed portrait towards the lens. The document from
// synthetic_id.hpp (same flat rendering, same portrait), tilted and in perspective, over the
// customer's head in the selfie room (synthetic_face.hpp), held by fingers at its edges; then the
// same lighting, blur and noise as a selfie. Every choice left unset is drawn from the seed; the
// same seed gives the same frame.
#pragma once

#include <array>
#include <cstdint>
#include <opencv2/core.hpp>
#include <optional>

#include "sim/camera/synthetic_id.hpp"

namespace kiosk::sim {

struct DocumentSelfieOptions {
  std::uint32_t seed = 1;
  cv::Size frame_size{1280, 720};
  std::optional<IdDocumentKind> kind;     // seeded: card 2 in 3
  std::optional<double> document_height;  // the document's short side / frame height; seeded
                                          // 0.45-0.95 (limited so that it stays in the frame)
  std::optional<double> rotation_deg;     // seeded -25..25
  std::optional<double> perspective;      // corner jitter / document width; seeded 0-0.05
  std::optional<double> light;            // brightness gain; seeded 0.85-1.1
  std::optional<double> blur_sigma;       // seeded 0-0.8
  std::optional<double> noise_sigma;      // seeded 1-3
  bool beside_face = false;  // held next to the customer's own face (two faces in view) instead
                             // of in front of it (not seeded)
};

struct DocumentSelfieScene {
  cv::Mat image;                                // BGR 8-bit
  std::array<cv::Point2f, 4> document_corners;  // tl, tr, br, bl of the document in the frame
  cv::Rect portrait_box;             // the document's portrait photo in the frame (bounding box)
  std::optional<cv::Rect> own_face;  // the customer's face box when it is in view (beside_face)
  DocumentSelfieOptions look;        // every field resolved
};

DocumentSelfieScene render_document_selfie(const DocumentSelfieOptions& options);

}  // namespace kiosk::sim
