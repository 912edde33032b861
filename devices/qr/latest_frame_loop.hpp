// LatestFrameLoop: the camera threads of the QR, document and selfie scanners, in one place.
//
// Two threads, started by start() and joined by stop():
//  * the grabber pulls frames from a FrameSource as fast as it yields them into a one-frame
//    slot; a frame not yet processed is overwritten by a newer one (latest frame wins, nothing
//    stale is queued, stats().dropped counts the overwritten ones); when the source has no frame
//    it waits `idle_wait`. With a preview callback it also hands over a small JPEG of the newest
//    frame at most every `preview_every`, the first one of each start() at once
//    (preview_jpeg.hpp); frames are never kept beyond that;
//  * the worker takes the newest frame from the slot and runs the scanner's work on it.
// stop() clears the slot (counted as dropped): a frame from before the stop belongs to no later
// session. The work and the preview callback must be quick; a throw is caught and logged as one
// line without frame data (guarded_call). stop() from inside the work or the preview callback
// only asks the threads to stop; a later stop(), start() or the destructor joins. stop() waits
// for the source's next_frame() to return.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "devices/qr/frame_source.hpp"

namespace kiosk::devices {

// One log line `level=error event=<event> what="<message>"`; never any frame data.
void log_callback_error(std::string_view event, std::string_view what);

// Calls `cb(args...)` when it is set; a throw is caught and logged (log_callback_error).
template <typename... Params, typename... Args>
void guarded_call(std::string_view event, const std::function<void(Params...)>& cb,
                  Args&&... args) {
  if (!cb) return;
  try {
    cb(std::forward<Args>(args)...);
  } catch (const std::exception& e) {
    log_callback_error(event, e.what());
  } catch (...) {
    log_callback_error(event, "unknown exception");
  }
}

struct LatestFrameLoopOptions {
  std::chrono::milliseconds idle_wait{10};       // pause when the source has no frame
  std::chrono::milliseconds preview_every{250};  // live preview: at most this often
  int preview_width = 320;                       // preview JPEG width (height keeps the aspect)
  int preview_quality = 60;                      // JPEG quality 0..100
};

class LatestFrameLoop {
 public:
  using Work = std::function<void(const cv::Mat& frame)>;  // on the worker thread
  using PreviewCallback = std::function<void(std::vector<unsigned char> jpeg)>;

  struct Stats {
    std::uint64_t grabbed = 0;
    std::uint64_t processed = 0;  // handed to the work
    std::uint64_t dropped = 0;    // overwritten, or cleared by stop(), before the work saw them
    std::uint64_t previews = 0;
  };

  // `name` prefixes the log events (`<name>_work_threw`, `<name>_preview_callback_threw`).
  LatestFrameLoop(FrameSource& source, std::string_view name, Work work,
                  LatestFrameLoopOptions options = {});
  ~LatestFrameLoop();
  LatestFrameLoop(const LatestFrameLoop&) = delete;
  LatestFrameLoop& operator=(const LatestFrameLoop&) = delete;

  // Set before start(): called on the grabber thread with a JPEG of the newest frame.
  void on_preview(PreviewCallback cb) { on_preview_ = std::move(cb); }
  void start();  // no-op when running
  void stop();
  bool running() const { return running_; }
  Stats stats() const;

 private:
  void grab_loop();
  void work_loop();
  void maybe_preview(const cv::Mat& frame);

  FrameSource& source_;
  Work work_;
  PreviewCallback on_preview_;
  LatestFrameLoopOptions options_;
  std::string work_event_, preview_event_;
  // Grabber thread only. Empty until the first preview: the steady_clock epoch is the boot, so
  // it cannot stand for "never" (a machine booted less than preview_every ago got none).
  std::optional<std::chrono::steady_clock::time_point> last_preview_;

  std::atomic<bool> running_{false};
  std::thread grabber_, worker_;

  mutable std::mutex mutex_;  // guards slot_, stats_
  std::condition_variable wake_;
  std::optional<cv::Mat> slot_;
  Stats stats_;
};

}  // namespace kiosk::devices
