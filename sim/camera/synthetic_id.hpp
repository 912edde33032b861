// Synthetic camera frames holding an identity document: a Kazakh ID card (TD1, 85.6 x 54 mm,
// IIN in the MRZ) or a passport data page (TD3, 125 x 88 mm), printed with OCR-B glyphs from
// fonts-ocr-b, with a synthetic portrait (synthetic_face.hpp), laid on a desk and seen by a camera:
// scale, rotation, perspective, lighting, glare on the laminate, blur and sensor noise. Every
// choice left unset is drawn from the seed; the same seed gives the same frame. The identities are
// invented (names from a short list, IINs with valid check digits): no real person.
#pragma once

#include <array>
#include <cstdint>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "flows/identity/mrz.hpp"

namespace kiosk::sim {

enum class IdDocumentKind { KazakhIdCard, Passport };

struct SyntheticIdOptions {
  std::uint32_t seed = 1;
  cv::Size frame_size{1280, 720};
  bool hard = false;  // smaller, more tilted, blurrier, noisier, darker, glare on the MRZ
  std::optional<IdDocumentKind> kind;                // seeded: card 2 in 3
  std::optional<flows::identity::MrzFields> fields;  // seeded identity when unset
  std::optional<double> pitch_px;      // MRZ character pitch in the frame; easy 17-26, hard 11-17
  std::optional<double> rotation_deg;  // easy +-8, hard +-20
  std::optional<double> perspective;  // corner jitter / document width; easy 0-0.03, hard 0.02-0.07
  std::optional<double> blur_sigma;   // easy 0-0.8, hard 0.7-1.6
  std::optional<double> noise_sigma;  // easy 1-4, hard 3-8
  std::optional<bool> glare;          // easy 1 in 4 (away from the MRZ), hard 2 in 3 (anywhere)
  std::optional<double> light_gain;   // easy 0.85-1.1, hard 0.55-1.2
};

struct SyntheticIdFrame {
  cv::Mat image;  // BGR 8-bit
  std::vector<std::string> mrz_lines;
  std::array<cv::Point2f, 4> document_corners;  // tl, tr, br, bl in the frame
  cv::Rect2f face_box;                          // the portrait photo, in the frame (bounding)
  SyntheticIdOptions look;                      // every field resolved
};

// A seeded invented identity for `kind`, valid (and unexpired) through 2030.
flows::identity::MrzFields sample_identity(std::uint32_t seed, IdDocumentKind kind);

SyntheticIdFrame render_id_scene(const SyntheticIdOptions& options);

// The flat document itself (no camera), at `px_per_mm`.
cv::Mat render_id_document(const flows::identity::MrzFields& fields, IdDocumentKind kind,
                           std::uint32_t seed, double px_per_mm = 12.0);

}  // namespace kiosk::sim
