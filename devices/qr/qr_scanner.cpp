#include "devices/qr/qr_scanner.hpp"

#include <cstdio>
#include <exception>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "devices/qr/preview_jpeg.hpp"

namespace kiosk::devices {

QrScanner::QrScanner(FrameSource& source, Callback on_payload, QrScannerOptions options)
    : source_(source),
      on_payload_(std::move(on_payload)),
      options_(options),
      debouncer_(options.frames_to_forget) {}

QrScanner::~QrScanner() { stop(); }

void QrScanner::start() {
  if (running_) return;
  // Join threads left over from a stop() requested inside the callback.
  if (grabber_.joinable()) grabber_.join();
  if (decoder_.joinable()) decoder_.join();
  running_ = true;
  grabber_ = std::thread([this] { grab_loop(); });
  decoder_ = std::thread([this] { decode_loop(); });
}

void QrScanner::stop() {
  running_ = false;
  wake_.notify_all();
  auto self = std::this_thread::get_id();
  if (grabber_.joinable() && grabber_.get_id() != self) grabber_.join();
  if (decoder_.joinable() && decoder_.get_id() != self) decoder_.join();
}

void QrScanner::reset() {
  std::lock_guard lock(mutex_);
  debouncer_.reset();
}

QrScanner::Stats QrScanner::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void QrScanner::grab_loop() {
  while (running_) {
    std::optional<cv::Mat> frame = source_.next_frame();
    std::unique_lock lock(mutex_);
    if (!frame || frame->empty()) {
      wake_.wait_for(lock, options_.idle_wait, [this] { return !running_; });
      continue;
    }
    lock.unlock();
    maybe_preview(*frame);
    lock.lock();
    if (slot_) ++stats_.frames_dropped;
    slot_ = std::move(frame);
    ++stats_.frames_grabbed;
    lock.unlock();
    wake_.notify_all();
  }
}

void QrScanner::maybe_preview(const cv::Mat& frame) {
  if (!on_preview_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_preview_ < options_.preview_every) return;
  last_preview_ = now;
  auto encoded = preview_jpeg(frame, options_.preview_width, options_.preview_quality);
  if (!encoded) return;
  std::vector<unsigned char> jpeg = std::move(*encoded);
  {
    std::lock_guard lock(mutex_);
    ++stats_.previews;
  }
  try {
    on_preview_(std::move(jpeg));
  } catch (...) {
    std::fprintf(stderr, "level=error event=qr_preview_callback_threw\n");
  }
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

void QrScanner::decode_loop() {
  QrDecodeOptions decode = options_.decode;
  while (true) {
    cv::Mat frame;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !running_ || slot_.has_value(); });
      if (!running_) return;
      frame = std::move(*slot_);
      slot_.reset();
    }
    std::vector<QrDecodeResult> found = decode_qr(frame, decode);
    if (options_.track_region) decode.hint = next_hint(found);
    std::vector<std::string> texts;
    for (const auto& f : found) texts.push_back(f.text);
    std::vector<std::string> fresh;
    {
      std::lock_guard lock(mutex_);
      ++stats_.frames_decoded;
      fresh = debouncer_.observe(texts);
      stats_.payloads_reported += fresh.size();
    }
    for (const auto& text : fresh) {
      for (const auto& f : found) {
        if (f.text != text) continue;
        try {
          on_payload_(f);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "level=error event=qr_callback_threw what=\"%s\"\n", e.what());
        } catch (...) {
          std::fprintf(stderr, "level=error event=qr_callback_threw\n");
        }
        break;
      }
    }
  }
}

}  // namespace kiosk::devices
