// The camera sensor's noise on a synthetic frame: seeded Gaussian noise per channel, shared by
// the ID document, selfie and document-held-up scenes. The same seed gives the same noise.
#pragma once

#include <cstdint>
#include <opencv2/core.hpp>

namespace kiosk::sim {

// Adds N(0, sigma) to every channel of a BGR 8-bit `frame` (saturating); nothing when
// sigma <= 0.05. `rng_seed` seeds OpenCV's generator.
void add_sensor_noise(cv::Mat& frame, double sigma, std::uint64_t rng_seed);

// The selfie camera's exposure of a drawn scene (the selfie and document-held-up scenes): the
// brightness gain (the result is BGR 8-bit), a Gaussian blur when blur_sigma > 0.05, then
// add_sensor_noise.
void expose_selfie_frame(cv::Mat& frame, double light, double blur_sigma, double noise_sigma,
                         std::uint64_t rng_seed);

}  // namespace kiosk::sim
