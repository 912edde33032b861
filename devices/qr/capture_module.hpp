// The V4L2 camera and video-file sources live in a module of their own (kiosk_capture.so), loaded
// the first time the config asks for such a camera. OpenCV's video I/O, which they need, brings
// in about a hundred libraries (FFmpeg, GStreamer, ...): linked into the binary they cost every
// kiosk ~16 MB of resident memory, a kiosk on the synthetic camera or an image folder included.
//
// Where the module is: KIOSK_CAPTURE_MODULE when set, else `lib/kiosk/kiosk_capture.so` beside
// the binary's folder (build/lib/kiosk in the build tree, /usr/lib/kiosk when installed).
#pragma once

#include <expected>
#include <memory>
#include <string>

#include "devices/qr/frame_source.hpp"

namespace kiosk::devices {

struct FrameSourceSpec;

// The module's one entry point (extern "C", looked up by name). On success *out owns the new
// source; on failure *error says why. Never throws.
using CaptureOpenFn = bool (*)(const FrameSourceSpec* spec, FrameSource** out, std::string* error);
inline constexpr const char* kCaptureOpenSymbol = "kiosk_capture_open";

// Loads the module (once; it stays loaded) and opens a "v4l2" or "video" source through it.
std::expected<std::unique_ptr<FrameSource>, std::string> open_capture_source(
    const FrameSourceSpec& spec);

// The path the module is loaded from.
std::string capture_module_path();

}  // namespace kiosk::devices
