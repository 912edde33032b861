// Builds the frame source the config names: "v4l2" (device path or index), "video" (a file) or
// "images" (a folder). The synthetic camera ("sim") lives in sim/ and is built by the runtime.
#pragma once

#include <expected>
#include <memory>
#include <string>

#include "devices/qr/frame_source.hpp"

namespace kiosk::devices {

struct FrameSourceSpec {
  std::string type;    // "v4l2", "video", "images"
  std::string device;  // v4l2: /dev/videoN or N; video: a file; images: a folder
  int width = 1280, height = 720, fps = 30;
  bool loop = false;  // video and images: start again at the end
};

std::expected<std::unique_ptr<FrameSource>, std::string> open_frame_source(
    const FrameSourceSpec& spec);

}  // namespace kiosk::devices
