#include "devices/id/capture_session.hpp"

#include <algorithm>
#include <cstdio>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "devices/id/mrz_geometry.hpp"

namespace kiosk::devices::id {

cv::Mat rectify_document(const cv::Mat& frame, const std::array<cv::Point2f, 4>& corners,
                         flows::identity::MrzFormat format, double px_per_mm) {
  const auto g = mrz_geometry(format);
  const float w = static_cast<float>(std::round(g.width_mm * px_per_mm));
  const float h = static_cast<float>(std::round(g.height_mm * px_per_mm));
  const std::array<cv::Point2f, 4> dst = {{{0, 0}, {w, 0}, {w, h}, {0, h}}};
  cv::Mat colour = frame;
  if (frame.channels() == 1)
    cv::cvtColor(frame, colour, cv::COLOR_GRAY2BGR);
  else if (frame.channels() == 4)
    cv::cvtColor(frame, colour, cv::COLOR_BGRA2BGR);
  cv::Mat out;
  cv::warpPerspective(colour, out, cv::getPerspectiveTransform(corners.data(), dst.data()),
                      cv::Size(static_cast<int>(w), static_cast<int>(h)), cv::INTER_LINEAR,
                      cv::BORDER_REPLICATE);
  return out;
}

double mrz_agreement(const MrzReading& a, const MrzReading& b) {
  if (a.lines.empty() || a.lines.size() != b.lines.size()) return 0;
  int same = 0, total = 0;
  for (std::size_t r = 0; r < a.lines.size(); ++r) {
    if (a.lines[r].size() != b.lines[r].size()) return 0;
    for (std::size_t i = 0; i < a.lines[r].size(); ++i) {
      same += a.lines[r][i] == b.lines[r][i];
      ++total;
    }
  }
  return total == 0 ? 0 : static_cast<double>(same) / total;
}

bool independently_agrees(const MrzReading& repaired, const MrzReading& other) {
  if (other.lines != repaired.lines) return false;
  for (int p : repaired.resolved.repaired)
    for (int q : other.resolved.repaired)
      if (p == q) return false;
  return true;
}

namespace {
constexpr int kAgreementRun = 4;  // readings kept for the repaired-read agreement rule
}  // namespace

bool CaptureSession::agreed(const MrzReading& reading, const MrzReading* self) const {
  if (!options_.repaired_needs_agreement || reading.resolved.repairs == 0) return true;
  for (const auto& r : recent_)
    if (&r != self && independently_agrees(reading, r)) return true;
  return false;
}

void CaptureSession::reset() {
  recent_.clear();
  captured_ = false;
}

CaptureStep CaptureSession::read(const cv::Mat& frame) {
  if (captured_) return {CaptureGuidance::Ok, std::nullopt};
  return observe(frame, reader_.read(frame, options_.reader));
}

CaptureStep CaptureSession::observe(const cv::Mat& frame, MrzReading reading) {
  CaptureStep step;
  step.guidance = captured_ ? CaptureGuidance::Ok : reading.quality.guidance;
  if (captured_) return step;
  if (!reading.document_found) {
    recent_.clear();  // the document left the view: a new one starts a new run
    return step;
  }
  // Readings with characters join the run of the same document (a different one restarts it).
  const bool has_text = reading.format && !reading.scores.empty() && !reading.lines.empty();
  const int keep = std::max(options_.combine_frames, kAgreementRun);
  const MrzReading* self = nullptr;
  if (has_text) {
    if (!recent_.empty() && mrz_agreement(recent_.back(), reading) < options_.same_document)
      recent_.clear();
    recent_.push_back(reading);
    while (static_cast<int>(recent_.size()) > keep) recent_.pop_front();
    self = &recent_.back();
  }
  std::optional<IdCapture> capture;
  const int n = options_.combine_frames;
  if (reading.accepted) {
    if (agreed(reading, self))
      capture = accept(frame, std::move(reading), 1, step.guidance);
    else
      step.guidance = CaptureGuidance::HoldStill;  // a repaired read waits for another frame
  } else if (n >= 2 && static_cast<int>(recent_.size()) >= n) {
    MrzReading combined =
        reader_.combine(std::vector<MrzReading>(recent_.end() - n, recent_.end()), options_.reader);
    if (combined.accepted && agreed(combined, nullptr)) {
      // The newest frame is the one cut out.
      combined.corners = recent_.back().corners;
      combined.quality.pitch_px = recent_.back().quality.pitch_px;
      combined.quality.glare_fraction = recent_.back().quality.glare_fraction;
      capture = accept(frame, std::move(combined), n, step.guidance);
    }
  }
  if (capture) {
    captured_ = true;
    recent_.clear();
    step.capture = std::move(capture);
  }
  return step;
}

std::optional<IdCapture> CaptureSession::accept(const cv::Mat& frame, MrzReading reading,
                                                int frames, CaptureGuidance& guidance) const {
  IdCapture c;
  c.document =
      rectify_document(frame, reading.corners, *reading.format, options_.document_px_per_mm);
  if (options_.find_face) {
    try {
      c.face = options_.find_face(c.document);
    } catch (...) {
      std::fprintf(stderr, "level=error event=id_find_face_threw\n");
      c.face.reset();
    }
    if (!c.face) {
      guidance = CaptureGuidance::NoFace;
      return std::nullopt;
    }
  }
  reading.quality.guidance = CaptureGuidance::Ok;
  c.reading = std::move(reading);
  c.frames_combined = frames;
  guidance = CaptureGuidance::Ok;
  return c;
}

}  // namespace kiosk::devices::id
