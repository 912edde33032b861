#include "devices/qr/latest_frame_loop.hpp"

#include <cstdio>

#include "devices/qr/preview_jpeg.hpp"

namespace kiosk::devices {

namespace {
// The loop whose grabber or worker this thread is: stop() from inside a callback must not join.
thread_local const LatestFrameLoop* loop_of_this_thread = nullptr;
}  // namespace

void log_callback_error(std::string_view event, std::string_view what) {
  std::fprintf(stderr, "level=error event=%.*s what=\"%.*s\"\n", static_cast<int>(event.size()),
               event.data(), static_cast<int>(what.size()), what.data());
}

LatestFrameLoop::LatestFrameLoop(FrameSource& source, std::string_view name, Work work,
                                 LatestFrameLoopOptions options)
    : source_(source),
      work_(std::move(work)),
      options_(options),
      work_event_(std::string(name) + "_work_threw"),
      preview_event_(std::string(name) + "_preview_callback_threw") {}

LatestFrameLoop::~LatestFrameLoop() { stop(); }

void LatestFrameLoop::start() {
  if (running_) return;
  // Join threads left over from a stop() requested inside a callback.
  if (grabber_.joinable()) grabber_.join();
  if (worker_.joinable()) worker_.join();
  running_ = true;
  last_preview_.reset();  // a new session shows its first frame at once
  grabber_ = std::thread([this] { grab_loop(); });
  worker_ = std::thread([this] { work_loop(); });
}

void LatestFrameLoop::stop() {
  running_ = false;
  {
    std::lock_guard lock(mutex_);
    if (slot_) ++stats_.dropped;
    slot_.reset();  // a frame from before the stop belongs to no later session
  }
  wake_.notify_all();
  if (loop_of_this_thread == this) return;  // inside a callback: a later stop() joins
  if (grabber_.joinable()) grabber_.join();
  if (worker_.joinable()) worker_.join();
}

LatestFrameLoop::Stats LatestFrameLoop::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void LatestFrameLoop::grab_loop() {
  loop_of_this_thread = this;
  while (running_) {
    std::optional<cv::Mat> frame = source_.next_frame();
    if (!frame || frame->empty()) {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, options_.idle_wait, [this] { return !running_; });
      continue;
    }
    if (!running_) break;
    maybe_preview(*frame);
    {
      std::lock_guard lock(mutex_);
      if (!running_) break;  // stopped meanwhile: the slot stays empty
      ++stats_.grabbed;
      if (slot_) ++stats_.dropped;
      slot_ = std::move(frame);
    }
    wake_.notify_all();
  }
}

void LatestFrameLoop::maybe_preview(const cv::Mat& frame) {
  if (!on_preview_) return;
  auto now = std::chrono::steady_clock::now();
  if (last_preview_ && now - *last_preview_ < options_.preview_every) return;
  last_preview_ = now;
  auto jpeg = preview_jpeg(frame, options_.preview_width, options_.preview_quality);
  if (!jpeg) return;
  {
    std::lock_guard lock(mutex_);
    ++stats_.previews;
  }
  guarded_call(preview_event_, on_preview_, std::move(*jpeg));
}

void LatestFrameLoop::work_loop() {
  loop_of_this_thread = this;
  while (true) {
    cv::Mat frame;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !running_ || slot_.has_value(); });
      if (!running_) return;
      frame = std::move(*slot_);
      slot_.reset();
    }
    guarded_call(work_event_, work_, frame);
    std::lock_guard lock(mutex_);
    ++stats_.processed;
  }
}

}  // namespace kiosk::devices
