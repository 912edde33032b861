// Frames from the images in a folder (png, jpg, jpeg, bmp, pgm, ppm, tif, tiff, webp), in file
// name order, for tests and for replaying frames saved from a field problem.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "devices/qr/frame_pacer.hpp"
#include "devices/qr/frame_source.hpp"

namespace kiosk::devices {

struct ImageFolderSourceOptions {
  std::string folder;
  bool loop = false;  // start again after the last image instead of finishing
  int fps = 0;        // pacing; 0 = as fast as asked
};

class ImageFolderSource : public FrameSource {
 public:
  // Errors: the folder is missing or holds no image file.
  static std::expected<std::unique_ptr<ImageFolderSource>, std::string> open(
      const ImageFolderSourceOptions& options);

  // The next image; an unreadable file is skipped (nullopt for that call, counted).
  std::optional<cv::Mat> next_frame() override;
  bool finished() const override { return finished_; }
  const std::vector<std::string>& files() const { return files_; }
  std::uint64_t unreadable() const { return unreadable_; }

 private:
  ImageFolderSource(ImageFolderSourceOptions options, std::vector<std::string> files)
      : options_(std::move(options)), pacer_(options_.fps), files_(std::move(files)) {}
  ImageFolderSourceOptions options_;
  FramePacer pacer_;
  std::vector<std::string> files_;
  std::size_t next_ = 0;
  bool finished_ = false;
  std::uint64_t unreadable_ = 0;
};

}  // namespace kiosk::devices
