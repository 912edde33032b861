// QrScanner: frames from a FrameSource -> de-duplicated payloads through a callback.
//
// The camera threads are a LatestFrameLoop (latest_frame_loop.hpp): the grabber keeps only the
// newest frame (stats().frames_dropped counts the overwritten ones) and, with a preview
// callback, hands over a small JPEG of it a few times a second (for the scan screen); the
// decoder thread runs decode_qr on the newest frame and reports each payload once when it comes
// into view (PayloadDebouncer). A decoded code's box is the hint (region of interest) for the
// next frame's decode. The callbacks must be quick and must not throw (a throw is caught and
// logged). stop() from inside a callback only asks the threads to stop; a later stop() or the
// destructor joins. stop() waits for the source's next_frame() to return.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "devices/qr/decode_timing.hpp"
#include "devices/qr/frame_source.hpp"
#include "devices/qr/latest_frame_loop.hpp"
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
  using PreviewCallback = LatestFrameLoop::PreviewCallback;

  struct Stats {
    std::uint64_t frames_grabbed = 0;
    std::uint64_t frames_decoded = 0;
    std::uint64_t frames_dropped = 0;  // overwritten (or cleared by stop()) before decoding
    std::uint64_t payloads_reported = 0;
    std::uint64_t previews = 0;
    DecodeTimes decode_times;  // every decode, in seconds
  };

  QrScanner(FrameSource& source, Callback on_payload, QrScannerOptions options = {});
  QrScanner(const QrScanner&) = delete;
  QrScanner& operator=(const QrScanner&) = delete;

  // Set before start(): called on the grabber thread with a JPEG of the newest frame.
  void on_preview(PreviewCallback cb) { loop_.on_preview(std::move(cb)); }
  void start() { loop_.start(); }  // no-op when running
  void stop() { loop_.stop(); }
  bool running() const { return loop_.running(); }
  // Forget what is in view and where it was: the next sighting of any payload is reported again
  // (new session).
  void reset();
  Stats stats() const;

 private:
  void decode(const cv::Mat& frame);  // the decoder thread's work

  Callback on_payload_;
  QrScannerOptions options_;
  mutable std::mutex mutex_;  // guards debouncer_, hint_, payloads_reported_
  PayloadDebouncer debouncer_;
  cv::Rect hint_;
  std::uint64_t payloads_reported_ = 0;
  DecodeTimes decode_times_;
  LatestFrameLoop loop_;  // last: its threads stop before the members above go
};

}  // namespace kiosk::devices
