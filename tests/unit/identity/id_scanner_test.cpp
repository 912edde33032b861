// CaptureSession (frame by frame) and IdScanner (threads, callbacks) on synthetic documents.
#include "devices/id/id_scanner.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "devices/id/capture_session.hpp"
#include "sim/camera/synthetic_id.hpp"

using namespace kiosk;
using namespace std::chrono;
using devices::id::CaptureGuidance;

namespace {

const devices::id::MrzReader& reader() {
  static auto r = devices::id::MrzReader::create();
  REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error()));
  return *r;
}

devices::id::CaptureSessionOptions session_options() {
  devices::id::CaptureSessionOptions o;
  o.reader.today = year_month_day{year(2026), month(1), day(15)};
  return o;
}

sim::SyntheticIdFrame card(std::uint32_t seed) {
  sim::SyntheticIdOptions o;
  o.seed = seed;
  o.kind = sim::IdDocumentKind::KazakhIdCard;
  o.glare = false;
  return sim::render_id_scene(o);
}

// A card too small to read: the MRZ pitch is 6.5 px and blurred.
cv::Mat tiny_card() {
  sim::SyntheticIdOptions o;
  o.seed = 7;
  o.kind = sim::IdDocumentKind::KazakhIdCard;
  o.pitch_px = 6.5;
  o.blur_sigma = 2.5;
  return sim::render_id_scene(o).image;
}

cv::Mat empty_desk() { return cv::Mat(720, 1280, CV_8UC3, cv::Scalar(90, 80, 70)); }

// Serves the frame of the current stage, again and again; the test moves the stage on.
class StagedSource : public devices::FrameSource {
 public:
  explicit StagedSource(std::vector<cv::Mat> stages) : stages_(std::move(stages)) {}
  std::optional<cv::Mat> next_frame() override {
    std::this_thread::sleep_for(milliseconds(5));  // about a camera's pace, without spinning
    return stages_[std::min(stage.load(), stages_.size() - 1)];
  }
  std::atomic<std::size_t> stage{0};

 private:
  std::vector<cv::Mat> stages_;
};

// What the scanner's callbacks reported, with a wait for a condition (bounded, so that a broken
// scanner fails the test instead of hanging it).
struct Recorder {
  std::mutex m;
  std::condition_variable cv;
  std::vector<CaptureGuidance> guidance;
  std::vector<devices::id::IdCapture> captures;

  // The scanner's capture callback: records the capture and wakes wait().
  devices::id::IdScanner::CaptureCallback on_capture() {
    return [this](const devices::id::IdCapture& c) {
      std::lock_guard lock(m);
      captures.push_back(c);
      cv.notify_all();
    };
  }

  template <typename Pred>
  bool wait(Pred pred) {
    std::unique_lock lock(m);
    const auto deadline = steady_clock::now() + seconds(60);
    while (!pred()) {
      if (steady_clock::now() > deadline) return false;
      cv.wait_for(lock, milliseconds(10));  // also polls what no callback announces
    }
    return true;
  }
};

}  // namespace

TEST_CASE("a readable card is captured from one frame with its corrected image") {
  auto scene = card(21);
  devices::id::CaptureSession session(reader(), session_options());
  auto step = session.read(scene.image);
  CHECK(step.guidance == CaptureGuidance::Ok);
  REQUIRE(step.capture.has_value());
  CHECK(step.capture->reading.lines == scene.mrz_lines);
  CHECK(step.capture->reading.accepted);
  CHECK(step.capture->frames_combined == 1);
  CHECK(step.capture->document.size() == cv::Size(856, 540));  // 85.6 x 53.98 mm at 10 px/mm
  CHECK(step.capture->document.type() == CV_8UC3);
  CHECK_FALSE(step.capture->face.has_value());
  CHECK(session.captured());
  // The session is done: later frames change nothing until reset().
  CHECK_FALSE(session.read(scene.image).capture.has_value());
  session.reset();
  CHECK(session.read(scene.image).capture.has_value());
}

TEST_CASE("the corrected document image is the card, not the desk") {
  auto scene = card(22);
  devices::id::CaptureSession session(reader(), session_options());
  auto step = session.read(scene.image);
  REQUIRE(step.capture.has_value());
  // The card's MRZ zone reads again from the corrected image laid on a plain desk.
  cv::Mat desk(900, 1300, CV_8UC3, cv::Scalar(60, 70, 80));
  step.capture->document.copyTo(desk(cv::Rect(200, 180, 856, 540)));
  auto again = reader().read(desk, session_options().reader);
  CHECK(again.lines == scene.mrz_lines);
}

TEST_CASE("a face hook that finds no face refuses the capture with no_face") {
  auto scene = card(23);
  auto options = session_options();
  cv::Size seen;
  int calls = 0;
  options.find_face = [&](const cv::Mat& document) -> std::optional<cv::Rect> {
    ++calls;
    seen = document.size();
    return std::nullopt;
  };
  devices::id::CaptureSession session(reader(), options);
  auto step = session.read(scene.image);
  CHECK(calls == 1);
  CHECK(seen == cv::Size(856, 540));
  CHECK(step.guidance == CaptureGuidance::NoFace);
  CHECK_FALSE(step.capture.has_value());
  CHECK_FALSE(session.captured());
}

TEST_CASE("a face hook's box is carried in the capture") {
  auto scene = card(24);
  auto options = session_options();
  options.find_face = [](const cv::Mat&) -> std::optional<cv::Rect> {
    return cv::Rect(40, 60, 200, 260);
  };
  devices::id::CaptureSession session(reader(), options);
  auto step = session.read(scene.image);
  REQUIRE(step.capture.has_value());
  REQUIRE(step.capture->face.has_value());
  CHECK(*step.capture->face == cv::Rect(40, 60, 200, 260));
}

TEST_CASE("a face hook that throws counts as no face") {
  auto options = session_options();
  options.find_face = [](const cv::Mat&) -> std::optional<cv::Rect> { throw 1; };
  devices::id::CaptureSession session(reader(), options);
  auto step = session.read(card(23).image);
  CHECK(step.guidance == CaptureGuidance::NoFace);
  CHECK_FALSE(step.capture.has_value());
}

TEST_CASE("readings not accepted alone are combined once N of the same document agree") {
  // Three frames of one document (different looks), each marked not accepted as if a frame on
  // its own had been unsure: the third frame completes the run and the combination is accepted.
  auto identity = sim::sample_identity(99, sim::IdDocumentKind::KazakhIdCard);
  auto frame_of = [&](std::uint32_t seed, const flows::identity::MrzFields& fields) {
    sim::SyntheticIdOptions o;
    o.seed = seed;
    o.kind = sim::IdDocumentKind::KazakhIdCard;
    o.fields = fields;
    o.glare = false;
    return sim::render_id_scene(o);
  };
  auto unsure = [&](const cv::Mat& image) {
    auto r = reader().read(image, session_options().reader);
    REQUIRE(r.accepted);
    r.accepted = false;
    r.quality.guidance = CaptureGuidance::HoldStill;
    return r;
  };
  auto opts = session_options();
  opts.combine_frames = 3;
  devices::id::CaptureSession session(reader(), opts);
  auto a1 = frame_of(31, identity), a2 = frame_of(32, identity), a3 = frame_of(33, identity);
  auto other = frame_of(34, sim::sample_identity(5, sim::IdDocumentKind::KazakhIdCard));
  REQUIRE(other.mrz_lines != a1.mrz_lines);

  SUBCASE("three in a row") {
    CHECK_FALSE(session.observe(a1.image, unsure(a1.image)).capture);
    auto s2 = session.observe(a2.image, unsure(a2.image));
    CHECK(s2.guidance == CaptureGuidance::HoldStill);
    CHECK_FALSE(s2.capture);
    auto s3 = session.observe(a3.image, unsure(a3.image));
    CHECK(s3.guidance == CaptureGuidance::Ok);
    REQUIRE(s3.capture.has_value());
    CHECK(s3.capture->frames_combined == 3);
    CHECK(s3.capture->reading.lines == a1.mrz_lines);
    CHECK(s3.capture->reading.accepted);
  }
  SUBCASE("another document in between starts the run again") {
    CHECK_FALSE(session.observe(a1.image, unsure(a1.image)).capture);
    CHECK_FALSE(session.observe(other.image, unsure(other.image)).capture);
    CHECK_FALSE(session.observe(a2.image, unsure(a2.image)).capture);
    CHECK_FALSE(session.observe(a3.image, unsure(a3.image)).capture);
    auto s = session.observe(a1.image, unsure(a1.image));
    REQUIRE(s.capture.has_value());
    CHECK(s.capture->reading.lines == a1.mrz_lines);
  }
  SUBCASE("the document leaving the view starts the run again") {
    CHECK_FALSE(session.observe(a1.image, unsure(a1.image)).capture);
    CHECK_FALSE(session.read(empty_desk()).capture);
    CHECK_FALSE(session.observe(a2.image, unsure(a2.image)).capture);
    CHECK_FALSE(session.observe(a3.image, unsure(a3.image)).capture);
  }
  SUBCASE("combining off") {
    opts.combine_frames = 1;
    devices::id::CaptureSession single(reader(), opts);
    for (const auto* f : {&a1, &a2, &a3, &a1})
      CHECK_FALSE(single.observe(f->image, unsure(f->image)).capture);
  }
}

TEST_CASE("mrz_agreement counts equal characters and refuses other shapes") {
  devices::id::MrzReading a, b;
  a.lines = {"AB<", "123"};
  b.lines = {"AB<", "124"};
  CHECK(devices::id::mrz_agreement(a, b) == doctest::Approx(5.0 / 6));
  b.lines = {"AB<"};
  CHECK(devices::id::mrz_agreement(a, b) == 0);
  CHECK(devices::id::mrz_agreement(devices::id::MrzReading{}, devices::id::MrzReading{}) == 0);
}

TEST_CASE("IdScanner guides from an empty desk through a too small card to a capture") {
  StagedSource source({empty_desk(), tiny_card(), card(25).image});
  Recorder rec;
  devices::id::IdScannerOptions options;
  options.session = session_options();
  devices::id::IdScanner scanner(source, reader(), rec.on_capture(), options);
  scanner.on_guidance([&](CaptureGuidance g) {
    std::lock_guard lock(rec.m);
    rec.guidance.push_back(g);
    // The customer reacts: a document appears, then is brought closer.
    if (g == CaptureGuidance::NoDocument) source.stage = 1;
    if (g == CaptureGuidance::MoveCloser) source.stage = 2;
    rec.cv.notify_all();
  });
  scanner.start();
  REQUIRE(rec.wait([&] { return !rec.captures.empty(); }));
  // Frames keep coming after the capture; none is reported again.
  auto grabbed_at_capture = scanner.stats().frames_grabbed;
  REQUIRE(rec.wait([&] { return scanner.stats().frames_grabbed > grabbed_at_capture + 5; }));
  scanner.stop();
  std::lock_guard lock(rec.m);
  CHECK(rec.guidance ==
        std::vector{CaptureGuidance::NoDocument, CaptureGuidance::MoveCloser, CaptureGuidance::Ok});
  REQUIRE(rec.captures.size() == 1);
  CHECK(rec.captures[0].reading.lines == card(25).mrz_lines);
  CHECK(rec.captures[0].reading.record->iin.has_value());
  CHECK(scanner.stats().captures == 1);
}

TEST_CASE("IdScanner with a refusing face hook guides no_face and captures nothing") {
  StagedSource source(std::vector<cv::Mat>{card(26).image});
  Recorder rec;
  std::atomic<int> hook_calls{0};
  devices::id::IdScannerOptions options;
  options.session = session_options();
  options.session.find_face = [&](const cv::Mat&) -> std::optional<cv::Rect> {
    ++hook_calls;
    return std::nullopt;
  };
  devices::id::IdScanner scanner(
      source, reader(),
      [&](const devices::id::IdCapture& c) {
        std::lock_guard lock(rec.m);
        rec.captures.push_back(c);
      },
      options);
  scanner.on_guidance([&](CaptureGuidance g) {
    std::lock_guard lock(rec.m);
    rec.guidance.push_back(g);
    rec.cv.notify_all();
  });
  scanner.start();
  REQUIRE(rec.wait([&] { return hook_calls >= 3; }));
  scanner.stop();
  std::lock_guard lock(rec.m);
  CHECK(rec.guidance == std::vector{CaptureGuidance::NoFace});  // reported once, not per frame
  CHECK(rec.captures.empty());
}

TEST_CASE("IdScanner reset() starts a new session that captures again") {
  StagedSource source(std::vector<cv::Mat>{card(27).image});
  Recorder rec;
  devices::id::IdScannerOptions options;
  options.session = session_options();
  devices::id::IdScanner scanner(source, reader(), rec.on_capture(), options);
  scanner.start();
  REQUIRE(rec.wait([&] { return rec.captures.size() == 1; }));
  scanner.reset();
  REQUIRE(rec.wait([&] { return rec.captures.size() == 2; }));
  scanner.stop();
  CHECK(scanner.stats().captures == 2);
  CHECK(scanner.stats().frames_grabbed >= scanner.stats().frames_read);
}

TEST_CASE("IdScanner stopped after a capture, reset and started again, captures again") {
  // The kiosk stops the scanner when the document screen closes and resets it before the next
  // customer: that reset, made while stopped, must open a new session.
  StagedSource source(std::vector<cv::Mat>{card(27).image});
  Recorder rec;
  devices::id::IdScannerOptions options;
  options.session = session_options();
  devices::id::IdScanner scanner(source, reader(), rec.on_capture(), options);
  scanner.start();
  REQUIRE(rec.wait([&] { return rec.captures.size() == 1; }));
  scanner.stop();
  scanner.reset();
  scanner.start();
  REQUIRE(rec.wait([&] { return rec.captures.size() == 2; }));
  scanner.stop();
}

TEST_CASE("IdScanner stops cleanly when nothing was ever read") {
  StagedSource source(std::vector<cv::Mat>{empty_desk()});
  devices::id::IdScanner scanner(source, reader(), [](const devices::id::IdCapture&) {});
  scanner.start();
  scanner.start();  // no-op
  CHECK(scanner.running());
  scanner.stop();
  CHECK_FALSE(scanner.running());
}

TEST_CASE("an expired document is refused with its own guidance, not 'hold still'") {
  devices::id::CaptureSessionOptions o = session_options();
  o.reader.today = year_month_day{year(2040), month(1), day(15)};  // every sample has expired
  devices::id::CaptureSession session(reader(), o);
  auto frame = card(27).image;
  auto step = session.read(frame);
  CHECK_FALSE(step.capture.has_value());
  CHECK(step.guidance == CaptureGuidance::Expired);
  CHECK(to_string(CaptureGuidance::Expired) == "document_expired");
  // The same card, today: read and captured.
  devices::id::CaptureSession valid(reader(), session_options());
  CHECK(valid.read(frame).capture.has_value());
}

TEST_CASE("a repaired read is captured only when another frame agrees without that repair") {
  // Issue 14: a check-digit repair is a guess the check digit confirms; in the running kiosk
  // another frame of the same document must read the same MRZ on its own.
  auto identity = sim::sample_identity(77, sim::IdDocumentKind::KazakhIdCard);
  auto frame_of = [&](std::uint32_t seed) {
    sim::SyntheticIdOptions o;
    o.seed = seed;
    o.kind = sim::IdDocumentKind::KazakhIdCard;
    o.fields = identity;
    o.glare = false;
    return sim::render_id_scene(o).image;
  };
  auto repaired = [&](const cv::Mat& image, std::vector<int> positions) {
    auto r = reader().read(image, session_options().reader);
    REQUIRE(r.accepted);
    r.resolved.repairs = static_cast<int>(positions.size());
    r.resolved.repaired = std::move(positions);
    return r;
  };
  const cv::Mat f1 = frame_of(41), f2 = frame_of(42);
  devices::id::CaptureSession session(reader(), session_options());

  SUBCASE("alone it waits with hold_still") {
    auto s = session.observe(f1, repaired(f1, {36}));
    CHECK_FALSE(s.capture);
    CHECK(s.guidance == CaptureGuidance::HoldStill);
  }
  SUBCASE("the same repair on the next frame is not independent") {
    CHECK_FALSE(session.observe(f1, repaired(f1, {36})).capture);
    CHECK_FALSE(session.observe(f2, repaired(f2, {36})).capture);
  }
  SUBCASE("another frame that needed a different repair agrees") {
    CHECK_FALSE(session.observe(f1, repaired(f1, {36})).capture);
    auto s = session.observe(f2, repaired(f2, {44}));
    REQUIRE(s.capture.has_value());
    CHECK(s.capture->frames_combined == 1);
    CHECK(s.guidance == CaptureGuidance::Ok);
  }
  SUBCASE("a clean frame of the same document agrees") {
    CHECK_FALSE(session.observe(f1, repaired(f1, {36})).capture);
    auto s = session.observe(f2, repaired(f2, {}));
    CHECK(s.capture.has_value());
  }
  SUBCASE("the rule can be turned off") {
    auto o = session_options();
    o.repaired_needs_agreement = false;
    devices::id::CaptureSession off(reader(), o);
    CHECK(off.observe(f1, repaired(f1, {36})).capture.has_value());
  }
}
