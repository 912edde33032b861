// PayloadDebouncer (pure), SyntheticCamera and QrScanner (threads) together.
#include "devices/qr/qr_scanner.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "devices/qr/payload_debouncer.hpp"
#include "devices/qr/qr_codec.hpp"
#include "sim/camera/sample_payloads.hpp"
#include "sim/camera/synthetic_camera.hpp"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

using Strings = std::vector<std::string>;

// Collects callback payloads across threads.
struct Inbox {
  std::mutex m;
  Strings payloads;
  void add(const std::string& s) {
    std::lock_guard lock(m);
    payloads.push_back(s);
  }
  Strings get() {
    std::lock_guard lock(m);
    return payloads;
  }
};

template <typename Pred>
bool wait_until(Pred pred, std::chrono::milliseconds limit = 20s) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

}  // namespace

TEST_CASE("the debouncer reports a payload once until it has left the view") {
  devices::PayloadDebouncer d(3);
  CHECK(d.observe({}) == Strings{});
  CHECK(d.observe({"A"}) == Strings{"A"});
  CHECK(d.observe({"A", "A"}) == Strings{});
  CHECK(d.observe({}) == Strings{});  // one blurred frame: still in view
  CHECK(d.observe({"A", "B"}) == Strings{"B"});
  CHECK(d.observe({}) == Strings{});
  CHECK(d.observe({}) == Strings{});
  CHECK(d.in_view("A"));
  CHECK(d.observe({}) == Strings{});  // third frame without it: gone
  CHECK_FALSE(d.in_view("A"));
  CHECK(d.observe({"A"}) == Strings{"A"});
  d.reset();
  CHECK(d.observe({"A"}) == Strings{"A"});
}

TEST_CASE("the synthetic camera shows a blank scene, then the code for a while") {
  sim::SyntheticCameraOptions o;
  o.frames_per_present = 3;
  sim::SyntheticCamera camera(o);
  auto decode_next = [&] {
    auto f = camera.next_frame();
    REQUIRE(f);
    CHECK(f->size() == cv::Size(1280, 720));
    return devices::decode_qr(*f);
  };
  CHECK(decode_next().empty());
  CHECK_FALSE(camera.showing_code());
  const std::string payload = sim::sample_payload("USDT/tron", true);
  camera.present(payload);
  CHECK(camera.showing_code());
  for (int i = 0; i < 3; ++i) {
    auto found = decode_next();
    REQUIRE(found.size() == 1);
    CHECK(found[0].text == payload);
  }
  CHECK(decode_next().empty());
  camera.present(payload, std::nullopt, 10);
  camera.clear();
  CHECK(decode_next().empty());
  CHECK(camera.frames_served() == 6);
}

TEST_CASE("the scanner delivers a payload once from the synthetic camera") {
  sim::SyntheticCameraOptions o;
  o.fps = 30;
  o.frames_per_present = 24;  // 0.8 s of code
  sim::SyntheticCamera camera(o);
  Inbox inbox;
  devices::QrScanner scanner(camera, [&](const devices::QrDecodeResult& r) { inbox.add(r.text); });
  scanner.start();
  CHECK(scanner.running());
  std::this_thread::sleep_for(100ms);
  CHECK(inbox.get().empty());

  const std::string payload = sim::sample_payload("BTC/bitcoin", true);
  camera.present(payload);
  REQUIRE(wait_until([&] { return !inbox.get().empty(); }));
  // Let the code stay in view until the camera goes blank, and a little beyond.
  REQUIRE(wait_until([&] { return !camera.showing_code(); }));
  // Enough blank frames decoded for the code to count as gone (frames_to_forget is 5).
  auto decoded_at_blank = scanner.stats().frames_decoded;
  REQUIRE(wait_until([&] { return scanner.stats().frames_decoded >= decoded_at_blank + 7; }));
  CHECK(inbox.get() == Strings{payload});

  // Shown again after it left the view: reported again.
  camera.present(payload);
  REQUIRE(wait_until([&] { return inbox.get().size() == 2; }));
  scanner.stop();
  CHECK_FALSE(scanner.running());
  auto stats = scanner.stats();
  CHECK(stats.payloads_reported == 2);
  CHECK(stats.frames_decoded > 10);
  CHECK(stats.frames_decoded <= stats.frames_grabbed);
}

namespace {

// A source that yields pre-rendered frames "frame N" as fast as asked, then nothing.
class BurstSource : public devices::FrameSource {
 public:
  explicit BurstSource(int count) {
    for (int i = 0; i < 8; ++i) {
      auto modules = devices::encode_qr("frame " + std::to_string(i));
      cv::Mat big;
      cv::resize(*modules, big, cv::Size(), 8, 8, cv::INTER_NEAREST);
      cv::Mat canvas(480, 640, CV_8UC1, cv::Scalar(255));
      big.copyTo(canvas(cv::Rect(40, 40, big.cols, big.rows)));
      frames_.push_back(canvas);
    }
    count_ = count;
  }
  std::optional<cv::Mat> next_frame() override {
    int i = served_.load();
    if (i >= count_) return std::nullopt;
    ++served_;
    // Frame i shows "frame (i / (count/8))": each payload for a run of frames.
    return frames_[static_cast<std::size_t>(i * 8 / count_)].clone();
  }
  std::atomic<int> served_{0};

 private:
  std::vector<cv::Mat> frames_;
  int count_;
};

}  // namespace

TEST_CASE("latest frame wins: stale frames are dropped, never decoded late") {
  BurstSource source(400);
  Inbox inbox;
  devices::QrScannerOptions opts;
  opts.frames_to_forget = 1000;  // never forget: each payload at most once
  devices::QrScanner scanner(
      source, [&](const devices::QrDecodeResult& r) { inbox.add(r.text); }, opts);
  scanner.start();
  bool all_served = wait_until([&] { return source.served_.load() >= 400; });
  CAPTURE(source.served_.load());
  CAPTURE(scanner.stats().frames_decoded);
  REQUIRE(all_served);
  std::this_thread::sleep_for(100ms);
  scanner.stop();
  auto stats = scanner.stats();
  CHECK(stats.frames_grabbed == 400);
  CHECK(stats.frames_dropped > 0);
  CHECK(stats.frames_decoded + stats.frames_dropped == stats.frames_grabbed);
  // Reported in the order shown: nothing stale was decoded after something newer.
  auto got = inbox.get();
  REQUIRE_FALSE(got.empty());
  for (std::size_t i = 1; i < got.size(); ++i) CHECK(got[i - 1] < got[i]);
  CHECK(got.back() == "frame 7");  // the last frame is always decoded
}

TEST_CASE("a callback that throws does not stop the scanner; stop() is idempotent") {
  sim::SyntheticCameraOptions o;
  o.fps = 60;
  o.frames_per_present = 1000;
  sim::SyntheticCamera camera(o);
  std::atomic<int> calls{0};
  devices::QrScanner scanner(camera, [&](const devices::QrDecodeResult&) {
    ++calls;
    throw std::runtime_error("boom");
  });
  scanner.start();
  scanner.start();  // no-op
  camera.present(sim::sample_payload("ETH/ethereum", true));
  REQUIRE(wait_until([&] { return calls.load() >= 1; }));
  scanner.reset();  // forget: the code still in view is reported again
  REQUIRE(wait_until([&] { return calls.load() >= 2; }));
  CHECK(scanner.running());
  scanner.stop();
  scanner.stop();
}
