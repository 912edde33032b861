#include "devices/qr/open_frame_source.hpp"

#include "devices/qr/image_folder_source.hpp"
#include "devices/qr/v4l2_source.hpp"
#include "devices/qr/video_file_source.hpp"

namespace kiosk::devices {
namespace {

template <class T>
std::expected<std::unique_ptr<FrameSource>, std::string> widen(
    std::expected<std::unique_ptr<T>, std::string> r) {
  if (!r) return std::unexpected(r.error());
  return std::unique_ptr<FrameSource>(std::move(*r));
}

}  // namespace

std::expected<std::unique_ptr<FrameSource>, std::string> open_frame_source(
    const FrameSourceSpec& spec) {
  if (spec.type == "v4l2")
    return widen(V4l2Source::open({spec.device, spec.width, spec.height, spec.fps}));
  if (spec.type == "video")
    return widen(VideoFileSource::open(
        {.path = spec.device, .loop = spec.loop, .pace = true, .fallback_fps = spec.fps}));
  if (spec.type == "images")
    return widen(ImageFolderSource::open({spec.device, spec.loop, spec.fps}));
  return std::unexpected("camera type \"" + spec.type + "\" is not a device frame source");
}

}  // namespace kiosk::devices
