// The independent frames of bench-qr: drawn by bench/qr/gen/qr_frames.py (python3-qrcode and
// Pillow, nothing shared with sim/camera), generated once per split into a cache folder and read
// back with their labels.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace kiosk::bench {

struct LabelledFrame {
  std::string file;                     // name inside the folder
  std::string split;                    // "dev" (tuned on) or "held" (never tuned on)
  std::string tier;                     // easy, medium, hard; "none" without a code
  std::vector<std::string> conditions;  // motion, defocus, dark, finger_finder, dense, ...
  std::string payload;                  // empty without a code
  cv::Mat image;                        // BGR as read from the JPEG
};

struct GenerateRequest {
  std::string folder;  // cache: generated only when folder/labels.tsv is missing
  std::string split;
  int codes = 150, blank = 30, seed = 1;
};

// Runs the generator (/usr/bin/python3) unless the folder already holds the frames. Returns an
// empty string on success, else why not (no python3-qrcode, script missing, ...).
std::string generate_frames(const GenerateRequest& request);

// Reads folder/labels.tsv and every frame it lists; frames that cannot be read are skipped.
std::vector<LabelledFrame> load_frames(const std::string& folder);

}  // namespace kiosk::bench
