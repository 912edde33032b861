#include "devices/qr/open_frame_source.hpp"

#include "devices/qr/capture_module.hpp"
#include "devices/qr/image_folder_source.hpp"

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
  // A camera or a video file: through the capture module, loaded on first use.
  if (spec.type == "v4l2" || spec.type == "video") return open_capture_source(spec);
  if (spec.type == "images")
    return widen(ImageFolderSource::open({spec.device, spec.loop, spec.fps}));
  return std::unexpected("camera type \"" + spec.type + "\" is not a device frame source");
}

}  // namespace kiosk::devices
