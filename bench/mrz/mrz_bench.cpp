// bench-mrz: MRZ reading on a seeded set of synthetic document frames (sim/camera
// synthetic_id): Kazakh ID cards (TD1) and passport pages (TD3) at 1280x720 and 1920x1080, easy
// and hard. Reports the exact-MRZ rate (overall, easy, hard), character accuracy, documents
// accepted, documents wrongly accepted (accepted with a wrong MRZ; must be 0), median and p99
// ms per frame. Baselines in the same run: the same glyph scores read without field knowledge
// (best character anywhere, no check-digit repair), and, when `tesseract` is on PATH, a plain
// tesseract pipeline (document warp, psm 6, MRZ whitelist) on the same frames.
// Times per frame: wall, process CPU (every thread, OpenCV's workers included) and the reading
// thread's CPU (what the machine's other load does not inflate), and the reading thread's CPU
// per stage of the pipeline (MrzReading::timings), averaged.
// Multi-frame combining: each frame's document is rendered twice more with other seeds for the
// look (same identity, kind, difficulty and frame size: the customer holding it a moment
// longer) and the three readings go through MrzReader::combine; those extra frames count only
// in the "combined_3" figures.
// Per source and split (key "sources"): freetype_dev (the frames above, what the reader was
// tuned on), freetype_heldout (the same generator, a seed stream nothing was tuned on) and, for
// each --independent DIR written by bench/mrz/gen/render_frames.py (Pillow, another renderer of
// OCR-B, other layouts and degradations), pillow_<split>; frames without a document count
// false positives. bench/mrz/run_independent.sh generates the frames and runs this.
// Usage: bench-mrz [--frames N] [--seed S] [--dump DIR] [--combine 0|1] [--threads N]
//                  [--heldout-frames N] [--independent DIR]...
// Last line: one JSON object.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "devices/id/mrz_reader.hpp"
#include "devices/id/ocrb_glyphs.hpp"
#include "sim/camera/synthetic_id.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double round1(double v) { return std::round(v * 10) / 10; }

double load_average() {
  std::ifstream f("/proc/loadavg");
  double v = 0;
  f >> v;
  return v;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto idx = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(idx, v.size() - 1)];
}

int matching_chars(const std::vector<std::string>& truth, const std::vector<std::string>& got) {
  int n = 0;
  for (std::size_t r = 0; r < truth.size() && r < got.size(); ++r)
    for (std::size_t i = 0; i < truth[r].size() && i < got[r].size(); ++i)
      n += truth[r][i] == got[r][i];
  return n;
}

int total_chars(const std::vector<std::string>& truth) {
  int n = 0;
  for (const auto& l : truth) n += static_cast<int>(l.size());
  return n;
}

// The best character at each position, ignoring what the field allows.
std::vector<std::string> raw_lines(const kiosk::devices::id::MrzReading& r) {
  if (!r.format || r.scores.empty()) return {};
  auto shape = kiosk::flows::identity::mrz_shape(*r.format);
  std::string text;
  for (const auto& s : r.scores)
    text.push_back(kiosk::devices::id::kMrzAlphabet[static_cast<std::size_t>(
        std::max_element(s.begin(), s.end()) - s.begin())]);
  std::vector<std::string> out;
  for (int i = 0; i < shape.lines; ++i)
    out.push_back(text.substr(static_cast<std::size_t>(i * shape.length),
                              static_cast<std::size_t>(shape.length)));
  return out;
}

bool tesseract_available() { return std::system("command -v tesseract >/dev/null 2>&1") == 0; }

// Plain tesseract: the frame as it is, page segmentation 6, MRZ whitelist; the MRZ is taken as
// the last lines of the expected length once spaces are removed.
std::vector<std::string> tesseract_read(const cv::Mat& frame, const fs::path& dir,
                                        std::size_t lines, std::size_t length) {
  fs::path img = dir / "frame.png", out = dir / "out";
  cv::imwrite(img.string(), frame);
  std::string cmd = "tesseract '" + img.string() + "' '" + out.string() +
                    "' --psm 6 -c tessedit_char_whitelist=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'<'"
                    " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return {};
  std::ifstream f(out.string() + ".txt");
  std::vector<std::string> all;
  for (std::string line; std::getline(f, line);) {
    line.erase(std::remove(line.begin(), line.end(), ' '), line.end());
    if (line.size() == length) all.push_back(line);
  }
  if (all.size() < lines) return {};
  return std::vector<std::string>(all.end() - static_cast<std::ptrdiff_t>(lines), all.end());
}

struct Tally {
  int frames = 0, exact = 0, accepted = 0, wrong = 0, chars = 0, chars_ok = 0, raw_exact = 0,
      raw_chars_ok = 0;
};

nlohmann::json rate(int num, int den) {
  return den == 0 ? nlohmann::json(nullptr) : nlohmann::json(std::round(1000.0 * num / den) / 10.0);
}

// One source and split of frames read one at a time (no combining): exact, accepted, wrongly
// accepted per difficulty; frames without a document count as false positives when any MRZ
// reading of them is accepted.
struct SourceTally {
  std::map<std::string, Tally> by_difficulty;
  int empty_frames = 0, false_positives = 0, lines_on_empty = 0;
  std::vector<double> ms, thread_ms;

  void add(const std::string& difficulty, const std::vector<std::string>& truth,
           const kiosk::devices::id::MrzReading& r, double wall_ms, double thread_cpu_ms) {
    ms.push_back(wall_ms);
    thread_ms.push_back(thread_cpu_ms);
    if (truth.empty()) {
      ++empty_frames;
      false_positives += r.accepted;
      lines_on_empty += !r.lines.empty();
      return;
    }
    Tally& t = by_difficulty[difficulty];
    ++t.frames;
    bool exact = r.lines == truth;
    t.exact += exact;
    t.accepted += r.accepted;
    t.wrong += r.accepted && !exact;
    t.chars += total_chars(truth);
    t.chars_ok += matching_chars(truth, r.lines);
  }

  nlohmann::json json() const {
    Tally all;
    nlohmann::json j;
    for (const auto& [name, t] : by_difficulty) {
      all.frames += t.frames;
      all.exact += t.exact;
      all.accepted += t.accepted;
      all.wrong += t.wrong;
      all.chars += t.chars;
      all.chars_ok += t.chars_ok;
      j["exact_mrz_" + name + "_pct"] = rate(t.exact, t.frames);
      j["accepted_" + name + "_pct"] = rate(t.accepted, t.frames);
    }
    j["frames"] = all.frames;
    j["exact_mrz_pct"] = rate(all.exact, all.frames);
    j["char_accuracy_pct"] = rate(all.chars_ok, all.chars);
    j["accepted_pct"] = rate(all.accepted, all.frames);
    j["wrongly_accepted"] = all.wrong;
    j["frames_without_document"] = empty_frames;
    j["false_positives"] = false_positives;
    j["lines_on_empty_frames"] = lines_on_empty;
    j["median_ms"] = round1(percentile(ms, 0.5));
    j["p99_ms"] = round1(percentile(ms, 0.99));
    j["median_thread_cpu_ms"] = round1(percentile(thread_ms, 0.5));
    return j;
  }

  int wrong() const {
    int n = false_positives;
    for (const auto& [name, t] : by_difficulty) n += t.wrong;
    return n;
  }
};

double wall_ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Frames of an independent generator (bench/mrz/gen/render_frames.py): DIR/manifest.jsonl, one
// object per frame {file, split, difficulty, lines}; tallied per split.
std::map<std::string, SourceTally> read_manifest_frames(
    const kiosk::devices::id::MrzReader& reader,
    const kiosk::devices::id::MrzReaderOptions& options, const fs::path& dir, bool verbose) {
  std::map<std::string, SourceTally> out;
  std::ifstream f(dir / "manifest.jsonl");
  for (std::string line; std::getline(f, line);) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    cv::Mat image = cv::imread((dir / j.at("file").get<std::string>()).string());
    if (image.empty()) continue;
    auto truth = j.at("lines").get<std::vector<std::string>>();
    auto t0 = Clock::now();
    double th0 = thread_cpu_ms();
    auto reading = reader.read(image, options);
    double ms = wall_ms_since(t0), th = thread_cpu_ms() - th0;
    const std::string difficulty = j.value("difficulty", "easy");
    out[j.value("split", "heldout")].add(difficulty, truth, reading, ms, th);
    if (verbose && reading.lines != truth)
      std::fprintf(stderr, "miss %s %s accepted=%d failure=%s\n",
                   j.at("file").get<std::string>().c_str(), difficulty.c_str(), reading.accepted,
                   reading.failure.c_str());
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int frames = 240;
  std::uint32_t seed = 1000;
  std::string dump;
  bool combine = true;
  int heldout_frames = 120;
  std::vector<std::string> independent;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--frames") frames = std::max(4, std::atoi(argv[i + 1]));
    if (a == "--seed") seed = static_cast<std::uint32_t>(std::atoll(argv[i + 1]));
    if (a == "--dump") dump = argv[i + 1];
    if (a == "--combine") combine = std::atoi(argv[i + 1]) != 0;
    if (a == "--threads") cv::setNumThreads(std::atoi(argv[i + 1]));
    if (a == "--heldout-frames") heldout_frames = std::max(0, std::atoi(argv[i + 1]));
    if (a == "--independent") independent.push_back(argv[i + 1]);
  }
  auto reader = kiosk::devices::id::MrzReader::create();
  if (!reader) {
    std::fprintf(stderr, "bench-mrz: %s\n", reader.error().c_str());
    return 1;
  }
  kiosk::devices::id::MrzReaderOptions options;
  options.today = std::chrono::year_month_day{std::chrono::year(2026), std::chrono::month(1),
                                              std::chrono::day(15)};
  const bool tess = tesseract_available();
  fs::path tmp = fs::temp_directory_path() / ("bench-mrz-" + std::to_string(::getpid()));
  if (tess) fs::create_directories(tmp);
  if (!dump.empty()) fs::create_directories(dump);

  Tally easy, hard, tess_tally, comb_easy, comb_hard;
  std::vector<double> ms_all, cpu_all, thread_all;
  kiosk::devices::id::MrzTimings stage_sum;
  std::vector<double> ms_tess;
  for (int i = 0; i < frames; ++i) {
    kiosk::sim::SyntheticIdOptions o;
    o.seed = seed + static_cast<std::uint32_t>(i);
    o.hard = i % 2 == 1;
    o.frame_size = (i / 2) % 2 == 0 ? cv::Size(1280, 720) : cv::Size(1920, 1080);
    auto scene = kiosk::sim::render_id_scene(o);
    auto t0 = Clock::now();
    double c0 = cpu_ms(), th0 = thread_cpu_ms();
    auto reading = reader->read(scene.image, options);
    thread_all.push_back(thread_cpu_ms() - th0);
    cpu_all.push_back(cpu_ms() - c0);
    ms_all.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    stage_sum.prepare_ms += reading.timings.prepare_ms;
    stage_sum.locate_ms += reading.timings.locate_ms;
    stage_sum.zone_ms += reading.timings.zone_ms;
    stage_sum.score_ms += reading.timings.score_ms;
    stage_sum.check_ms += reading.timings.check_ms;
    stage_sum.quads_tried += reading.timings.quads_tried;
    stage_sum.zones_tried += reading.timings.zones_tried;
    if (combine) {
      std::vector<kiosk::devices::id::MrzReading> readings{reading};
      for (std::uint32_t k = 1; k <= 2; ++k) {
        kiosk::sim::SyntheticIdOptions again = o;
        again.seed = seed + 1000000u + 2u * static_cast<std::uint32_t>(i) + k;
        again.kind = scene.look.kind;
        again.fields = scene.look.fields;
        readings.push_back(reader->read(kiosk::sim::render_id_scene(again).image, options));
      }
      auto combined = reader->combine(readings, options);
      Tally& c = o.hard ? comb_hard : comb_easy;
      ++c.frames;
      bool ok = combined.lines == scene.mrz_lines;
      c.exact += ok;
      c.accepted += combined.accepted;
      c.wrong += combined.accepted && !ok;
      c.chars += total_chars(scene.mrz_lines);
      c.chars_ok += matching_chars(scene.mrz_lines, combined.lines);
    }
    Tally& t = o.hard ? hard : easy;
    ++t.frames;
    bool exact = reading.lines == scene.mrz_lines;
    t.exact += exact;
    t.accepted += reading.accepted;
    t.wrong += reading.accepted && !exact;
    t.chars += total_chars(scene.mrz_lines);
    t.chars_ok += matching_chars(scene.mrz_lines, reading.lines);
    auto raw = raw_lines(reading);
    t.raw_exact += raw == scene.mrz_lines;
    t.raw_chars_ok += matching_chars(scene.mrz_lines, raw);
    if (!exact) {
      std::fprintf(stderr, "miss seed=%u %s %dx%d accepted=%d failure=%s guidance=%s\n", o.seed,
                   o.hard ? "hard" : "easy", o.frame_size.width, o.frame_size.height,
                   reading.accepted, reading.failure.c_str(),
                   std::string(to_string(reading.quality.guidance)).c_str());
      for (std::size_t r = 0; r < scene.mrz_lines.size(); ++r)
        std::fprintf(stderr, "  want %s\n  got  %s\n", scene.mrz_lines[r].c_str(),
                     r < reading.lines.size() ? reading.lines[r].c_str() : "");
      if (!dump.empty())
        cv::imwrite(dump + "/miss-" + std::to_string(o.seed) + ".png", scene.image);
    }
    if (tess) {
      auto t1 = Clock::now();
      auto got =
          tesseract_read(scene.image, tmp, scene.mrz_lines.size(), scene.mrz_lines.front().size());
      ms_tess.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t1).count());
      ++tess_tally.frames;
      tess_tally.exact += got == scene.mrz_lines;
      tess_tally.chars += total_chars(scene.mrz_lines);
      tess_tally.chars_ok += matching_chars(scene.mrz_lines, got);
    }
  }
  if (tess) fs::remove_all(tmp);
  Tally all{easy.frames + hard.frames,       easy.exact + hard.exact,
            easy.accepted + hard.accepted,   easy.wrong + hard.wrong,
            easy.chars + hard.chars,         easy.chars_ok + hard.chars_ok,
            easy.raw_exact + hard.raw_exact, easy.raw_chars_ok + hard.raw_chars_ok};
  // Per source and split. freetype_dev: the frames above (the project's synthetic camera, the
  // seeds everything was tuned on). freetype_heldout: the same generator on a seed stream
  // nothing was tuned on. Independent generators: each --independent DIR, per split.
  nlohmann::json sources;
  {
    SourceTally dev;
    dev.by_difficulty["easy"] = easy;
    dev.by_difficulty["hard"] = hard;
    dev.ms = ms_all;
    dev.thread_ms = thread_all;
    sources["freetype_dev"] = dev.json();
  }
  int source_wrong = 0;
  if (heldout_frames > 0) {
    SourceTally held;
    for (int i = 0; i < heldout_frames; ++i) {
      kiosk::sim::SyntheticIdOptions o;
      o.seed = 50000000u + seed + static_cast<std::uint32_t>(i);
      o.hard = i % 2 == 1;
      o.frame_size = (i / 2) % 2 == 0 ? cv::Size(1280, 720) : cv::Size(1920, 1080);
      auto scene = kiosk::sim::render_id_scene(o);
      auto t0 = Clock::now();
      double th0 = thread_cpu_ms();
      auto reading = reader->read(scene.image, options);
      held.add(o.hard ? "hard" : "easy", scene.mrz_lines, reading, wall_ms_since(t0),
               thread_cpu_ms() - th0);
    }
    source_wrong += held.wrong();
    sources["freetype_heldout"] = held.json();
  }
  for (const auto& dir : independent) {
    for (const auto& [split, tally] : read_manifest_frames(*reader, options, dir, !dump.empty())) {
      source_wrong += tally.wrong();
      sources["pillow_" + split] = tally.json();
    }
  }
  nlohmann::json j = {
      {"bench", "mrz"},
      {"frames", all.frames},
      {"frames_easy", easy.frames},
      {"frames_hard", hard.frames},
      {"exact_mrz_pct", rate(all.exact, all.frames)},
      {"exact_mrz_easy_pct", rate(easy.exact, easy.frames)},
      {"exact_mrz_hard_pct", rate(hard.exact, hard.frames)},
      {"char_accuracy_pct", rate(all.chars_ok, all.chars)},
      {"accepted_pct", rate(all.accepted, all.frames)},
      {"accepted_easy_pct", rate(easy.accepted, easy.frames)},
      {"accepted_hard_pct", rate(hard.accepted, hard.frames)},
      {"wrongly_accepted", all.wrong},
      {"median_ms", std::round(percentile(ms_all, 0.5) * 10) / 10},
      {"p99_ms", std::round(percentile(ms_all, 0.99) * 10) / 10},
      {"median_cpu_ms", std::round(percentile(cpu_all, 0.5) * 10) / 10},
      {"median_thread_cpu_ms", round1(percentile(thread_all, 0.5))},
      {"p99_thread_cpu_ms", round1(percentile(thread_all, 0.99))},
      {"opencv_threads", cv::getNumThreads()},
      {"stages_mean_thread_cpu_ms",
       {{"prepare", round1(stage_sum.prepare_ms / all.frames)},
        {"locate", round1(stage_sum.locate_ms / all.frames)},
        {"zone", round1(stage_sum.zone_ms / all.frames)},
        {"score", round1(stage_sum.score_ms / all.frames)},
        {"check", round1(stage_sum.check_ms / all.frames)},
        {"quads_tried", round1(static_cast<double>(stage_sum.quads_tried) / all.frames)},
        {"zones_tried", round1(static_cast<double>(stage_sum.zones_tried) / all.frames)}}},
      {"combined_3",
       combine ? nlohmann::json{{"exact_mrz_easy_pct", rate(comb_easy.exact, comb_easy.frames)},
                                {"exact_mrz_hard_pct", rate(comb_hard.exact, comb_hard.frames)},
                                {"accepted_easy_pct", rate(comb_easy.accepted, comb_easy.frames)},
                                {"accepted_hard_pct", rate(comb_hard.accepted, comb_hard.frames)},
                                {"char_accuracy_pct", rate(comb_easy.chars_ok + comb_hard.chars_ok,
                                                           comb_easy.chars + comb_hard.chars)},
                                {"wrongly_accepted", comb_easy.wrong + comb_hard.wrong}}
               : nlohmann::json(nullptr)},
      {"load_average_1m", load_average()},
      {"baseline_no_field_knowledge",
       {{"exact_mrz_pct", rate(all.raw_exact, all.frames)},
        {"char_accuracy_pct", rate(all.raw_chars_ok, all.chars)}}},
      {"tesseract",
       tess ? nlohmann::json{{"exact_mrz_pct", rate(tess_tally.exact, tess_tally.frames)},
                             {"char_accuracy_pct", rate(tess_tally.chars_ok, tess_tally.chars)},
                             {"median_ms", std::round(percentile(ms_tess, 0.5) * 10) / 10}}
            : nlohmann::json(nullptr)},
      {"sources", sources},
  };
  std::printf("%s\n", j.dump().c_str());
  return all.wrong == 0 && comb_easy.wrong + comb_hard.wrong == 0 && source_wrong == 0 ? 0 : 1;
}
