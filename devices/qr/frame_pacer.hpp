// Paces a replayed source like a camera: wait() sleeps until the next frame is due at `fps`
// (fps <= 0: never sleeps, for tests and benchmarks).
#pragma once

#include <algorithm>
#include <chrono>
#include <thread>

namespace kiosk::devices {

class FramePacer {
 public:
  explicit FramePacer(double fps) : fps_(fps) {}
  void wait() {
    if (fps_ <= 0) return;
    auto period = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(1.0 / fps_));
    auto now = std::chrono::steady_clock::now();
    if (next_due_ > now) std::this_thread::sleep_until(next_due_);
    next_due_ = std::max(next_due_, now) + period;
  }

 private:
  double fps_;
  std::chrono::steady_clock::time_point next_due_{};
};

}  // namespace kiosk::devices
