// IdScanner: camera frames from a FrameSource -> guidance for the customer while they hold up
// their document, then one IdCapture when it is accepted. The camera threads are a
// LatestFrameLoop (devices/qr/latest_frame_loop.hpp), as in QrScanner:
//  * its grabber keeps only the newest frame (stats().frames_dropped counts the overwritten
//    ones) and, with a preview callback, hands over a small JPEG of it a few times a second;
//  * its worker (the reader thread) runs MrzReader on the newest frame through a CaptureSession
//    (single accepted reading, or the last N readings of the same document combined; optional
//    face hook) and calls on_guidance whenever the guidance changes and on_capture once, when
//    the document is accepted. After that it reads nothing until reset() (a new session).
// Callbacks run on the scanner's threads, must be quick and must not throw (a throw is caught
// and logged without data). stop() from inside a callback only asks the threads to stop; a
// later stop() or the destructor joins. The document image in IdCapture is personal data: the
// scanner never logs or writes it; the caller stores it encrypted.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "devices/id/capture_session.hpp"
#include "devices/id/mrz_reader.hpp"
#include "devices/qr/frame_source.hpp"
#include "devices/qr/latest_frame_loop.hpp"

namespace kiosk::devices::id {

struct IdScannerOptions {
  // `session.reader.today`: the date expiry is judged against; left unset (not ok()), the
  // scanner takes today's UTC date from the system clock for each frame.
  CaptureSessionOptions session;
  std::chrono::milliseconds idle_wait{10};       // pause when the source has no frame
  std::chrono::milliseconds preview_every{250};  // live preview: at most this often
  int preview_width = 320;                       // preview JPEG width (height keeps the aspect)
  int preview_quality = 60;                      // JPEG quality 0..100
};

class IdScanner {
 public:
  using CaptureCallback = std::function<void(const IdCapture&)>;
  using GuidanceCallback = std::function<void(CaptureGuidance)>;
  using PreviewCallback = LatestFrameLoop::PreviewCallback;

  struct Stats {
    std::uint64_t frames_grabbed = 0;
    std::uint64_t frames_read = 0;
    std::uint64_t frames_dropped = 0;  // overwritten (or cleared by stop()) before reading
    std::uint64_t guidance_changes = 0;
    std::uint64_t captures = 0;
    std::uint64_t previews = 0;
  };

  // `reader` must outlive the scanner.
  IdScanner(FrameSource& source, const MrzReader& reader, CaptureCallback on_capture,
            IdScannerOptions options = {});
  IdScanner(const IdScanner&) = delete;
  IdScanner& operator=(const IdScanner&) = delete;

  // Set before start().
  void on_guidance(GuidanceCallback cb) { on_guidance_ = std::move(cb); }
  void on_preview(PreviewCallback cb) { loop_.on_preview(std::move(cb)); }
  void start() { loop_.start(); }  // no-op when running
  void stop() { loop_.stop(); }
  bool running() const { return loop_.running(); }
  // A new session: forgets the readings and the capture; the next guidance is reported again.
  void reset();
  Stats stats() const;

 private:
  void read(const cv::Mat& frame);  // the reader thread's work

  CaptureCallback on_capture_;
  GuidanceCallback on_guidance_;
  IdScannerOptions options_;

  mutable std::mutex mutex_;  // guards counts_
  Stats counts_;              // frames_read, guidance_changes, captures (the loop has the rest)
  // Bumped by reset(); the reader thread then starts a new session, and drops what it was
  // reading for the old one.
  std::atomic<std::uint64_t> generation_{0};
  // Reader thread only.
  CaptureSession session_;
  std::uint64_t read_generation_ = 0;  // the generation session_ belongs to
  std::optional<CaptureGuidance> last_guidance_;
  LatestFrameLoop loop_;  // last: its threads stop before the members above go
};

}  // namespace kiosk::devices::id
