// `kiosk decode-qr IMAGE...`: decodes the QR codes in each image file and prints one JSON line
// per image: {"image":path,"payloads":[{"text":..,"corners":[[x,y],x4]}],"ms":N} or
// {"image":path,"error":".."} when the file cannot be read as an image. Exit 0 when every image
// was read (with or without codes), 1 when any could not be read, 2 on usage error.
// argv[0] is the subcommand name (a leading "kiosk" before it is tolerated).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "devices/qr/qr_codec.hpp"

namespace kiosk::app {
int cmd_decode_qr(int argc, char** argv);
}

namespace kiosk::app {
namespace {

constexpr const char* kUsage = "usage: kiosk decode-qr IMAGE...\n";

void print_line(const nlohmann::json& j) {
  std::puts(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  std::fflush(stdout);
}

}  // namespace

int cmd_decode_qr(int argc, char** argv) {
  int i = 1;
  if (i < argc && std::string_view(argv[i]) == "decode-qr") ++i;
  std::vector<std::string> images;
  bool options_done = false;
  for (; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!options_done && (arg == "--help" || arg == "-h")) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (!options_done && arg == "--") {
      options_done = true;
      continue;
    }
    if (!options_done && arg.starts_with("--")) {
      std::fprintf(stderr, "kiosk decode-qr: unknown option\n%s", kUsage);
      return 2;
    }
    images.emplace_back(arg);
  }
  if (images.empty()) {
    std::fprintf(stderr, "kiosk decode-qr: no image given\n%s", kUsage);
    return 2;
  }
  int status = 0;
  for (const auto& path : images) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      print_line({{"image", path}, {"error", "no such file"}});
      status = 1;
      continue;
    }
    cv::Mat frame;
    try {
      frame = cv::imread(path, cv::IMREAD_UNCHANGED);
    } catch (const std::exception&) {
      frame.release();
    }
    if (frame.empty()) {
      print_line({{"image", path}, {"error", "cannot read the file as an image"}});
      status = 1;
      continue;
    }
    auto start = std::chrono::steady_clock::now();
    auto found = devices::decode_qr(frame);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json payloads = nlohmann::json::array();
    for (const auto& f : found) {
      nlohmann::json corners = nlohmann::json::array();
      for (const auto& c : f.corners) corners.push_back({c.x, c.y});
      payloads.push_back({{"text", f.text}, {"corners", corners}});
    }
    print_line({{"image", path}, {"payloads", payloads}, {"ms", std::round(ms * 10) / 10}});
  }
  return status;
}

}  // namespace kiosk::app
