// One customer's document capture, frame by frame, without threads: each MrzReading (with the
// frame it came from) either becomes the accepted IdCapture or a piece of guidance for the
// customer. A reading is accepted on its own, or the last N readings of the same document are
// combined (MrzReader::combine) and accepted together. The accepted document is cut out of the
// frame, perspective-corrected, and handed to the optional face hook; with the hook set, no face
// means no capture (guidance `no_face`). IdScanner runs one of these on its decoder thread.
//
// The document image is personal data: it is only ever handed to the caller in IdCapture (for
// encrypted storage), never logged or written here.
#pragma once

#include <deque>
#include <functional>
#include <opencv2/core.hpp>
#include <optional>

#include "devices/id/mrz_reader.hpp"

namespace kiosk::devices::id {

struct IdCapture {
  MrzReading reading;            // accepted: one frame's, or the combination of several
  int frames_combined = 1;       // 1 = a single frame was accepted
  cv::Mat document;              // BGR, the document perspective-corrected (personal data)
  std::optional<cv::Rect> face;  // on `document`, from the find_face hook (nullopt: no hook)
};

using FindFace = std::function<std::optional<cv::Rect>(const cv::Mat& document)>;

struct CaptureSessionOptions {
  MrzReaderOptions reader;
  int combine_frames = 3;  // N: the last N readings of the same document are combined (< 2: off)
  // Two readings are the same document when at least this share of their MRZ characters agree.
  double same_document = 0.8;
  double document_px_per_mm = 10;  // resolution of IdCapture::document (TD1: 856 x 540)
  FindFace find_face;              // optional: the face on the document, or nullopt to refuse
  // A reading whose resolver repaired characters (check-digit repair) is captured only when
  // another frame of the same run read the same MRZ without repairing any of those positions.
  bool repaired_needs_agreement = true;
};

struct CaptureStep {
  CaptureGuidance guidance = CaptureGuidance::NoDocument;
  std::optional<IdCapture> capture;  // set once per session, on the accepting frame
};

class CaptureSession {
 public:
  CaptureSession(const MrzReader& reader, CaptureSessionOptions options)
      : reader_(reader), options_(std::move(options)) {}

  // `frame` is the one `reading` came from (BGR, BGRA or grey, 8-bit). After a capture, further
  // frames only return `ok` until reset().
  CaptureStep observe(const cv::Mat& frame, MrzReading reading);
  // Reads `frame` with the reader, then observe().
  CaptureStep read(const cv::Mat& frame);

  bool captured() const { return captured_; }
  void reset();
  // The date expiry is judged against, for the readings from now on.
  void set_today(std::chrono::year_month_day today) { options_.reader.today = today; }

  const CaptureSessionOptions& options() const { return options_; }

 private:
  std::optional<IdCapture> accept(const cv::Mat& frame, MrzReading reading, int frames,
                                  CaptureGuidance& guidance) const;

  const MrzReader& reader_;
  CaptureSessionOptions options_;
  bool agreed(const MrzReading& reading, const MrzReading* self) const;

  std::deque<MrzReading> recent_;  // readings with character scores, newest last
  bool captured_ = false;
};

// The document cut out of `frame` by `corners` (tl, tr, br, bl) at `px_per_mm`, BGR.
cv::Mat rectify_document(const cv::Mat& frame, const std::array<cv::Point2f, 4>& corners,
                         flows::identity::MrzFormat format, double px_per_mm);

// Share of positions (row-major) where two readings' MRZ texts agree; 0 when the shapes differ.
double mrz_agreement(const MrzReading& a, const MrzReading& b);

// `repaired` needs no repair, or `other` (another frame) read the same lines and repaired none
// of the positions `repaired` repaired.
bool independently_agrees(const MrzReading& repaired, const MrzReading& other);

}  // namespace kiosk::devices::id
