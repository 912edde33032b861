// bench-qr: a seeded set of 1280x720 synthetic camera frames (easy, hard, dark mode, fingers over
// the code, and frames with no code), decoded by our pipeline (devices::decode_qr) and, in the
// same run, by the untuned baselines a developer would reach for: ZXing-C++ ReadBarcodes with
// default hints, zbar (QR only) and OpenCV's cv::QRCodeDetector (Debian's OpenCV has no quirc:
// it detects but cannot decode, so only its detection rate is reported). One core: OpenCV's
// threads are off, the process is pinned to one CPU, and the time per frame is the thread's CPU
// time (CLOCK_THREAD_CPUTIME_ID), so other load on the machine does not inflate it.
// Usage: bench-qr [--seed N] [--per-kind N] [--blank N] [--dump-failures DIR]
//                 [--independent-codes N] [--independent-blank N] [--independent-dir DIR]
//                 [--synthetic 0] [--splits dev|held|dev,held]
// The independent source (bench/qr/gen/qr_frames.py: another encoder, renderer and set of
// looks) is generated once per split into --independent-dir (default build/qr-frames) and
// reported under "independent": "dev" (looked at, tuned on) and "held" (never tuned on), each
// with the baselines measured in the same run. --independent-codes 0 --independent-blank 0
// skips it; --synthetic 0 skips the synthetic camera frames.
// --dump-failures writes every frame our pipeline misses (or misreads) to DIR as
// <index>-<kind>.png, and one line per frame to DIR/failures.tsv with the look it was drawn with.
// Last line: one JSON object.
#define ZX_USE_UTF8 1
#include <ZXing/DecodeHints.h>
#include <ZXing/ReadBarcode.h>
#include <sched.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#include <random>
#include <string>
#include <vector>

#include "bench/qr/independent_frames.hpp"
#include "devices/qr/qr_codec.hpp"
#include "sim/camera/sample_payloads.hpp"
#include "sim/camera/synthetic_qr.hpp"

std::vector<std::string> zbar_qr(const cv::Mat& bgr);  // zbar_baseline.cpp

namespace {

double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}
using kiosk::sim::SyntheticQrOptions;

const std::array<const char*, 4> kKinds = {"easy", "hard", "dark", "occluded"};

struct Frame {
  std::string kind;     // one of kKinds, or "none"
  std::string payload;  // empty for "none"
  cv::Mat image;
  SyntheticQrOptions look;  // as resolved by the renderer
};

struct Rng {
  std::mt19937 gen;
  double uniform(double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(gen); }
};

SyntheticQrOptions look_for(const std::string& kind, std::uint32_t seed, Rng& rng) {
  SyntheticQrOptions o;
  o.seed = seed;
  if (kind == "easy") {
    o.code_fraction = rng.uniform(0.4, 0.6);
    o.rotation_deg = rng.uniform(-15, 15);
    o.perspective = rng.uniform(0, 0.03);
    o.blur_sigma = rng.uniform(0, 0.6);
    o.noise_sigma = rng.uniform(1, 3);
    o.glare = false;
    o.dark_mode = false;
  } else if (kind == "hard") {  // small, any angle, tilted, soft focus, noisy, glare
    o.code_fraction = rng.uniform(0.2, 0.32);
    o.rotation_deg = rng.uniform(-180, 180);
    o.perspective = rng.uniform(0.05, 0.1);
    o.blur_sigma = rng.uniform(1.0, 1.6);
    o.noise_sigma = rng.uniform(4, 8);
    o.glare = rng.uniform(0, 1) < 0.5;
  } else if (kind == "dark") {
    o.background = kiosk::sim::QrBackground::PhoneScreen;
    o.dark_mode = true;
  } else if (kind == "occluded") {
    o.fingers = rng.uniform(0, 1) < 0.5 ? 1 : 2;
  }
  return o;
}

std::vector<Frame> make_frames(std::uint32_t seed, int per_kind, int blank) {
  const std::array<const char*, 6> assets = {"BTC/bitcoin", "LTC/litecoin",  "ETH/ethereum",
                                             "USDT/tron",   "USDT/ethereum", "BTC/lightning"};
  Rng rng{std::mt19937(seed)};
  std::vector<Frame> frames;
  std::uint32_t n = 0;
  for (const char* kind : kKinds) {
    for (int i = 0; i < per_kind; ++i, ++n) {
      std::string payload = kiosk::sim::sample_payload(assets[n % assets.size()], true);
      auto look = look_for(kind, seed * 1000003u + n, rng);
      auto scene = kiosk::sim::render_qr_scene(payload, look);
      frames.push_back({kind, payload, scene.image, scene.look});
    }
  }
  for (int i = 0; i < blank; ++i, ++n) {
    SyntheticQrOptions o;
    o.seed = seed * 1000003u + n;
    frames.push_back({"none", "", kiosk::sim::render_blank_frame(o), o});
  }
  return frames;
}

cv::Mat gray_of(const cv::Mat& bgr) {
  cv::Mat g;
  cv::cvtColor(bgr, g, cv::COLOR_BGR2GRAY);
  return g;
}

// A decoder: BGR frame -> payload texts (detection-only decoders return "<detected>").
using Decoder = std::function<std::vector<std::string>(const cv::Mat&)>;

std::vector<std::string> ours(const cv::Mat& bgr) {
  std::vector<std::string> out;
  for (auto& r : kiosk::devices::decode_qr(bgr)) out.push_back(r.text);
  return out;
}

// Our pipeline with the finder probe first (region of interest, sharpened retry), kept in the
// report to show what it costs and buys against the default order.
std::vector<std::string> ours_probe_first(const cv::Mat& bgr) {
  kiosk::devices::QrDecodeOptions o;
  o.probe_first = true;
  std::vector<std::string> out;
  for (auto& r : kiosk::devices::decode_qr(bgr, o)) out.push_back(r.text);
  return out;
}

// Our pipeline without the rescue pass (textured region upscaled and sharpened), to show in
// the same run what the rescue buys and costs.
std::vector<std::string> ours_no_rescue(const cv::Mat& bgr) {
  kiosk::devices::QrDecodeOptions o;
  o.rescue = false;
  std::vector<std::string> out;
  for (auto& r : kiosk::devices::decode_qr(bgr, o)) out.push_back(r.text);
  return out;
}

std::vector<std::string> zxing_default(const cv::Mat& bgr) {
  cv::Mat g = gray_of(bgr);
  ZXing::ImageView view(g.data, g.cols, g.rows, ZXing::ImageFormat::Lum,
                        static_cast<int>(g.step[0]));
  std::vector<std::string> out;
  for (const auto& r : ZXing::ReadBarcodes(view, ZXing::DecodeHints()))
    if (r.isValid()) out.push_back(r.text());
  return out;
}

std::vector<std::string> opencv_detect(const cv::Mat& bgr) {
  cv::Mat g = gray_of(bgr);
  cv::QRCodeDetector detector;
  std::vector<cv::Point2f> corners;
  if (detector.detect(g, corners) && corners.size() == 4) return {"<detected>"};
  return {};
}

struct Tally {
  std::map<std::string, int> total, decoded;
  int wrong = 0, false_positives = 0;
  std::vector<double> ms;
};

double pct(int a, int b) { return b == 0 ? 0 : std::round(1000.0 * a / b) / 10.0; }
double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) - 1;
  return std::round(v[std::min(i, v.size() - 1)] * 100) / 100;
}

nlohmann::json summary(Tally& t, bool detect_only) {
  nlohmann::json rates;
  for (const char* k : kKinds) rates[k] = pct(t.decoded[k], t.total[k]);
  nlohmann::json j;
  j[detect_only ? "detection_rate" : "decode_rate"] = pct(t.decoded["all"], t.total["all"]);
  j[detect_only ? "detection_rate_by_kind" : "decode_rate_by_kind"] = rates;
  if (!detect_only) j["wrong_payloads"] = t.wrong;
  j[detect_only ? "false_detections" : "false_positives"] = t.false_positives;
  j["median_ms"] = quantile(t.ms, 0.5);
  j["p99_ms"] = quantile(t.ms, 0.99);
  return j;
}

// Decodes one frame with one decoder and counts the outcome; true when it got the frame right
// (the payload and nothing else, or nothing on a frame without a code).
bool score(const Decoder& decode, const Frame& f, bool detect_only, Tally& t) {
  double t0 = cpu_ms();
  auto texts = decode(f.image);
  t.ms.push_back(cpu_ms() - t0);
  if (f.kind == "none") {
    if (!texts.empty()) ++t.false_positives;
    return texts.empty();
  }
  ++t.total[f.kind];
  ++t.total["all"];
  bool right =
      std::find(texts.begin(), texts.end(), detect_only ? "<detected>" : f.payload) != texts.end();
  if (right) {
    ++t.decoded[f.kind];
    ++t.decoded["all"];
  }
  bool wrong = false;
  if (!detect_only)
    for (const auto& s : texts)
      if (s != f.payload) {
        ++t.wrong;
        wrong = true;
      }
  return right && !wrong;
}

// One failing frame: its image and the look it was drawn with (bench-qr --dump-failures).
void dump_failure(const std::string& dir, std::size_t index, const Frame& f, std::FILE* tsv) {
  char name[64];
  std::snprintf(name, sizeof name, "%03zu-%s.png", index, f.kind.c_str());
  cv::imwrite(dir + "/" + name, f.image);
  const auto& l = f.look;
  std::fprintf(tsv, "%s\t%s\t%u\t%.3f\t%.1f\t%.3f\t%.2f\t%.1f\t%d\t%d\t%d\t%zu\n", name,
               f.kind.c_str(), l.seed, l.code_fraction.value_or(-1), l.rotation_deg.value_or(0),
               l.perspective.value_or(-1), l.blur_sigma.value_or(-1), l.noise_sigma.value_or(-1),
               l.glare.value_or(false) ? 1 : 0, l.dark_mode.value_or(false) ? 1 : 0, l.fingers,
               f.payload.size());
}

void pin_to_one_core() {
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (!CPU_ISSET(c, &allowed)) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(c, &one);
    sched_setaffinity(0, sizeof one, &one);
    return;
  }
}

// One decoder over the independent frames of one split: rates per tier and condition.
struct IndependentTally {
  std::map<std::string, int> total, decoded;
  int wrong = 0, false_positives = 0, blank = 0;
  std::vector<double> ms;
};

nlohmann::json independent_summary(IndependentTally& t) {
  nlohmann::json j;
  j["decode_rate"] = pct(t.decoded["all"], t.total["all"]);
  for (const auto& [key, n] : t.total) {
    if (key == "all") continue;
    auto at = key.find(':');
    j[key.substr(0, at) == "tier" ? "decode_rate_by_tier" : "decode_rate_by_condition"]
     [key.substr(at + 1)] = pct(t.decoded[key], n);
  }
  j["frames_with_code"] = t.total["all"];
  j["frames_without_code"] = t.blank;
  j["wrong_payloads"] = t.wrong;
  j["false_positives"] = t.false_positives;
  j["median_ms"] = quantile(t.ms, 0.5);
  j["p99_ms"] = quantile(t.ms, 0.99);
  return j;
}

// Scores one independent frame; returns true when right (see score()).
bool score_independent(const Decoder& decode, const kiosk::bench::LabelledFrame& f,
                       IndependentTally& t) {
  double t0 = cpu_ms();
  auto texts = decode(f.image);
  t.ms.push_back(cpu_ms() - t0);
  if (f.payload.empty()) {
    ++t.blank;
    if (!texts.empty()) ++t.false_positives;
    return texts.empty();
  }
  bool right = std::find(texts.begin(), texts.end(), f.payload) != texts.end();
  std::vector<std::string> keys = {"all", "tier:" + f.tier};
  for (const auto& c : f.conditions) keys.push_back("condition:" + c);
  for (const auto& k : keys) {
    ++t.total[k];
    if (right) ++t.decoded[k];
  }
  bool wrong = false;
  for (const auto& s : texts)
    if (s != f.payload) {
      ++t.wrong;
      wrong = true;
    }
  return right && !wrong;
}

// The independent source (bench/qr/gen/qr_frames.py), each split on its own. Failures of the
// "dev" split are listed on stderr (to look at); the "held" split only gets its figures.
nlohmann::json run_independent(const std::string& root, int codes, int blank,
                               const std::string& splits) {
  nlohmann::json out;
  out["generator"] = "bench/qr/gen/qr_frames.py (python3-qrcode, Pillow, numpy)";
  const std::vector<std::pair<std::string, Decoder>> decoders = {
      {"ours", ours}, {"zxing_default", zxing_default}, {"zbar", zbar_qr}};
  for (const char* split : {"dev", "held"}) {
    if (splits.find(split) == std::string::npos) continue;
    std::string folder =
        root + "/" + split + "-" + std::to_string(codes) + "-" + std::to_string(blank);
    std::string err = kiosk::bench::generate_frames({folder, split, codes, blank, 1});
    if (!err.empty()) {
      std::fprintf(stderr, "bench-qr: independent %s: %s\n", split, err.c_str());
      out[split]["error"] = err;
      continue;
    }
    auto frames = kiosk::bench::load_frames(folder);
    std::vector<IndependentTally> tallies(decoders.size());
    for (const auto& f : frames) {
      for (std::size_t i = 0; i < decoders.size(); ++i) {
        bool ok = score_independent(decoders[i].second, f, tallies[i]);
        if (i == 0 && !ok && std::string(split) == "dev") {
          std::string conds;
          for (const auto& c : f.conditions) conds += c + ",";
          std::fprintf(stderr, "  dev miss %s/%s %s %s %zu bytes\n", folder.c_str(), f.file.c_str(),
                       f.tier.c_str(), conds.c_str(), f.payload.size());
        }
      }
    }
    out[split]["folder"] = folder;
    for (std::size_t i = 0; i < decoders.size(); ++i) {
      out[split]["decoders"][decoders[i].first] = independent_summary(tallies[i]);
      std::fprintf(stderr, "  %s %-14s %s\n", split, decoders[i].first.c_str(),
                   out[split]["decoders"][decoders[i].first].dump().c_str());
    }
  }
  if (out.contains("held") && out["held"].contains("decoders")) {
    const auto& h = out["held"]["decoders"]["ours"];
    out["goals_met_held"] = {
        {"decode_rate_95", h["decode_rate"].get<double>() >= 95},
        {"no_wrong_or_false", h["wrong_payloads"] == 0 && h["false_positives"] == 0},
        {"median_under_8ms", h["median_ms"].get<double>() < 8},
        {"p99_under_20ms", h["p99_ms"].get<double>() < 20}};
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint32_t seed = 20261126;
  int per_kind = 60, blank = 60;  // 300 frames
  std::string dump_dir;
  // The independent source: frames per split with a code and without, and the cache folder.
  int independent_codes = 150, independent_blank = 30;
  std::string independent_dir =
      (std::filesystem::absolute(argv[0]).parent_path().parent_path() / "qr-frames").string();
  bool synthetic = true;
  std::string splits = "dev,held";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--seed")) seed = static_cast<std::uint32_t>(std::stoul(argv[i + 1]));
    if (!std::strcmp(argv[i], "--per-kind")) per_kind = std::stoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--blank")) blank = std::stoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dump-failures")) dump_dir = argv[i + 1];
    if (!std::strcmp(argv[i], "--independent-codes")) independent_codes = std::stoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--independent-blank")) independent_blank = std::stoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--independent-dir")) independent_dir = argv[i + 1];
    if (!std::strcmp(argv[i], "--splits")) splits = argv[i + 1];
    if (!std::strcmp(argv[i], "--synthetic")) synthetic = std::strcmp(argv[i + 1], "0") != 0;
  }
  if (!synthetic) per_kind = blank = 0;
  cv::setNumThreads(0);
  pin_to_one_core();
  auto frames = make_frames(seed, per_kind, blank);
  std::fprintf(stderr, "bench-qr: %zu frames (%d per kind x %zu kinds, %d without a code)\n",
               frames.size(), per_kind, kKinds.size(), blank);

  nlohmann::json out;
  out["bench"] = "qr";
  out["seed"] = seed;
  out["frames"] = frames.size();
  out["frame_size"] = "1280x720";
  std::vector<std::pair<std::string, std::pair<Decoder, bool>>> decoders = {
      {"ours", {ours, false}},
      {"ours_probe_first", {ours_probe_first, false}},
      {"ours_no_rescue", {ours_no_rescue, false}},
      {"zxing_default", {zxing_default, false}},
      {"zbar", {zbar_qr, false}},
      {"opencv_detector", {opencv_detect, true}}};
  // Every frame goes through every decoder in turn, so they share the machine's conditions.
  std::vector<Tally> tallies(decoders.size());
  std::FILE* tsv = nullptr;
  if (!dump_dir.empty()) {
    std::filesystem::create_directories(dump_dir);
    tsv = std::fopen((dump_dir + "/failures.tsv").c_str(), "w");
    if (tsv != nullptr)
      std::fprintf(tsv,
                   "file\tkind\tseed\tcode_fraction\trotation\tperspective\tblur\tnoise\t"
                   "glare\tdark\tfingers\tpayload_bytes\n");
  }
  for (std::size_t n = 0; n < frames.size(); ++n) {
    const auto& f = frames[n];
    for (std::size_t i = 0; i < decoders.size(); ++i) {
      bool ok = score(decoders[i].second.first, f, decoders[i].second.second, tallies[i]);
      if (i == 0 && !ok && tsv != nullptr) dump_failure(dump_dir, n, f, tsv);
    }
  }
  if (tsv != nullptr) std::fclose(tsv);
  for (std::size_t i = 0; i < decoders.size(); ++i) {
    const auto& name = decoders[i].first;
    out["decoders"][name] = summary(tallies[i], decoders[i].second.second);
    std::fprintf(stderr, "  %-16s %s\n", name.c_str(), out["decoders"][name].dump().c_str());
  }
  const auto& dec = out["decoders"];
  auto best = [&](const char* kind) {
    double b = 0;
    for (const char* n : {"zxing_default", "zbar"})
      b = std::max(b, kind ? dec[n]["decode_rate_by_kind"][kind].get<double>()
                           : dec[n]["decode_rate"].get<double>());
    return b;
  };
  double lead_all = dec["ours"]["decode_rate"].get<double>() - best(nullptr);
  double lead_hard = dec["ours"]["decode_rate_by_kind"]["hard"].get<double>() - best("hard");
  out["ours_lead_points"] = {{"overall", std::round(lead_all * 10) / 10},
                             {"hard", std::round(lead_hard * 10) / 10}};
  out["goals_met"] = {{"no_wrong_or_false",
                       dec["ours"]["wrong_payloads"] == 0 && dec["ours"]["false_positives"] == 0},
                      {"lead_10_points", lead_all >= 10 && lead_hard >= 10},
                      {"median_under_8ms", dec["ours"]["median_ms"].get<double>() < 8},
                      {"p99_under_20ms", dec["ours"]["p99_ms"].get<double>() < 20}};
  if (independent_codes + independent_blank > 0)
    out["independent"] =
        run_independent(independent_dir, independent_codes, independent_blank, splits);
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
