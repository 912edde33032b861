// Image-folder, video-file and V4L2 frame sources, and open_frame_source.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "devices/capture/v4l2_source.hpp"
#include "devices/capture/video_file_source.hpp"
#include "devices/qr/capture_module.hpp"
#include "devices/qr/image_folder_source.hpp"
#include "devices/qr/open_frame_source.hpp"
#include "devices/qr/qr_codec.hpp"
#include "sim/camera/sample_payloads.hpp"
#include "sim/camera/synthetic_qr.hpp"

using namespace kiosk;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() /
           ("kiosk-camera-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

cv::Mat flat(int grey) { return cv::Mat(120, 160, CV_8UC3, cv::Scalar(grey, grey, grey)); }
int grey_of(const cv::Mat& m) { return static_cast<int>(std::lround(cv::mean(m)[0])); }

cv::Mat qr_frame(const std::string& payload, std::uint32_t seed) {
  sim::SyntheticQrOptions look;
  look.seed = seed;
  look.dark_mode = false;
  look.glare = false;
  look.rotation_deg = 5;
  return sim::render_qr_frame(payload, look);
}

}  // namespace

TEST_CASE("an image folder gives its images in file name order, then finishes") {
  TempDir dir;
  cv::imwrite((dir.path / "b.png").string(), flat(100));
  cv::imwrite((dir.path / "a.png").string(), flat(50));
  cv::imwrite((dir.path / "c.JPG").string(), flat(200));
  std::ofstream(dir.path / "notes.txt") << "not an image";
  auto src = devices::ImageFolderSource::open({dir.path.string()});
  REQUIRE(src.has_value());
  CHECK((*src)->files().size() == 3);
  std::vector<int> seen;
  while (auto f = (*src)->next_frame()) seen.push_back(grey_of(*f));
  CHECK((*src)->finished());
  REQUIRE(seen.size() == 3);
  CHECK(seen[0] == 50);
  CHECK(seen[1] == 100);
  CHECK(std::abs(seen[2] - 200) <= 2);  // JPEG
  CHECK_FALSE((*src)->next_frame().has_value());
}

TEST_CASE("a looping image folder starts again; an unreadable image is skipped") {
  TempDir dir;
  cv::imwrite((dir.path / "1.png").string(), flat(10));
  std::ofstream(dir.path / "2.png") << "broken";
  cv::imwrite((dir.path / "3.png").string(), flat(30));
  auto src = devices::ImageFolderSource::open({dir.path.string(), /*loop=*/true});
  REQUIRE(src.has_value());
  std::vector<int> seen;
  for (int i = 0; i < 6; ++i) {
    if (auto f = (*src)->next_frame()) seen.push_back(grey_of(*f));
  }
  CHECK(seen == std::vector<int>{10, 30, 10, 30});
  CHECK((*src)->unreadable() == 2);
  CHECK_FALSE((*src)->finished());
}

TEST_CASE("an image folder that is missing or empty is refused with its path") {
  TempDir dir;
  auto empty = devices::ImageFolderSource::open({dir.path.string()});
  REQUIRE_FALSE(empty.has_value());
  CHECK(empty.error().find("holds no image") != std::string::npos);
  auto missing = devices::ImageFolderSource::open({(dir.path / "nope").string()});
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().find((dir.path / "nope").string()) != std::string::npos);
}

TEST_CASE("a code replayed from an image folder decodes") {
  TempDir dir;
  std::string payload = sim::sample_payload("USDT/tron", true);
  cv::imwrite((dir.path / "frame-000.png").string(), qr_frame(payload, 3));
  auto src = devices::open_frame_source({.type = "images", .device = dir.path.string(), .fps = 0});
  REQUIRE(src.has_value());
  auto frame = (*src)->next_frame();
  REQUIRE(frame.has_value());
  auto found = devices::decode_qr(*frame);
  REQUIRE(found.size() == 1);
  CHECK(found[0].text == payload);
}

TEST_CASE("a video file plays its frames in order, then finishes or loops") {
  TempDir dir;
  std::string path = (dir.path / "clip.avi").string();
  std::string payload = sim::sample_payload("BTC/bitcoin", true);
  {
    cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10,
                           cv::Size(1280, 720));
    if (!writer.isOpened()) {
      MESSAGE("skipped: this OpenCV cannot write MJPG/AVI (no video codec)");
      return;
    }
    for (int i = 0; i < 4; ++i) writer.write(cv::Mat(720, 1280, CV_8UC3, cv::Scalar::all(40 * i)));
    writer.write(qr_frame(payload, 11));
  }
  auto src = devices::VideoFileSource::open({.path = path, .loop = false, .pace = false});
  REQUIRE(src.has_value());
  std::vector<cv::Mat> frames;
  while (auto f = (*src)->next_frame()) frames.push_back(*f);
  CHECK((*src)->finished());
  REQUIRE(frames.size() == 5);
  for (int i = 0; i < 4; ++i) CHECK(std::abs(grey_of(frames[i]) - 40 * i) <= 3);
  auto found = devices::decode_qr(frames[4]);
  REQUIRE(found.size() == 1);
  CHECK(found[0].text == payload);

  auto looping = devices::VideoFileSource::open({.path = path, .loop = true, .pace = false});
  REQUIRE(looping.has_value());
  int got = 0;
  for (int i = 0; i < 12; ++i) got += (*looping)->next_frame().has_value() ? 1 : 0;
  CHECK(got == 12);
  CHECK_FALSE((*looping)->finished());
}

TEST_CASE("a video file that is missing or not a video is refused with its path") {
  TempDir dir;
  auto missing = devices::VideoFileSource::open({.path = (dir.path / "none.mp4").string()});
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().find("none.mp4: no such file") != std::string::npos);
  std::ofstream(dir.path / "junk.mp4") << "this is not a video";
  auto junk = devices::VideoFileSource::open({.path = (dir.path / "junk.mp4").string()});
  REQUIRE_FALSE(junk.has_value());
  CHECK(junk.error().find("cannot be read") != std::string::npos);
}

TEST_CASE("a V4L2 camera that cannot be opened gives an error naming the device and why") {
  TempDir dir;
  auto missing = devices::V4l2Source::open({.device = "/dev/video-kiosk-test-missing"});
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().find("/dev/video-kiosk-test-missing") != std::string::npos);
  CHECK(missing.error().find("plugged in") != std::string::npos);

  std::ofstream(dir.path / "video0") << "";
  auto regular = devices::V4l2Source::open({.device = (dir.path / "video0").string()});
  REQUIRE_FALSE(regular.has_value());
  CHECK(regular.error().find("not a character device") != std::string::npos);

  auto not_camera = devices::V4l2Source::open({.device = "/dev/null"});
  REQUIRE_FALSE(not_camera.has_value());
  CHECK(not_camera.error().find("/dev/null") != std::string::npos);

  auto empty = devices::V4l2Source::open({.device = ""});
  REQUIRE_FALSE(empty.has_value());
  CHECK(empty.error().find("no device") != std::string::npos);

  auto via_spec = devices::open_frame_source({.type = "v4l2", .device = "/dev/video-kiosk-x"});
  REQUIRE_FALSE(via_spec.has_value());
  CHECK(via_spec.error().find("/dev/video-kiosk-x") != std::string::npos);
}

TEST_CASE("the capture module is found beside the binary's folder, or where the env says") {
  CHECK(devices::capture_module_path().ends_with("/lib/kiosk/kiosk_capture.so"));
  ::setenv("KIOSK_CAPTURE_MODULE", "/elsewhere/kiosk_capture.so", 1);
  CHECK(devices::capture_module_path() == "/elsewhere/kiosk_capture.so");
  ::unsetenv("KIOSK_CAPTURE_MODULE");
}

TEST_CASE("open_frame_source refuses a type it does not build") {
  auto r = devices::open_frame_source({.type = "sim", .device = ""});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().find("sim") != std::string::npos);
}
