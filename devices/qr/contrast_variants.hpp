// Pre-processing for the decoder's later passes: other looks at the same pixels when ZXing's
// own binariser (a local mean over 8x8 blocks that gives up where a block spans fewer than 24
// grey levels) misses a dark, low-contrast, unevenly lit or blurred code. Pure and reentrant;
// every function takes and returns 8-bit one-channel images.
#pragma once

#include <opencv2/core.hpp>

namespace kiosk::devices {

// The grey levels between the `low`-th and the (100 - low)-th percentile.
int grey_spread(const cv::Mat& gray, double low_percent = 1.0);

// Maps the `low`-th..(100 - low)-th percentile to 0..255 (a dark or flat frame to full range).
cv::Mat stretch_contrast(const cv::Mat& gray, double low_percent = 1.0);

// Local contrast normalisation: (g - local mean) / local deviation over a box of about 2.5 x
// `sigma` pixels, mapped around 128. `min_deviation` (grey levels) keeps flat areas and sensor
// noise from being blown up into texture.
cv::Mat normalise_local(const cv::Mat& gray, double sigma, double min_deviation = 3.0);

// Unsharp mask: gray + amount * (gray - blur(gray, sigma)).
cv::Mat unsharp(const cv::Mat& gray, double sigma, double amount);

// Black and white by the local mean over `block` pixels (odd) minus `offset`: a second
// thresholding beside ZXing's own.
cv::Mat binarise_local(const cv::Mat& gray, int block, double offset = 0);

}  // namespace kiosk::devices
