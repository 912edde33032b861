// SelfieScanner: the selfie step's camera loop, a LatestFrameLoop
// (devices/qr/latest_frame_loop.hpp): its grabber keeps only the newest frame and hands the
// preview JPEG over a few times a second without waiting for the face detector; its worker
// judges the newest frame with FaceDetector::check_selfie. The guidance is reported whenever it
// changes (for the screen: "move closer", "only one person"), a refusal that persists
// (`refuse_after` judged frames in a row with the same guidance) is reported once as a result,
// and the first selfie accepted in `frames_needed` consecutive judged frames is reported with
// its JPEG — then nothing more until reset(). The JPEG is personal data: kept in memory only and
// handed to the caller, who seals it. Callbacks run on the scanner's threads, must be quick and
// must not throw (a throw is caught and logged without data). stop() from inside a callback
// only asks the threads to stop; a later stop() or the destructor joins.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "devices/face/face_detector.hpp"
#include "devices/qr/frame_source.hpp"
#include "devices/qr/latest_frame_loop.hpp"

namespace kiosk::devices::face {

struct SelfieScannerOptions {
  int frames_needed = 2;  // consecutive accepted frames before the selfie is taken
  int refuse_after = 3;   // consecutive frames with the same refusal before it is reported
  int jpeg_quality = 85;  // the selfie sent to the exchange
  std::chrono::milliseconds idle_wait{10};
  std::chrono::milliseconds preview_every{250};
  int preview_width = 320;
  int preview_quality = 60;
};

struct SelfieResult {
  bool accepted = false;
  SelfieGuidance guidance = SelfieGuidance::no_face;  // ok when accepted
  std::vector<unsigned char> jpeg;                    // the selfie, when accepted
};

class SelfieScanner {
 public:
  using ResultCallback = std::function<void(SelfieResult)>;
  using GuidanceCallback = std::function<void(SelfieGuidance)>;
  using PreviewCallback = LatestFrameLoop::PreviewCallback;

  // `detector` must outlive the scanner.
  SelfieScanner(FrameSource& source, const FaceDetector& detector, ResultCallback on_result,
                SelfieScannerOptions options = {});
  SelfieScanner(const SelfieScanner&) = delete;
  SelfieScanner& operator=(const SelfieScanner&) = delete;

  void on_guidance(GuidanceCallback cb) { on_guidance_ = std::move(cb); }   // before start()
  void on_preview(PreviewCallback cb) { loop_.on_preview(std::move(cb)); }  // before start()
  void start() { loop_.start(); }                                           // no-op when running
  void stop() { loop_.stop(); }
  bool running() const { return loop_.running(); }
  void reset();  // a new attempt: the next selfie is reported again

 private:
  void judge(const cv::Mat& frame);  // the worker thread's work

  const FaceDetector& detector_;
  ResultCallback on_result_;
  GuidanceCallback on_guidance_;
  SelfieScannerOptions options_;
  std::atomic<bool> reset_requested_{false};
  // Worker thread only.
  std::optional<SelfieGuidance> last_guidance_;
  int streak_ = 0;
  bool reported_streak_ = false;
  bool taken_ = false;
  LatestFrameLoop loop_;  // last: its threads stop before the members above go
};

}  // namespace kiosk::devices::face
