// IdScanner: camera frames from a FrameSource -> guidance for the customer while they hold up
// their document, then one IdCapture when it is accepted. The threads follow QrScanner:
//  * the grabber pulls frames into a one-frame slot; a frame not yet read is overwritten by a
//    newer one (latest frame wins, stats().frames_dropped counts the overwritten ones); with a
//    preview callback it also hands over a small JPEG of the newest frame a few times a second;
//  * the reader thread runs MrzReader on the newest frame through a CaptureSession (single
//    accepted reading, or the last N readings of the same document combined; optional face
//    hook) and calls on_guidance whenever the guidance changes and on_capture once, when the
//    document is accepted. After that it reads nothing until reset() (a new session).
// Callbacks run on the scanner's threads, must be quick and must not throw (a throw is caught
// and logged without data). stop() from inside a callback only asks the threads to stop; a
// later stop() or the destructor joins. The document image in IdCapture is personal data: the
// scanner never logs or writes it; the caller stores it encrypted.
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

#include "devices/id/capture_session.hpp"
#include "devices/id/mrz_reader.hpp"
#include "devices/qr/frame_source.hpp"

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
  using PreviewCallback = std::function<void(std::vector<unsigned char> jpeg)>;

  struct Stats {
    std::uint64_t frames_grabbed = 0;
    std::uint64_t frames_read = 0;
    std::uint64_t frames_dropped = 0;  // overwritten before reading
    std::uint64_t guidance_changes = 0;
    std::uint64_t captures = 0;
    std::uint64_t previews = 0;
  };

  // `reader` must outlive the scanner.
  IdScanner(FrameSource& source, const MrzReader& reader, CaptureCallback on_capture,
            IdScannerOptions options = {});
  ~IdScanner();
  IdScanner(const IdScanner&) = delete;
  IdScanner& operator=(const IdScanner&) = delete;

  // Set before start().
  void on_guidance(GuidanceCallback cb) { on_guidance_ = std::move(cb); }
  void on_preview(PreviewCallback cb) { on_preview_ = std::move(cb); }
  void start();  // no-op when running
  void stop();
  bool running() const { return running_; }
  // A new session: forgets the readings and the capture; the next guidance is reported again.
  void reset();
  Stats stats() const;

 private:
  void grab_loop();
  void read_loop();
  void maybe_preview(const cv::Mat& frame);
  template <typename F, typename... Args>
  void call(const F& cb, const char* event, Args&&... args);

  FrameSource& source_;
  const MrzReader& reader_;
  CaptureCallback on_capture_;
  GuidanceCallback on_guidance_;
  PreviewCallback on_preview_;
  std::chrono::steady_clock::time_point last_preview_{};  // grabber thread only
  IdScannerOptions options_;

  std::atomic<bool> running_{false};
  std::thread grabber_, reader_thread_;

  mutable std::mutex mutex_;  // guards slot_, stats_
  std::condition_variable wake_;
  std::optional<cv::Mat> slot_;
  Stats stats_;
  // Bumped by reset(); the reader thread then starts a new session, and drops what it was
  // reading for the old one.
  std::atomic<std::uint64_t> generation_{0};
  // Reader thread only.
  CaptureSession session_;
  std::uint64_t read_generation_ = 0;  // the generation session_ belongs to
  std::optional<CaptureGuidance> last_guidance_;
};

}  // namespace kiosk::devices::id
