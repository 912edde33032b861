// `kiosk read-mrz [--today YYYY-MM-DD] IMAGE...`: reads the MRZ of the identity document in
// each image file and prints one JSON line per image: the MRZ lines, the fields, every check,
// IIN validity, capture guidance and milliseconds; {"image":path,"error":".."} when the file
// cannot be read as an image. An operator tool on local files: nothing is masked here, and
// nothing is logged. Exit 0 when every image was read (accepted or not), 1 when any could not
// be read, 2 on usage error.
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

#include "devices/id/mrz_reader.hpp"
#include "flows/identity/iin.hpp"

namespace kiosk::app {
int cmd_read_mrz(int argc, char** argv);
}

namespace kiosk::app {
namespace {

constexpr const char* kUsage = "usage: kiosk read-mrz [--today YYYY-MM-DD] IMAGE...\n";

void print_line(const nlohmann::json& j) {
  std::puts(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  std::fflush(stdout);
}

std::string date_text(const std::optional<std::chrono::year_month_day>& d) {
  if (!d) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d->year()),
                static_cast<unsigned>(d->month()), static_cast<unsigned>(d->day()));
  return buf;
}

std::optional<std::chrono::year_month_day> parse_date(std::string_view s) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (s.size() != 10 || std::sscanf(std::string(s).c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3)
    return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

nlohmann::json reading_json(const devices::id::MrzReading& r) {
  nlohmann::json j;
  j["document_found"] = r.document_found;
  j["accepted"] = r.accepted;
  j["guidance"] = std::string(to_string(r.quality.guidance));
  j["quality"] = {{"pitch_px", std::round(r.quality.pitch_px * 10) / 10},
                  {"focus", std::round(r.quality.focus * 1000) / 1000},
                  {"glare", std::round(r.quality.glare_fraction * 1000) / 1000}};
  if (!r.failure.empty() && r.lines.empty()) j["failure"] = r.failure;
  if (r.format) j["format"] = std::string(flows::identity::to_string(*r.format));
  j["lines"] = r.lines;
  if (!r.lines.empty()) {
    j["confident"] = r.resolved.confident;
    j["repairs"] = r.resolved.repairs;
    j["repaired_positions"] = r.resolved.repaired;
    // The running kiosk (CaptureSession) captures a repaired read only when another frame of
    // the same document agrees without that repair; one image cannot show that.
    j["needs_agreeing_frame"] = r.accepted && r.resolved.repairs > 0;
    j["doubtful_positions"] = r.resolved.doubtful;
  }
  if (r.record) {
    const auto& rec = *r.record;
    j["fields"] = {{"document_code", rec.document_code},
                   {"issuing_state", rec.issuing_state},
                   {"document_number", rec.document_number},
                   {"optional_data", rec.optional_data},
                   {"optional_data_2", rec.optional_data_2},
                   {"nationality", rec.nationality},
                   {"birth_date", date_text(rec.birth_date)},
                   {"expiry_date", date_text(rec.expiry_date)},
                   {"sex", std::string(1, rec.sex)},
                   {"primary_identifier", rec.primary_identifier},
                   {"secondary_identifier", rec.secondary_identifier}};
    nlohmann::json checks = nlohmann::json::object();
    for (const auto& c : rec.checks) checks[c.name] = c.passed;
    j["checks"] = checks;
    if (rec.iin) {
      j["iin"] = *rec.iin;
      j["iin_valid"] = flows::identity::iin_valid(*rec.iin);
    } else {
      j["iin"] = nullptr;
    }
    j["all_checks_passed"] = rec.all_passed();
  }
  return j;
}

}  // namespace

int cmd_read_mrz(int argc, char** argv) {
  int i = 1;
  if (i < argc && std::string_view(argv[i]) == "read-mrz") ++i;
  std::vector<std::string> images;
  auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  std::chrono::year_month_day today{now};
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
    if (!options_done && arg == "--today") {
      auto d = i + 1 < argc ? parse_date(argv[i + 1]) : std::nullopt;
      if (!d) {
        std::fprintf(stderr, "kiosk read-mrz: --today needs YYYY-MM-DD\n%s", kUsage);
        return 2;
      }
      today = *d;
      ++i;
      continue;
    }
    if (!options_done && arg.starts_with("--")) {
      std::fprintf(stderr, "kiosk read-mrz: unknown option\n%s", kUsage);
      return 2;
    }
    images.emplace_back(arg);
  }
  if (images.empty()) {
    std::fprintf(stderr, "kiosk read-mrz: no image given\n%s", kUsage);
    return 2;
  }
  auto reader = devices::id::MrzReader::create();
  if (!reader) {
    std::fprintf(stderr, "kiosk read-mrz: %s\n", reader.error().c_str());
    return 1;
  }
  devices::id::MrzReaderOptions options;
  options.today = today;
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
      frame = cv::imread(path, cv::IMREAD_COLOR);
    } catch (const std::exception&) {
      frame.release();
    }
    if (frame.empty()) {
      print_line({{"image", path}, {"error", "cannot read the file as an image"}});
      status = 1;
      continue;
    }
    auto start = std::chrono::steady_clock::now();
    auto reading = reader->read(frame, options);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json j = {{"image", path}};
    j.update(reading_json(reading));
    j["ms"] = std::round(ms * 10) / 10;
    print_line(j);
  }
  return status;
}

}  // namespace kiosk::app
