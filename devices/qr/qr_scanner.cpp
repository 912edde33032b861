#include "devices/qr/qr_scanner.hpp"

#include <chrono>
#include <opencv2/imgproc.hpp>

namespace kiosk::devices {

QrScanner::QrScanner(FrameSource& source, Callback on_payload, QrScannerOptions options)
    : on_payload_(std::move(on_payload)),
      options_(options),
      debouncer_(options.frames_to_forget),
      hint_(options.decode.hint),
      loop_(source, "qr", [this](const cv::Mat& frame) { decode(frame); },
            {options.idle_wait, options.preview_every, options.preview_width,
             options.preview_quality}) {}

void QrScanner::reset() {
  std::lock_guard lock(mutex_);
  debouncer_.reset();
  hint_ = options_.decode.hint;
}

QrScanner::Stats QrScanner::stats() const {
  LatestFrameLoop::Stats loop = loop_.stats();
  std::lock_guard lock(mutex_);
  return {loop.grabbed,       loop.processed, loop.dropped,
          payloads_reported_, loop.previews,  decode_times_};
}

namespace {
// The box around a code's corners, grown by half its size each way: where to look next frame.
cv::Rect next_hint(const std::vector<QrDecodeResult>& found) {
  if (found.empty()) return {};
  std::vector<cv::Point> pts(found[0].corners.begin(), found[0].corners.end());
  cv::Rect r = cv::boundingRect(pts);
  int gx = r.width / 2 + 8, gy = r.height / 2 + 8;
  return cv::Rect(r.x - gx, r.y - gy, r.width + 2 * gx, r.height + 2 * gy);
}
}  // namespace

void QrScanner::decode(const cv::Mat& frame) {
  QrDecodeOptions decode = options_.decode;
  if (options_.track_region) {
    std::lock_guard lock(mutex_);
    decode.hint = hint_;
  }
  const auto started = std::chrono::steady_clock::now();
  std::vector<QrDecodeResult> found = decode_qr(frame, decode);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::vector<std::string> texts;
  for (const auto& f : found) texts.push_back(f.text);
  std::vector<std::string> fresh;
  {
    std::lock_guard lock(mutex_);
    if (options_.track_region) hint_ = next_hint(found);
    fresh = debouncer_.observe(texts);
    decode_times_.add(took.count());
    payloads_reported_ += fresh.size();
  }
  for (const auto& text : fresh) {
    for (const auto& f : found) {
      if (f.text != text) continue;
      guarded_call("qr_callback_threw", on_payload_, f);
      break;
    }
  }
}

}  // namespace kiosk::devices
