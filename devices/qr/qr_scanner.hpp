// QrScanner: frames from a FrameSource -> de-duplicated payloads through a callback.
//
// Two threads, started by start() and joined by stop():
//  * the grabber pulls frames from the source as fast as it yields them into a one-frame slot;
//    a frame not yet decoded is overwritten by a newer one (latest frame wins, nothing stale is
//    queued, stats().frames_dropped counts the overwritten ones);
//  * the decoder takes the slot, runs decode_qr, and reports each payload once when it comes
//    into view (PayloadDebouncer), on the decoder thread.
//  * a decoded code's box is the hint (region of interest) for the next frame's decode;
//  * with a preview callback, the grabber also hands over a small JPEG of the newest frame a few
//    times a second (for the scan screen); frames are never kept beyond that.
// The callbacks must be quick and must not throw (a throw is caught and logged). stop() from
// inside the callback only asks the threads to stop; a later stop() or the destructor joins.
// stop() waits for the source's next_frame() to return.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "devices/qr/frame_source.hpp"
#include "devices/qr/payload_debouncer.hpp"
#include "devices/qr/qr_codec.hpp"

namespace kiosk::devices {

struct QrScannerOptions {
  QrDecodeOptions decode;
  int frames_to_forget = 5;  // decoded frames without a payload before it counts as gone
  std::chrono::milliseconds idle_wait{10};       // pause when the source has no frame
  std::chrono::milliseconds preview_every{250};  // live preview: at most this often
  int preview_width = 320;                       // preview JPEG width (height keeps the aspect)
  int preview_quality = 60;                      // JPEG quality 0..100
  bool track_region = true;                      // look first where the previous frame's code was
};

class QrScanner {
 public:
  using Callback = std::function<void(const QrDecodeResult&)>;
  using PreviewCallback = std::function<void(std::vector<unsigned char> jpeg)>;

  struct Stats {
    std::uint64_t frames_grabbed = 0;
    std::uint64_t frames_decoded = 0;
    std::uint64_t frames_dropped = 0;  // overwritten before decoding
    std::uint64_t payloads_reported = 0;
    std::uint64_t previews = 0;
  };

  QrScanner(FrameSource& source, Callback on_payload, QrScannerOptions options = {});
  ~QrScanner();
  QrScanner(const QrScanner&) = delete;
  QrScanner& operator=(const QrScanner&) = delete;

  // Set before start(): called on the grabber thread with a JPEG of the newest frame.
  void on_preview(PreviewCallback cb) { on_preview_ = std::move(cb); }
  void start();  // no-op when running
  void stop();
  bool running() const { return running_; }
  // Forget what is in view: the next sighting of any payload is reported again (new session).
  void reset();
  Stats stats() const;

 private:
  void grab_loop();
  void decode_loop();
  void maybe_preview(const cv::Mat& frame);

  FrameSource& source_;
  Callback on_payload_;
  PreviewCallback on_preview_;
  std::chrono::steady_clock::time_point last_preview_{};  // grabber thread only
  QrScannerOptions options_;

  std::atomic<bool> running_{false};
  std::thread grabber_, decoder_;

  mutable std::mutex mutex_;  // guards slot_, stats_, debouncer_
  std::condition_variable wake_;
  std::optional<cv::Mat> slot_;
  Stats stats_;
  PayloadDebouncer debouncer_;
};

}  // namespace kiosk::devices
