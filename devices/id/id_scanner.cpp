#include "devices/id/id_scanner.hpp"

namespace kiosk::devices::id {

IdScanner::IdScanner(FrameSource& source, const MrzReader& reader, CaptureCallback on_capture,
                     IdScannerOptions options)
    : on_capture_(std::move(on_capture)),
      options_(options),
      session_(reader, options.session),
      loop_(source, "id", [this](const cv::Mat& frame) { read(frame); },
            {options.idle_wait, options.preview_every, options.preview_width,
             options.preview_quality}) {}

void IdScanner::reset() { ++generation_; }

IdScanner::Stats IdScanner::stats() const {
  LatestFrameLoop::Stats loop = loop_.stats();
  std::lock_guard lock(mutex_);
  Stats s = counts_;
  s.frames_grabbed = loop.grabbed;
  s.frames_dropped = loop.dropped;
  s.previews = loop.previews;
  return s;
}

void IdScanner::read(const cv::Mat& frame) {
  // The session left by the previous start() counts too: a reset() made while stopped must
  // start a new session (read_generation_ persists across starts).
  if (read_generation_ != generation_) {
    read_generation_ = generation_;
    session_.reset();
    last_guidance_.reset();
  }
  if (session_.captured()) return;  // this session is done until reset()
  if (!options_.session.reader.today.ok())
    session_.set_today(std::chrono::year_month_day{
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())});
  CaptureStep step = session_.read(frame);
  {
    std::lock_guard lock(mutex_);
    ++counts_.frames_read;
  }
  if (read_generation_ != generation_) return;  // reset() while reading: the old session's frame
  if (step.guidance != last_guidance_) {
    last_guidance_ = step.guidance;
    {
      std::lock_guard lock(mutex_);
      ++counts_.guidance_changes;
    }
    guarded_call("id_guidance_callback_threw", on_guidance_, step.guidance);
  }
  if (step.capture) {
    {
      std::lock_guard lock(mutex_);
      ++counts_.captures;
    }
    guarded_call("id_capture_callback_threw", on_capture_, *step.capture);
  }
}

}  // namespace kiosk::devices::id
