#include "devices/id/id_scanner.hpp"

#include <cstdio>
#include <exception>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "devices/qr/preview_jpeg.hpp"

namespace kiosk::devices::id {

IdScanner::IdScanner(FrameSource& source, const MrzReader& reader, CaptureCallback on_capture,
                     IdScannerOptions options)
    : source_(source),
      reader_(reader),
      on_capture_(std::move(on_capture)),
      options_(options),
      session_(reader, options.session) {}

IdScanner::~IdScanner() { stop(); }

void IdScanner::start() {
  if (running_) return;
  // Join threads left over from a stop() requested inside a callback.
  if (grabber_.joinable()) grabber_.join();
  if (reader_thread_.joinable()) reader_thread_.join();
  running_ = true;
  grabber_ = std::thread([this] { grab_loop(); });
  reader_thread_ = std::thread([this] { read_loop(); });
}

void IdScanner::stop() {
  running_ = false;
  wake_.notify_all();
  auto self = std::this_thread::get_id();
  if (grabber_.joinable() && grabber_.get_id() != self) grabber_.join();
  if (reader_thread_.joinable() && reader_thread_.get_id() != self) reader_thread_.join();
  std::lock_guard lock(mutex_);
  slot_.reset();  // a frame from before the stop belongs to no later session
}

void IdScanner::reset() {
  ++generation_;
  wake_.notify_all();
}

IdScanner::Stats IdScanner::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void IdScanner::grab_loop() {
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

void IdScanner::maybe_preview(const cv::Mat& frame) {
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
  call(on_preview_, "id_preview_callback_threw", std::move(jpeg));
}

template <typename F, typename... Args>
void IdScanner::call(const F& cb, const char* event, Args&&... args) {
  if (!cb) return;
  try {
    cb(std::forward<Args>(args)...);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "level=error event=%s what=\"%s\"\n", event, e.what());
  } catch (...) {
    std::fprintf(stderr, "level=error event=%s\n", event);
  }
}

void IdScanner::read_loop() {
  const bool fixed_today = options_.session.reader.today.ok();
  // The session left by the previous start() counts too: a reset() made while stopped must
  // start a new session (read_generation_ persists across starts).
  std::uint64_t& generation = read_generation_;
  while (true) {
    cv::Mat frame;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !running_ || slot_.has_value(); });
      if (!running_) return;
      frame = std::move(*slot_);
      slot_.reset();
    }
    if (generation != generation_) {
      generation = generation_;
      session_.reset();
      last_guidance_.reset();
    }
    if (session_.captured()) continue;  // this session is done until reset()
    if (!fixed_today)
      session_.set_today(std::chrono::year_month_day{
          std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())});
    CaptureStep step = session_.read(frame);
    {
      std::lock_guard lock(mutex_);
      ++stats_.frames_read;
    }
    if (generation != generation_) continue;  // reset() while reading: the old session's frame
    if (step.guidance != last_guidance_) {
      last_guidance_ = step.guidance;
      {
        std::lock_guard lock(mutex_);
        ++stats_.guidance_changes;
      }
      call(on_guidance_, "id_guidance_callback_threw", step.guidance);
    }
    if (step.capture) {
      {
        std::lock_guard lock(mutex_);
        ++stats_.captures;
      }
      call(on_capture_, "id_capture_callback_threw", *step.capture);
    }
  }
}

}  // namespace kiosk::devices::id
