#include "devices/qr/image_folder_source.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>

namespace kiosk::devices {
namespace {

bool is_image(const std::filesystem::path& p) {
  static constexpr std::array<std::string_view, 9> kExt = {".png", ".jpg", ".jpeg", ".bmp", ".pgm",
                                                           ".ppm", ".tif", ".tiff", ".webp"};
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kExt.begin(), kExt.end(), ext) != kExt.end();
}

}  // namespace

std::expected<std::unique_ptr<ImageFolderSource>, std::string> ImageFolderSource::open(
    const ImageFolderSourceOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(options.folder, ec))
    return std::unexpected("image folder " + options.folder + ": no such folder");
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(options.folder, ec)) {
    if (entry.is_regular_file(ec) && is_image(entry.path())) files.push_back(entry.path());
  }
  if (ec) return std::unexpected("image folder " + options.folder + ": " + ec.message());
  if (files.empty())
    return std::unexpected("image folder " + options.folder + ": holds no image file");
  std::sort(files.begin(), files.end());
  return std::unique_ptr<ImageFolderSource>(new ImageFolderSource(options, std::move(files)));
}

std::optional<cv::Mat> ImageFolderSource::next_frame() {
  if (finished_) return std::nullopt;
  if (next_ == files_.size()) {
    if (!options_.loop) {
      finished_ = true;
      return std::nullopt;
    }
    next_ = 0;
  }
  pacer_.wait();
  cv::Mat image = cv::imread(files_[next_++], cv::IMREAD_COLOR);
  if (image.empty()) {
    ++unreadable_;
    return std::nullopt;
  }
  return image;
}

}  // namespace kiosk::devices
