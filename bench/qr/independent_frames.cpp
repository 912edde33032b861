#include "independent_frames.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include "kiosk/source_tree.hpp"

namespace kiosk::bench {
namespace {

std::vector<std::string> split_on(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) out.push_back(part);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

std::string from_hex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }  // paths without quotes

}  // namespace

std::string generate_frames(const GenerateRequest& r) {
  namespace fs = std::filesystem;
  if (fs::exists(fs::path(r.folder) / "labels.tsv")) return {};
  fs::path script = fs::path(app::source_tree()) / "bench/qr/gen/qr_frames.py";
  if (!fs::exists(script)) return "no generator at " + script.string();
  if (r.folder.find('\'') != std::string::npos) return "folder name has a quote";
  std::string cmd = "/usr/bin/python3 " + quoted(script.string()) + " --out " + quoted(r.folder) +
                    " --split " + r.split + " --codes " + std::to_string(r.codes) + " --blank " +
                    std::to_string(r.blank) + " --seed " + std::to_string(r.seed);
  if (std::system(cmd.c_str()) != 0)
    return "generator failed (python3-qrcode, python3-pil, python3-numpy installed?): " + cmd;
  return {};
}

std::vector<LabelledFrame> load_frames(const std::string& folder) {
  std::vector<LabelledFrame> frames;
  std::ifstream in(folder + "/labels.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto f = split_on(line, '\t');
    if (f.size() < 5) continue;
    LabelledFrame frame{f[0], f[1], f[2], split_on(f[3], ','), from_hex(f[4]), {}};
    frame.image = cv::imread(folder + "/" + f[0], cv::IMREAD_COLOR);
    if (!frame.image.empty()) frames.push_back(std::move(frame));
  }
  return frames;
}

}  // namespace kiosk::bench
