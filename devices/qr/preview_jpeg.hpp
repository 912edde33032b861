// The live camera preview the customer screens show: a frame scaled down to `width` (never up)
// and JPEG-encoded in memory. Shared by the QR, document and selfie scanners; the frame is never
// kept or written anywhere.
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <vector>

namespace kiosk::devices {

// nullopt when the encoder refuses the frame.
std::optional<std::vector<unsigned char>> preview_jpeg(const cv::Mat& frame, int width,
                                                       int quality);

}  // namespace kiosk::devices
