// SelfieScanner: the selfie step's camera loop. One thread pulls frames from a FrameSource and
// judges each with FaceDetector::check_selfie: the guidance is reported whenever it changes (for
// the screen: "move closer", "only one person"), a refusal that persists (`refuse_after` frames
// in a row with the same guidance) is reported once as a result, and the first selfie accepted
// in `frames_needed` consecutive frames is reported with its JPEG — then nothing more until
// reset(). The JPEG is personal data: kept in memory only and handed to the caller, who seals it.
// Callbacks run on the scanner's thread, must be quick and must not throw.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "devices/face/face_detector.hpp"
#include "devices/qr/frame_source.hpp"

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
  using PreviewCallback = std::function<void(std::vector<unsigned char> jpeg)>;

  // `detector` must outlive the scanner.
  SelfieScanner(FrameSource& source, const FaceDetector& detector, ResultCallback on_result,
                SelfieScannerOptions options = {});
  ~SelfieScanner();
  SelfieScanner(const SelfieScanner&) = delete;
  SelfieScanner& operator=(const SelfieScanner&) = delete;

  void on_guidance(GuidanceCallback cb) { on_guidance_ = std::move(cb); }  // before start()
  void on_preview(PreviewCallback cb) { on_preview_ = std::move(cb); }     // before start()
  void start();
  void stop();
  bool running() const { return running_; }
  void reset();  // a new attempt: the next selfie is reported again

 private:
  void loop();
  void judge(const cv::Mat& frame);
  void preview(const cv::Mat& frame);

  FrameSource& source_;
  const FaceDetector& detector_;
  ResultCallback on_result_;
  GuidanceCallback on_guidance_;
  PreviewCallback on_preview_;
  SelfieScannerOptions options_;
  std::atomic<bool> running_{false};
  std::atomic<bool> reset_requested_{false};
  std::thread thread_;
  // Loop thread only.
  std::optional<SelfieGuidance> last_guidance_;
  int streak_ = 0;
  bool reported_streak_ = false;
  bool taken_ = false;
  std::chrono::steady_clock::time_point last_preview_{};
};

}  // namespace kiosk::devices::face
