// kiosk_capture.so's entry point: opens a V4L2 camera or a video file for the binary, which loads
// this module only when the config names such a camera (devices/qr/capture_module.hpp).
#include "devices/capture/v4l2_source.hpp"
#include "devices/capture/video_file_source.hpp"
#include "devices/qr/capture_module.hpp"
#include "devices/qr/open_frame_source.hpp"

using kiosk::devices::FrameSource;
using kiosk::devices::FrameSourceSpec;

extern "C" __attribute__((visibility("default"))) bool kiosk_capture_open(
    const FrameSourceSpec* spec, FrameSource** out, std::string* error) {
  using namespace kiosk::devices;
  try {
    if (spec->type == "v4l2") {
      auto r = V4l2Source::open({spec->device, spec->width, spec->height, spec->fps});
      if (!r) return *error = r.error(), false;
      *out = r->release();
      return true;
    }
    if (spec->type == "video") {
      auto r = VideoFileSource::open(
          {.path = spec->device, .loop = spec->loop, .pace = true, .fallback_fps = spec->fps});
      if (!r) return *error = r.error(), false;
      *out = r->release();
      return true;
    }
    *error = "camera type \"" + spec->type + "\" is not one the capture module opens";
  } catch (const std::exception& e) {
    *error = std::string("camera: ") + e.what();
  }
  return false;
}
