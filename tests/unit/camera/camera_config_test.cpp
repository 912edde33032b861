// devices.camera in the config: the types, the device each needs, and clear errors.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "kiosk/config/kiosk_config.hpp"

using namespace kiosk::app;
using nlohmann::json;

namespace {

std::expected<KioskConfig, ConfigError> with_camera(const json& camera) {
  std::ifstream in(default_sim_config_path());
  json j = json::parse(in);
  j["devices"]["camera"] = camera;
  return load_config_text(j.dump(), "t.json");
}

bool mentions(const ConfigError& e, const std::string& text) {
  return std::any_of(e.problems.begin(), e.problems.end(),
                     [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("a V4L2 camera by path or index, with its size, rate and no loop") {
  auto c = with_camera({{"type", "v4l2"},
                        {"device", "/dev/video2"},
                        {"width", 1920},
                        {"height", 1080},
                        {"fps", 15}});
  REQUIRE_MESSAGE(c, (c ? "" : c.error().problems.front()));
  CHECK(c->camera.type == "v4l2");
  CHECK(c->camera.device == "/dev/video2");
  CHECK(c->camera.width == 1920);
  CHECK(c->camera.height == 1080);
  CHECK(c->camera.fps == 15);
  CHECK_FALSE(c->camera.loop);
  auto by_index = with_camera({{"type", "v4l2"}, {"device", "0"}});
  REQUIRE(by_index);
  CHECK(by_index->camera.width == 1280);
  CHECK(by_index->camera.fps == 30);
}

TEST_CASE("a replayed video or image folder, looping when asked") {
  auto v = with_camera({{"type", "video"}, {"device", "field/problem.mp4"}, {"loop", true}});
  REQUIRE(v);
  CHECK(v->camera.type == "video");
  CHECK(v->camera.loop);
  auto i = with_camera({{"type", "images"}, {"device", "field/frames"}});
  REQUIRE(i);
  CHECK(i->camera.device == "field/frames");
}

TEST_CASE("camera mistakes are reported with their path") {
  auto no_device = with_camera({{"type", "v4l2"}});
  REQUIRE_FALSE(no_device);
  CHECK(mentions(no_device.error(), "$.devices.camera.device: required"));
  auto bad_device = with_camera({{"type", "v4l2"}, {"device", "video0"}});
  REQUIRE_FALSE(bad_device);
  CHECK(mentions(bad_device.error(), "/dev/ path or a camera index"));
  auto no_folder = with_camera({{"type", "images"}});
  REQUIRE_FALSE(no_folder);
  CHECK(mentions(no_folder.error(), "image folder"));
  auto bad_type = with_camera({{"type", "usb"}, {"device", "0"}});
  REQUIRE_FALSE(bad_type);
  CHECK(mentions(bad_type.error(), "\"video\""));
  auto bad_fps = with_camera({{"type", "v4l2"}, {"device", "0"}, {"fps", 0}});
  REQUIRE_FALSE(bad_fps);
  CHECK(mentions(bad_fps.error(), "$.devices.camera.fps"));
  auto bad_loop = with_camera({{"type", "images"}, {"device", "x"}, {"loop", "yes"}});
  REQUIRE_FALSE(bad_loop);
  CHECK(mentions(bad_loop.error(), "$.devices.camera.loop"));
}
