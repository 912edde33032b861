// Reads the MRZ of an identity document from a camera frame without large models:
// document quad (document_locator) -> perspective-corrected MRZ zone -> lines and fixed-pitch
// character cells from connected components -> OCR-B template scores (glyph_matcher) -> text
// settled by field knowledge and check digits (mrz_resolver) -> ICAO 9303 checks
// (flows/identity). Also judges the capture (focus, glare, size) and says what the customer
// should do. `accepted` means every check passed and every unchecked character was clear.
#pragma once

#include <array>
#include <chrono>
#include <expected>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "devices/id/document_locator.hpp"
#include "devices/id/glyph_matcher.hpp"
#include "devices/id/mrz_resolver.hpp"
#include "flows/identity/mrz.hpp"

namespace kiosk::devices::id {

// NoFace is never set by MrzReader: IdScanner says it when its face hook finds no face on an
// otherwise accepted document.
// Expired: read with confidence and every check passed but the expiry date (never accepted).
enum class CaptureGuidance { Ok, NoDocument, MoveCloser, TiltGlare, HoldStill, NoFace, Expired };
std::string_view to_string(CaptureGuidance g);  // "ok", "no_document", "move_closer",
                                                // "tilt_glare", "hold_still", "no_face",
                                                // "document_expired"

struct CaptureQuality {
  double pitch_px = 0;        // MRZ character pitch in the frame
  double focus = 0;           // edge sharpness of the MRZ zone, 0..1 (about 0.15+ is sharp)
  double glare_fraction = 0;  // share of saturated pixels on the document
  CaptureGuidance guidance = CaptureGuidance::NoDocument;
};

// Thread-CPU milliseconds spent per stage of one read() (summed over the outlines and formats
// tried), for profiling in bench-mrz.
struct MrzTimings {
  double prepare_ms = 0;  // grey conversion and the downscaled copy for locating
  double locate_ms = 0;   // document outlines
  double zone_ms = 0;     // MRZ zone warp, focus, threshold, components, line fit
  double score_ms = 0;    // cell resampling and template scores
  double check_ms = 0;    // resolver, parser, glare
  int quads_tried = 0;
  int zones_tried = 0;
};

struct MrzReading {
  bool document_found = false;
  std::array<cv::Point2f, 4> corners{};
  std::optional<flows::identity::MrzFormat> format;
  std::vector<std::string> lines;   // empty when no MRZ lines were found
  std::vector<GlyphScores> scores;  // per character, row-major (for multi-frame combining)
  ResolvedMrz resolved;
  std::optional<flows::identity::MrzRecord> record;
  bool accepted = false;
  CaptureQuality quality;
  std::string failure;  // why nothing was read: "no_document", "no_mrz_lines", ...
  MrzTimings timings;
};

struct MrzReaderOptions {
  std::chrono::year_month_day today{};
  ResolverOptions resolver{};
  // A frame this blurred is never accepted (hold_still), even when every check passes: blur
  // merges '<' with K and similar pairs in names, which no check digit covers.
  double min_focus = 0.035;
};

class MrzReader {
 public:
  static std::expected<MrzReader, std::string> create(std::string_view font_path = kOcrbFontPath);

  // `frame`: BGR, BGRA or gray, 8-bit.
  MrzReading read(const cv::Mat& frame, const MrzReaderOptions& options) const;

  // Several readings of the same document (e.g. consecutive frames): scores are summed per
  // character for the readings of the most common format, then resolved and checked again.
  MrzReading combine(const std::vector<MrzReading>& readings,
                     const MrzReaderOptions& options) const;

 private:
  explicit MrzReader(GlyphMatcher matcher) : matcher_(std::move(matcher)) {}
  MrzReading read_quad(const cv::Mat& gray, const DocumentQuad& quad,
                       const MrzReaderOptions& options, MrzTimings& timings) const;
  GlyphMatcher matcher_;
};

}  // namespace kiosk::devices::id
