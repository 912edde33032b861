#include "devices/qr/qr_scanner.hpp"

#include <cstdio>
#include <exception>

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
    if (slot_) ++stats_.frames_dropped;
    slot_ = std::move(frame);
    ++stats_.frames_grabbed;
    lock.unlock();
    wake_.notify_all();
  }
}

void QrScanner::decode_loop() {
  while (true) {
    cv::Mat frame;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !running_ || slot_.has_value(); });
      if (!running_) return;
      frame = std::move(*slot_);
      slot_.reset();
    }
    std::vector<QrDecodeResult> found = decode_qr(frame, options_.decode);
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
