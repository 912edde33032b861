#include "sim/camera/sensor_noise.hpp"

#include <opencv2/imgproc.hpp>

namespace kiosk::sim {

void add_sensor_noise(cv::Mat& frame, double sigma, std::uint64_t rng_seed) {
  if (sigma <= 0.05) return;
  cv::Mat noise(frame.size(), CV_16SC3), f16;
  cv::RNG rng(rng_seed);
  rng.fill(noise, cv::RNG::NORMAL, 0, sigma);
  frame.convertTo(f16, CV_16SC3);
  f16 += noise;
  f16.convertTo(frame, CV_8UC3);
}

void expose_selfie_frame(cv::Mat& frame, double light, double blur_sigma, double noise_sigma,
                         std::uint64_t rng_seed) {
  frame.convertTo(frame, CV_8UC3, light);
  if (blur_sigma > 0.05) cv::GaussianBlur(frame, frame, cv::Size(0, 0), blur_sigma);
  add_sensor_noise(frame, noise_sigma, rng_seed);
}

}  // namespace kiosk::sim
