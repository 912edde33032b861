// The tuned decode passes: finder probe, region of interest (hint and probe region), dark mode,
// rotation, fingers over the code, and the scanner's preview and region tracking.
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "devices/qr/finder_probe.hpp"
#include "devices/qr/image_folder_source.hpp"
#include "devices/qr/qr_codec.hpp"
#include "devices/qr/qr_scanner.hpp"
#include "kiosk/runtime/camera_preview.hpp"
#include "sim/camera/sample_payloads.hpp"
#include "sim/camera/synthetic_qr.hpp"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

sim::SyntheticQrFrame scene(const std::string& payload, std::uint32_t seed, bool dark,
                            double rotation, int fingers = 0) {
  sim::SyntheticQrOptions look;
  look.seed = seed;
  look.background = sim::QrBackground::PhoneScreen;
  look.dark_mode = dark;
  look.glare = false;
  look.rotation_deg = rotation;
  look.fingers = fingers;
  return sim::render_qr_scene(payload, look);
}

// Every decoded corner lies within `tol` pixels of one of the true symbol corners.
bool corners_match(const devices::QrDecodeResult& r, const sim::SyntheticQrFrame& s, double tol) {
  for (const auto& c : r.corners) {
    double best = 1e9;
    for (const auto& t : s.code_corners) best = std::min(best, cv::norm(cv::Point2f(c) - t));
    if (best > tol) return false;
  }
  return true;
}

cv::Mat gray(const cv::Mat& bgr) {
  cv::Mat g;
  cv::cvtColor(bgr, g, cv::COLOR_BGR2GRAY);
  return g;
}

}  // namespace

TEST_CASE("the finder probe sees a code's finder patterns in its polarity, and none on a wall") {
  std::string payload = sim::sample_payload("USDT/tron", true);
  auto light = scene(payload, 5, false, 10);
  auto dark = scene(payload, 5, true, 10);
  auto pl = devices::probe_finders(gray(light.image));
  auto pd = devices::probe_finders(gray(dark.image));
  CHECK(pl.count(false) >= 2);
  CHECK(pd.count(true) >= 2);
  cv::Rect region = pl.region(false, light.image.size());
  REQUIRE_FALSE(region.empty());
  for (const auto& c : light.code_corners) CHECK(region.contains(cv::Point(c)));
  auto wall = devices::probe_finders(cv::Mat(360, 640, CV_8UC1, cv::Scalar(128)));
  CHECK(wall.candidates.empty());
  CHECK(wall.region(false, {640, 360}).empty());
}

TEST_CASE("dark-mode, rotated and partly covered codes decode with corners in frame coordinates") {
  const std::array<std::string, 3> assets = {"BTC/bitcoin", "ETH/ethereum", "USDT/ethereum"};
  int n = 0;
  for (bool dark : {false, true}) {
    for (double rotation : {0.0, 37.0, 135.0, -100.0}) {
      std::string payload = sim::sample_payload(assets[static_cast<std::size_t>(n % 3)], true);
      auto s = scene(payload, 100 + static_cast<std::uint32_t>(n++), dark, rotation);
      CAPTURE(dark);
      CAPTURE(rotation);
      auto found = devices::decode_qr(s.image);
      REQUIRE(found.size() == 1);
      CHECK(found[0].text == payload);
      CHECK(corners_match(found[0], s, 8));
      devices::QrDecodeOptions probe_first;
      probe_first.probe_first = true;
      probe_first.fast_side = 0;  // straight to the probe's region
      auto via_region = devices::decode_qr(s.image, probe_first);
      REQUIRE(via_region.size() == 1);
      CHECK(via_region[0].text == payload);
      CHECK(corners_match(via_region[0], s, 8));
    }
  }
  auto covered = scene(sim::sample_payload("LTC/litecoin", true), 9, false, 12, 1);
  auto found = devices::decode_qr(covered.image);
  REQUIRE(found.size() == 1);
  CHECK(found[0].text == sim::sample_payload("LTC/litecoin", true));
}

TEST_CASE("a hint at the code finds it and maps corners back; a wrong hint costs no result") {
  std::string payload = sim::sample_payload("BTC/bitcoin", true);
  auto s = scene(payload, 21, true, 25);
  std::vector<cv::Point> pts(s.code_corners.begin(), s.code_corners.end());
  devices::QrDecodeOptions o;
  o.fast_side = 0;  // straight to the region passes
  o.probe_first = false;
  o.hint = cv::boundingRect(pts);
  o.hint -= cv::Point(40, 40);
  o.hint += cv::Size(80, 80);
  auto found = devices::decode_qr(s.image, o);
  REQUIRE(found.size() == 1);
  CHECK(found[0].text == payload);
  CHECK(corners_match(found[0], s, 8));
  o.hint = cv::Rect(0, 0, 50, 50);  // nowhere near: the other passes still find it
  auto elsewhere = devices::decode_qr(s.image, o);
  REQUIRE(elsewhere.size() == 1);
  CHECK(elsewhere[0].text == payload);
}

TEST_CASE("frames without a code decode to nothing") {
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    sim::SyntheticQrOptions o;
    o.seed = seed;
    CHECK(devices::decode_qr(sim::render_blank_frame(o)).empty());
  }
}

TEST_CASE("base64 and the preview message (RFC 4648 vectors)") {
  auto b = [](std::string s) {
    return app::base64(std::vector<unsigned char>(s.begin(), s.end()));
  };
  CHECK(b("") == "");
  CHECK(b("f") == "Zg==");
  CHECK(b("fo") == "Zm8=");
  CHECK(b("foo") == "Zm9v");
  CHECK(b("foob") == "Zm9vYg==");
  CHECK(b("fooba") == "Zm9vYmE=");
  CHECK(b("foobar") == "Zm9vYmFy");
  CHECK(b("\xff\xfe") == "//4=");
  auto m = app::camera_preview_message({0xff, 0xd8});
  CHECK(m["type"] == "camera_preview");
  CHECK(m["src"] == "data:image/jpeg;base64,/9g=");
}

TEST_CASE("the scanner reports a replayed code once and sends small JPEG previews") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kiosk-preview-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string payload = sim::sample_payload("USDT/tron", true);
  cv::imwrite((dir / "a.png").string(), scene(payload, 3, true, -15).image);
  auto source = devices::ImageFolderSource::open({dir.string(), /*loop=*/true, /*fps=*/50});
  REQUIRE(source.has_value());

  std::mutex m;
  std::vector<std::string> payloads;
  std::vector<cv::Mat> previews;
  devices::QrScannerOptions opt;
  opt.preview_every = 20ms;
  devices::QrScanner scanner(
      **source,
      [&](const devices::QrDecodeResult& r) {
        std::lock_guard lock(m);
        payloads.push_back(r.text);
      },
      opt);
  scanner.on_preview([&](std::vector<unsigned char> jpeg) {
    std::lock_guard lock(m);
    previews.push_back(cv::imdecode(jpeg, cv::IMREAD_COLOR));
  });
  scanner.start();
  auto end = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < end) {
    {
      std::lock_guard lock(m);
      if (!payloads.empty() && previews.size() >= 3 && scanner.stats().frames_decoded >= 4) break;
    }
    std::this_thread::sleep_for(10ms);
  }
  scanner.stop();
  fs::remove_all(dir);
  std::lock_guard lock(m);
  CHECK(payloads == std::vector<std::string>{payload});  // once, though every frame shows it
  REQUIRE(previews.size() >= 3);
  CHECK(previews[0].cols == 320);
  CHECK(previews[0].rows == 180);
  CHECK(scanner.stats().previews == previews.size());
}
