// SelfieScanner (threads, callbacks) on synthetic selfies: the selfie is taken once per attempt,
// a persistent refusal is reported once, and the preview does not wait for the detector.
#include "devices/face/selfie_scanner.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <opencv2/imgcodecs.hpp>
#include <stdexcept>
#include <thread>

#include "face_test_support.hpp"
#include "sim/camera/synthetic_face.hpp"

using namespace kiosk;
using namespace std::chrono_literals;
using devices::face::SelfieGuidance;
using devices::face::SelfieResult;

namespace {

// Serves the same frame again and again, at about a camera's pace, counting them.
class StillSource : public devices::FrameSource {
 public:
  explicit StillSource(cv::Mat frame) : frame_(std::move(frame)) {}
  std::optional<cv::Mat> next_frame() override {
    std::this_thread::sleep_for(2ms);
    ++served;
    return frame_;
  }
  std::atomic<int> served{0};

 private:
  cv::Mat frame_;
};

// The first seed in 1..20 whose one-person scene the detector accepts (a fixed fact of the
// renderer and the cascade, found rather than hard-coded).
cv::Mat accepted_selfie() {
  sim::SelfieSceneOptions o;
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    o.seed = seed;
    auto scene = sim::render_selfie_scene(o);
    if (test::face_detector().check_selfie(scene.image).accepted()) return scene.image;
  }
  FAIL("no accepted selfie among seeds 1..20");
  return {};
}

// What the callbacks reported, with a bounded wait.
struct Recorder {
  std::mutex m;
  std::condition_variable cv;
  std::vector<SelfieResult> results;
  std::vector<SelfieGuidance> guidance;

  void result(SelfieResult r) {
    std::lock_guard lock(m);
    results.push_back(std::move(r));
    cv.notify_all();
  }
  void guide(SelfieGuidance g) {
    std::lock_guard lock(m);
    guidance.push_back(g);
    cv.notify_all();
  }
  template <typename Pred>
  bool wait(Pred pred) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, 60s, pred);
  }
};

}  // namespace

TEST_CASE("SelfieScanner takes the selfie once per attempt; reset() starts a new attempt") {
  StillSource source(accepted_selfie());
  Recorder rec;
  devices::face::SelfieScanner scanner(source, test::face_detector(),
                                       [&](SelfieResult r) { rec.result(std::move(r)); });
  scanner.on_guidance([&](SelfieGuidance g) { rec.guide(g); });
  scanner.start();
  REQUIRE(rec.wait([&] { return rec.results.size() == 1; }));
  // Many more frames: still one selfie.
  int served = source.served.load();
  while (source.served.load() < served + 30) std::this_thread::sleep_for(5ms);
  {
    std::lock_guard lock(rec.m);
    CHECK(rec.results.size() == 1);
    CHECK(rec.results[0].accepted);
    CHECK(rec.results[0].guidance == SelfieGuidance::ok);
    cv::Mat decoded = cv::imdecode(rec.results[0].jpeg, cv::IMREAD_COLOR);
    CHECK(decoded.size() == cv::Size(1280, 720));
    CHECK(rec.guidance == std::vector<SelfieGuidance>{SelfieGuidance::ok});
  }
  scanner.reset();
  REQUIRE(rec.wait([&] { return rec.results.size() == 2; }));
  scanner.stop();
  std::lock_guard lock(rec.m);
  CHECK(rec.results[1].accepted);
  // The new attempt hears its guidance again.
  CHECK(rec.guidance == std::vector<SelfieGuidance>{SelfieGuidance::ok, SelfieGuidance::ok});
}

TEST_CASE("SelfieScanner reports a refusal that persists once, with its guidance") {
  sim::SelfieSceneOptions o;
  o.faces = 0;
  StillSource source(sim::render_selfie_scene(o).image);
  Recorder rec;
  devices::face::SelfieScannerOptions options;
  options.refuse_after = 3;
  devices::face::SelfieScanner scanner(
      source, test::face_detector(), [&](SelfieResult r) { rec.result(std::move(r)); }, options);
  scanner.on_guidance([&](SelfieGuidance g) { rec.guide(g); });
  scanner.start();
  REQUIRE(rec.wait([&] { return rec.results.size() == 1; }));
  int served = source.served.load();
  while (source.served.load() < served + 30) std::this_thread::sleep_for(5ms);
  scanner.stop();
  std::lock_guard lock(rec.m);
  REQUIRE(rec.results.size() == 1);
  CHECK_FALSE(rec.results[0].accepted);
  CHECK(rec.results[0].guidance == SelfieGuidance::no_face);
  CHECK(rec.results[0].jpeg.empty());
  CHECK(rec.guidance == std::vector<SelfieGuidance>{SelfieGuidance::no_face});
}

TEST_CASE(
    "SelfieScanner previews while the detector's side is busy; callbacks that throw are "
    "caught") {
  StillSource source(accepted_selfie());
  std::atomic<int> previews{0};
  std::atomic<int> results{0};
  devices::face::SelfieScannerOptions options;
  options.preview_every = 0ms;
  devices::face::SelfieScanner scanner(
      source, test::face_detector(),
      [&](SelfieResult) {
        ++results;
        throw std::runtime_error("result boom");
      },
      options);
  // The first guidance blocks the worker until previews keep coming: with the preview on the
  // judging thread this would never end (bounded, so a broken scanner fails instead of hanging).
  std::atomic<bool> previews_came{false};
  scanner.on_guidance([&](SelfieGuidance) {
    auto end = std::chrono::steady_clock::now() + 60s;
    while (previews.load() < 5 && std::chrono::steady_clock::now() < end)
      std::this_thread::sleep_for(2ms);
    previews_came = previews.load() >= 5;
    throw std::runtime_error("guidance boom");
  });
  scanner.on_preview([&](std::vector<unsigned char>) { ++previews; });
  scanner.start();
  auto end = std::chrono::steady_clock::now() + 60s;
  while (results.load() == 0 && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(5ms);
  scanner.stop();
  CHECK(previews_came.load());
  CHECK(results.load() == 1);  // the throwing guidance callback did not stop the attempt
}
