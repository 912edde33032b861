// LatestFrameLoop (devices/qr/latest_frame_loop.hpp): the camera threads shared by the QR,
// document and selfie scanners, driven by a scripted FrameSource. No timing assertions: the
// tests count events and wait on conditions with generous limits.
#include "devices/qr/latest_frame_loop.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

// Frames numbered first, first+1, ... (the number is in the first two pixels); it serves a frame
// only while fewer than `allowed` were served, and nullopt otherwise (the loop idles).
class NumberedSource : public devices::FrameSource {
 public:
  std::optional<cv::Mat> next_frame() override {
    std::lock_guard lock(m_);
    if (served_ >= allowed_) return std::nullopt;
    int n = first_ + served_++;
    cv::Mat frame(8, 8, CV_8UC1, cv::Scalar(128));
    frame.at<unsigned char>(0, 0) = static_cast<unsigned char>(n & 0xff);
    frame.at<unsigned char>(0, 1) = static_cast<unsigned char>(n >> 8);
    return frame;
  }
  void allow(int frames) {
    std::lock_guard lock(m_);
    allowed_ = frames;
  }
  // A new scene: frames numbered from `first`, none served yet.
  void restart_at(int first, int allowed) {
    std::lock_guard lock(m_);
    first_ = first;
    served_ = 0;
    allowed_ = allowed;
  }

 private:
  std::mutex m_;
  int first_ = 0, served_ = 0, allowed_ = 0;
};

int number_of(const cv::Mat& frame) {
  return frame.at<unsigned char>(0, 0) | (frame.at<unsigned char>(0, 1) << 8);
}

// The frame numbers the work saw, across threads.
struct Seen {
  std::mutex m;
  std::vector<int> numbers;
  void add(int n) {
    std::lock_guard lock(m);
    numbers.push_back(n);
  }
  std::vector<int> get() {
    std::lock_guard lock(m);
    return numbers;
  }
};

template <typename Pred>
bool wait_until(Pred pred, std::chrono::milliseconds limit = 20s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return pred();
}

// Everything written to stderr while it lives (the loop's log lines).
class StderrCapture {
 public:
  StderrCapture() : file_(std::tmpfile()) {
    std::fflush(stderr);
    saved_ = dup(2);
    dup2(fileno(file_), 2);
  }
  ~StderrCapture() {
    std::fflush(stderr);
    dup2(saved_, 2);
    close(saved_);
    std::fclose(file_);
  }
  std::string text() {
    std::fflush(stderr);
    std::string out;
    std::rewind(file_);
    for (int c; (c = std::fgetc(file_)) != EOF;) out += static_cast<char>(c);
    return out;
  }

 private:
  std::FILE* file_;
  int saved_ = -1;
};

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

devices::LatestFrameLoopOptions quick() {
  devices::LatestFrameLoopOptions o;
  o.idle_wait = 1ms;
  return o;
}

}  // namespace

TEST_CASE("a slow worker sees the newest frame; the overwritten ones are counted as dropped") {
  constexpr int kFrames = 50;
  NumberedSource source;
  source.allow(1);  // frame 0 only, until the worker holds it
  Seen seen;
  std::atomic<bool> all_grabbed{false};
  devices::LatestFrameLoop* self = nullptr;
  devices::LatestFrameLoop loop(
      source, "test",
      [&](const cv::Mat& frame) {
        seen.add(number_of(frame));
        if (number_of(frame) != 0) return;
        // Busy with frame 0 while the grabber takes all the others.
        source.allow(kFrames);
        all_grabbed = wait_until([&] { return self->stats().grabbed == kFrames; });
      },
      quick());
  self = &loop;
  loop.start();
  REQUIRE(wait_until([&] { return loop.stats().processed == 2; }));
  loop.stop();
  CHECK(all_grabbed.load());
  CHECK(seen.get() == std::vector<int>{0, kFrames - 1});
  auto stats = loop.stats();
  CHECK(stats.grabbed == kFrames);
  CHECK(stats.processed == 2);
  CHECK(stats.dropped == kFrames - 2);
  CHECK(stats.previews == 0);  // no preview callback
}

TEST_CASE("stop() from inside the work only asks; a later stop() joins and start() runs again") {
  NumberedSource source;
  source.allow(1'000'000'000);  // more than the test can take
  std::atomic<int> calls{0};
  devices::LatestFrameLoop* self = nullptr;
  devices::LatestFrameLoop loop(
      source, "test",
      [&](const cv::Mat&) {
        if (++calls == 3) self->stop();
      },
      quick());
  self = &loop;
  loop.start();
  REQUIRE(wait_until([&] { return calls.load() >= 3; }));
  REQUIRE(wait_until([&] { return !loop.running(); }));
  loop.stop();  // joins the threads the callback could not
  CHECK(calls.load() == 3);
  CHECK(loop.stats().processed == 3);

  loop.start();
  CHECK(loop.running());
  REQUIRE(wait_until([&] { return calls.load() >= 5; }));
  loop.stop();
  CHECK_FALSE(loop.running());
}

TEST_CASE("stop() from inside the preview callback only asks the threads to stop") {
  NumberedSource source;
  source.allow(1'000'000'000);
  std::atomic<int> previews{0};
  auto o = quick();
  o.preview_every = 0ms;
  devices::LatestFrameLoop loop(
      source, "test", [](const cv::Mat&) {}, o);
  loop.on_preview([&](std::vector<unsigned char>) {
    if (++previews == 2) loop.stop();
  });
  loop.start();
  REQUIRE(wait_until([&] { return !loop.running(); }));
  loop.stop();
  CHECK(previews.load() == 2);
  CHECK(loop.stats().previews == 2);
}

TEST_CASE("a throwing work or preview callback is logged without data and the loop goes on") {
  NumberedSource source;
  source.allow(1);
  StderrCapture log;
  std::atomic<int> calls{0};
  auto o = quick();
  o.preview_every = 0ms;
  devices::LatestFrameLoop loop(
      source, "test",
      [&](const cv::Mat& frame) {
        ++calls;
        if (number_of(frame) % 2 == 0) throw std::runtime_error("boom");
        throw 7;  // not a std::exception
      },
      o);
  loop.on_preview([](std::vector<unsigned char>) { throw std::runtime_error("preview boom"); });
  loop.start();
  // Each frame waits for the worker before the next is served: every frame is worked on.
  for (int n = 1; n <= 5; ++n) {
    REQUIRE(wait_until([&] { return loop.stats().processed == static_cast<unsigned>(n); }));
    if (n < 5) source.allow(n + 1);
  }
  loop.stop();
  std::string text = log.text();
  CHECK(calls.load() == 5);
  CHECK(count_of(text, "level=error event=test_work_threw what=\"boom\"\n") == 3);  // 0, 2, 4
  CHECK(count_of(text, "level=error event=test_work_threw what=\"unknown exception\"\n") == 2);
  CHECK(count_of(text, "event=test_preview_callback_threw what=\"preview boom\"\n") == 5);
  CHECK(loop.stats().previews == 5);
}

TEST_CASE("no frame from before stop() reaches the work after a restart") {
  NumberedSource source;
  source.allow(1);  // frame 0, then frame 1 once the work holds frame 0
  Seen seen;
  std::mutex gate;
  gate.lock();  // the work holds frame 0 until the test opens it
  devices::LatestFrameLoop loop(
      source, "test",
      [&](const cv::Mat& frame) {
        seen.add(number_of(frame));
        if (number_of(frame) == 0) {
          std::lock_guard wait_for_test(gate);
        }
      },
      quick());
  loop.start();
  REQUIRE(wait_until([&] { return seen.get().size() == 1; }));
  source.allow(2);
  // Frame 0 is in the work, frame 1 waits in the slot.
  REQUIRE(wait_until([&] { return loop.stats().grabbed == 2; }));
  std::thread stopper([&] { loop.stop(); });
  // stop() clears the slot (frame 1 counts as dropped) before it waits for the work.
  REQUIRE(wait_until([&] { return loop.stats().dropped == 1; }));
  gate.unlock();
  stopper.join();
  CHECK(seen.get() == std::vector<int>{0});

  source.restart_at(1000, 3);  // the next session's frames
  loop.start();
  REQUIRE(wait_until([&] { return loop.stats().grabbed == 5; }));
  REQUIRE(wait_until([&] { return loop.stats().processed + loop.stats().dropped == 5; }));
  loop.stop();
  auto numbers = seen.get();
  REQUIRE(numbers.size() >= 2);
  CHECK(numbers[0] == 0);
  for (std::size_t i = 1; i < numbers.size(); ++i) CHECK(numbers[i] >= 1000);
  CHECK(numbers.back() == 1002);  // the newest frame is always worked on
}

TEST_CASE("the preview is throttled to one per preview_every and is a JPEG of the frame") {
  constexpr int kFrames = 30;
  NumberedSource source;
  source.allow(kFrames);
  std::atomic<int> previews{0};
  std::vector<unsigned char> first;
  std::mutex m;
  auto o = quick();

  SUBCASE("every frame when preview_every is 0") { o.preview_every = 0ms; }
  SUBCASE("one in an hour") { o.preview_every = std::chrono::hours(1); }

  devices::LatestFrameLoop loop(
      source, "test", [](const cv::Mat&) {}, o);
  loop.on_preview([&](std::vector<unsigned char> jpeg) {
    std::lock_guard lock(m);
    if (previews++ == 0) first = std::move(jpeg);
  });
  loop.start();
  REQUIRE(wait_until([&] { return loop.stats().grabbed == kFrames; }));
  loop.stop();
  const int expected = o.preview_every.count() == 0 ? kFrames : 1;
  CHECK(previews.load() == expected);
  CHECK(loop.stats().previews == static_cast<unsigned>(expected));
  std::lock_guard lock(m);
  REQUIRE(first.size() > 2);
  CHECK(first[0] == 0xFF);
  CHECK(first[1] == 0xD8);  // JPEG start of image
}

// Regression: the last preview started at the steady_clock epoch (boot) as "never", so a machine
// booted less than preview_every ago showed no preview at all (make test failed within an hour
// of boot). A period longer than any uptime shows the bug on every machine.
TEST_CASE(
    "the first preview of each start() is immediate, even when preview_every exceeds the uptime") {
  NumberedSource source;
  source.allow(3);
  std::atomic<int> previews{0};
  auto o = quick();
  o.preview_every = std::chrono::hours(24 * 365 * 100);  // a century: longer than any uptime
  devices::LatestFrameLoop loop(
      source, "test", [](const cv::Mat&) {}, o);
  loop.on_preview([&](std::vector<unsigned char>) { ++previews; });
  loop.start();
  REQUIRE(wait_until([&] { return loop.stats().grabbed == 3; }));
  loop.stop();
  CHECK(previews.load() == 1);
  CHECK(loop.stats().previews == 1);

  source.restart_at(100, 3);  // the next session shows its first frame at once too
  loop.start();
  REQUIRE(wait_until([&] { return loop.stats().grabbed == 6; }));
  loop.stop();
  CHECK(previews.load() == 2);
}

TEST_CASE("a source with no frame idles until stop()") {
  NumberedSource source;  // never allows a frame
  std::atomic<int> calls{0};
  devices::LatestFrameLoop loop(
      source, "test", [&](const cv::Mat&) { ++calls; }, quick());
  loop.start();
  loop.start();  // no-op
  CHECK(loop.running());
  source.allow(1);
  REQUIRE(wait_until([&] { return calls.load() == 1; }));
  loop.stop();
  loop.stop();  // idempotent
  CHECK(loop.stats().grabbed == 1);
  CHECK(loop.stats().processed == 1);
}
