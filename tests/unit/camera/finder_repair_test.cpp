// Finder-pattern repair: a code with a finger over one finder pattern decodes once the pattern
// is repainted from the two still seen.
#include "devices/qr/finder_repair.hpp"

#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>

#include "devices/qr/finder_probe.hpp"
#include "devices/qr/qr_codec.hpp"
#include "sim/camera/sample_payloads.hpp"
#include "sim/camera/synthetic_qr.hpp"

using namespace kiosk;

namespace {

// A clean code, 8 px per module with a 4-module quiet zone, its top-right finder pattern under
// a mid-grey "fingertip".
cv::Mat covered_code(const std::string& payload) {
  auto modules = devices::encode_qr(payload);
  REQUIRE(modules.has_value());
  cv::Mat big;
  cv::resize(*modules, big, cv::Size(), 8, 8, cv::INTER_NEAREST);
  cv::Mat code;
  cv::copyMakeBorder(big, code, 32, 32, 32, 32, cv::BORDER_CONSTANT, cv::Scalar(255));
  int n = modules->cols;
  cv::circle(code, cv::Point(32 + (n - 4) * 8, 32 + 3 * 8), 5 * 8, cv::Scalar(150), cv::FILLED);
  cv::GaussianBlur(code, code, cv::Size(0, 0), 0.8);
  return code;
}

devices::QrDecodeOptions plain() {
  devices::QrDecodeOptions o;
  o.rescue = false;
  o.try_inverted = false;
  return o;
}

}  // namespace

TEST_CASE("a painted finder pattern is what the finder probe looks for") {
  cv::Mat wall(200, 200, CV_8UC1, cv::Scalar(255));
  devices::paint_finder(wall, {100, 100}, {1, 0}, 6);
  auto probe = devices::probe_finders(wall, 2.0f, 40);
  REQUIRE(probe.count(false) == 1);
  CHECK(cv::norm(probe.candidates[0].center - cv::Point2f(100, 100)) < 3);
  CHECK(probe.candidates[0].module == doctest::Approx(6).epsilon(0.2));
}

TEST_CASE("repainting a covered finder pattern makes the code readable; nothing to pair, no try") {
  std::string payload = sim::sample_payload("LTC/litecoin", true);
  cv::Mat code = covered_code(payload);
  REQUIRE(devices::decode_qr(code, plain()).empty());
  std::string got;
  int tried = devices::repair_finders(code, [&](const cv::Mat& painted) {
    auto found = devices::decode_qr(painted, plain());
    if (!found.empty()) got = found[0].text;
    return !got.empty();
  });
  CHECK(got == payload);
  CHECK(tried >= 1);
  CHECK(tried <= 8);

  int calls = 0;
  cv::Mat wall(300, 300, CV_8UC1, cv::Scalar(200));
  CHECK(devices::repair_finders(wall, [&](const cv::Mat&) { return ++calls, false; }) == 0);
  CHECK(calls == 0);
  devices::FinderRepairOptions two;
  two.max_images = 2;
  CHECK(devices::repair_finders(
            code, [&](const cv::Mat&) { return ++calls, false; }, two) <= 2);
  CHECK(calls <= 2);
}

TEST_CASE("decode_qr repairs the finder patterns fingers cover (bench-qr frames)") {
  // bench-qr seed 20261126, "occluded" frames 187, 205, 223 and 236: two fingers each, one over
  // a finder pattern; every other pass misses them.
  const std::pair<const char*, std::uint32_t> frames[] = {{"LTC/litecoin", 1826048333u},
                                                          {"LTC/litecoin", 1826048351u},
                                                          {"LTC/litecoin", 1826048369u},
                                                          {"ETH/ethereum", 1826048382u}};
  for (const auto& [asset, seed] : frames) {
    CAPTURE(seed);
    sim::SyntheticQrOptions look;
    look.seed = seed;
    look.fingers = 2;
    auto s = sim::render_qr_scene(sim::sample_payload(asset, true), look);
    devices::QrDecodeOptions without;
    without.repair_finders = 0;
    CHECK(devices::decode_qr(s.image, without).empty());
    auto found = devices::decode_qr(s.image);
    REQUIRE(found.size() == 1);
    CHECK(found[0].text == sim::sample_payload(asset, true));
  }
}

TEST_CASE("the finder probe's contrast check drops sensor-noise hits, not real patterns") {
  cv::Mat noise(360, 640, CV_8UC1);
  cv::RNG rng(7);
  rng.fill(noise, cv::RNG::NORMAL, 128, 8);
  CHECK(devices::probe_finders(noise).candidates.size() > 10);
  CHECK(devices::probe_finders(noise, 1.2f, 40).candidates.empty());
  devices::paint_finder(noise, {320, 180}, {0.8f, 0.6f}, 5);
  CHECK(devices::probe_finders(noise, 1.2f, 40).count(false) == 1);
}
