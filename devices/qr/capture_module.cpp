#include "devices/qr/capture_module.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "devices/qr/open_frame_source.hpp"

namespace kiosk::devices {
namespace {

std::expected<CaptureOpenFn, std::string> load_module() {
  static std::mutex mu;
  static CaptureOpenFn open_fn = nullptr;
  std::lock_guard lock(mu);
  if (open_fn) return open_fn;
  const std::string path = capture_module_path();
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = ::dlerror();
    return std::unexpected("the camera capture module " + path +
                           " cannot be loaded: " + (why ? why : "unknown error"));
  }
  void* sym = ::dlsym(handle, kCaptureOpenSymbol);
  if (!sym) return std::unexpected("the camera capture module " + path + " has no entry point");
  open_fn = reinterpret_cast<CaptureOpenFn>(sym);
  return open_fn;
}

}  // namespace

std::string capture_module_path() {
  if (const char* env = std::getenv("KIOSK_CAPTURE_MODULE"); env && *env) return env;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const auto bin = ec ? std::filesystem::path(".") : exe.parent_path();
  return (bin.parent_path() / "lib" / "kiosk" / "kiosk_capture.so").string();
}

std::expected<std::unique_ptr<FrameSource>, std::string> open_capture_source(
    const FrameSourceSpec& spec) {
  auto open_fn = load_module();
  if (!open_fn) return std::unexpected(open_fn.error());
  FrameSource* source = nullptr;
  std::string error;
  if (!(*open_fn)(&spec, &source, &error) || !source)
    return std::unexpected(error.empty() ? "camera: cannot open " + spec.device : error);
  return std::unique_ptr<FrameSource>(source);
}

}  // namespace kiosk::devices
