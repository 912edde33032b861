#include "devices/id/mrz_reader.hpp"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <opencv2/imgproc.hpp>

#include "devices/id/document_locator.hpp"
#include "devices/id/mrz_band_locator.hpp"
#include "devices/id/mrz_geometry.hpp"

namespace kiosk::devices::id {
namespace {

using flows::identity::MrzFormat;

constexpr double kWarpPitch = 22.0;  // MRZ pitch in the warped zone, pixels
constexpr double kMarginMm = 1.5;    // warped beyond the document edges, for corner error

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Adds the thread-CPU time since the last lap to `slot`.
class Lap {
 public:
  Lap() : t_(thread_cpu_ms()) {}
  void to(double& slot) {
    double now = thread_cpu_ms();
    slot += now - t_;
    t_ = now;
  }

 private:
  double t_;
};

struct Component {
  double cx, cy;
  int w, h;
};

struct LineFit {
  double a = 0, b = kWarpPitch;  // x centre of cell i = a + b * i
  double c = 0, d = 0;           // y cap-centre of cell i = c + d * i
};

// Least squares y = p + q x.
std::pair<double, double> fit(const std::vector<std::pair<double, double>>& xy, double q_default) {
  if (xy.empty()) return {0, q_default};
  double n = static_cast<double>(xy.size()), sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (auto [x, y] : xy) {
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  double den = n * sxx - sx * sx;
  if (xy.size() < 3 || std::abs(den) < 1e-9) return {sy / n - q_default * sx / n, q_default};
  double q = (n * sxy - sx * sy) / den;
  return {(sy - q * sx) / n, q};
}

// How a line's first cell is found: where the document layout puts it (`Layout`, from the
// document outline), or at the line's leftmost component with the pitch from its span (`Span`:
// every MRZ character, '<' included, has ink, so a clean line spans exactly `length` cells; this
// survives an outline whose left or right edge is off).
enum class Anchor { Layout, Span };

std::optional<LineFit> fit_line(std::vector<Component> comps, int length, double x0_expected,
                                double cap, Anchor anchor, bool* span_differs = nullptr) {
  std::sort(comps.begin(), comps.end(), [](auto& l, auto& r) { return l.cx < r.cx; });
  std::vector<std::pair<double, double>> xs, ys;
  double pitch = kWarpPitch;
  int index = static_cast<int>(std::lround((comps.front().cx - x0_expected) / pitch));
  const double span_pitch = (comps.back().cx - comps.front().cx) / std::max(length - 1, 1);
  const bool span_ok = span_pitch > kWarpPitch * 0.85 && span_pitch < kWarpPitch * 1.15;
  if (span_differs && span_ok && (index != 0 || std::abs(span_pitch - kWarpPitch) > 0.4))
    *span_differs = true;
  if (anchor == Anchor::Span) {
    if (!span_ok) return std::nullopt;
    pitch = span_pitch;
    index = 0;
  }
  double prev = comps.front().cx;
  for (std::size_t k = 0; k < comps.size(); ++k) {
    if (k > 0) {
      int step = static_cast<int>(std::lround((comps[k].cx - prev) / pitch));
      if (step == 0) continue;  // a second piece of the same cell
      index += step;
      prev = comps[k].cx;
    }
    if (index < 0 || index >= length) continue;
    xs.emplace_back(index, comps[k].cx);
    if (comps[k].h > 0.75 * cap) ys.emplace_back(index, comps[k].cy);
    if (xs.size() >= 6)
      pitch = std::clamp(fit(xs, pitch).second, kWarpPitch * 0.85, kWarpPitch * 1.15);
  }
  if (static_cast<int>(xs.size()) < length / 3 || ys.size() < 3) return std::nullopt;
  LineFit f;
  auto [a, b] = fit(xs, pitch);
  // One pass of outlier removal.
  std::vector<std::pair<double, double>> kept;
  for (auto p : xs)
    if (std::abs(a + b * p.first - p.second) < 0.3 * b) kept.push_back(p);
  std::tie(f.a, f.b) = fit(kept.size() >= 6 ? kept : xs, b);
  std::tie(f.c, f.d) = fit(ys, 0.0);
  return f;
}

// Mean |Sobel x| (3x3, reflected border: as cv::Sobel) over the contrast range, and the 5th and
// 95th brightness percentiles, in one pass over the 8-bit zone (cv::Sobel to float, abs and mean
// cost four passes and three float images).
double focus_measure(const cv::Mat& zone) {
  CV_Assert(zone.type() == CV_8U);
  const int rows = zone.rows, cols = zone.cols;
  std::int64_t gradient = 0;
  int hist[256] = {};
  for (int y = 0; y < rows; ++y) {
    const int ya = y == 0 ? std::min(1, rows - 1) : y - 1;
    const int yb = y == rows - 1 ? std::max(rows - 2, 0) : y + 1;
    const uchar *a = zone.ptr<uchar>(ya), *m = zone.ptr<uchar>(y), *b = zone.ptr<uchar>(yb);
    int row_sum = 0;
    // The border columns reflect onto their neighbour: their x gradient is 0.
    for (int x = 1; x + 1 < cols; ++x) {
      int g = (a[x + 1] - a[x - 1]) + 2 * (m[x + 1] - m[x - 1]) + (b[x + 1] - b[x - 1]);
      row_sum += g < 0 ? -g : g;
    }
    gradient += row_sum;
    for (int x = 0; x < cols; ++x) ++hist[m[x]];
  }
  const int total = rows * cols;
  int acc = 0, lo = 0, hi = 255;
  for (int v = 0; v < 256; ++v) {
    acc += hist[v];
    if (acc <= total / 20) lo = v;
    if (acc <= total * 19 / 20) hi = v;
  }
  const double mean_abs = total == 0 ? 0 : static_cast<double>(gradient) / total;
  return mean_abs / (4.0 * std::max(hi - lo, 8));
}

std::vector<cv::Point2f> to_frame(const cv::Mat& mm_to_frame, std::vector<cv::Point2f> mm) {
  std::vector<cv::Point2f> out;
  cv::perspectiveTransform(mm, out, mm_to_frame);
  return out;
}

struct Attempt {
  bool span_differs = false;  // Anchor::Span would place some line's cells differently
  std::vector<std::string> lines;
  std::vector<GlyphScores> scores;
  double focus = 0;
  std::string failure;
};

}  // namespace

std::string_view to_string(CaptureGuidance g) {
  switch (g) {
    case CaptureGuidance::Ok:
      return "ok";
    case CaptureGuidance::NoDocument:
      return "no_document";
    case CaptureGuidance::MoveCloser:
      return "move_closer";
    case CaptureGuidance::TiltGlare:
      return "tilt_glare";
    case CaptureGuidance::HoldStill:
      return "hold_still";
    case CaptureGuidance::NoFace:
      return "no_face";
    case CaptureGuidance::Expired:
      return "document_expired";
  }
  return "?";
}

std::expected<MrzReader, std::string> MrzReader::create(std::string_view font_path) {
  auto m = GlyphMatcher::create(font_path);
  if (!m) return std::unexpected(m.error());
  return MrzReader(std::move(*m));
}

namespace {

Attempt read_zone(const cv::Mat& gray, const DocumentQuad& quad, MrzFormat format,
                  const GlyphMatcher& matcher, MrzTimings& timings, Anchor anchor) {
  Attempt out;
  Lap lap;
  ++timings.zones_tried;
  const auto g = mrz_geometry(format);
  const auto shape = flows::identity::mrz_shape(format);
  const double ppm = kWarpPitch / kMrzPitchMm;
  std::vector<cv::Point2f> doc_mm = {
      {0, 0},
      {static_cast<float>(g.width_mm), 0},
      {static_cast<float>(g.width_mm), static_cast<float>(g.height_mm)},
      {0, static_cast<float>(g.height_mm)}};
  cv::Mat mm_to_frame = cv::getPerspectiveTransform(doc_mm.data(), quad.corners.data());
  const float top = static_cast<float>(g.height_mm - g.zone_height_mm - kMarginMm);
  const float bottom = static_cast<float>(g.height_mm + kMarginMm);
  const float left = static_cast<float>(-kMarginMm),
              right = static_cast<float>(g.width_mm + kMarginMm);
  auto src = to_frame(mm_to_frame, {{left, top}, {right, top}, {right, bottom}, {left, bottom}});
  cv::Size zone_size(static_cast<int>((right - left) * ppm),
                     static_cast<int>((bottom - top) * ppm));
  std::vector<cv::Point2f> dst = {
      {0, 0},
      {static_cast<float>(zone_size.width), 0},
      {static_cast<float>(zone_size.width), static_cast<float>(zone_size.height)},
      {0, static_cast<float>(zone_size.height)}};
  cv::Mat zone;
  cv::warpPerspective(gray, zone, cv::getPerspectiveTransform(src.data(), dst.data()), zone_size,
                      cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  out.focus = focus_measure(zone);

  cv::Mat ink;
  cv::adaptiveThreshold(zone, ink, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV,
                        static_cast<int>(kWarpPitch * 2) | 1, 10);
  cv::Mat labels, stats, centroids;
  int count = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
  const double cap = matcher.cap_to_pitch() * kWarpPitch;
  std::vector<Component> comps;
  for (int i = 1; i < count; ++i) {
    int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
    int area = stats.at<int>(i, cv::CC_STAT_AREA);
    if (h < 0.25 * cap || h > 1.6 * cap || w > 1.4 * kWarpPitch || area < 0.04 * cap * kWarpPitch)
      continue;
    comps.push_back({stats.at<int>(i, cv::CC_STAT_LEFT) + w / 2.0,
                     stats.at<int>(i, cv::CC_STAT_TOP) + h / 2.0, w, h});
  }
  // Lines: components grouped by vertical centre.
  std::sort(comps.begin(), comps.end(), [](auto& l, auto& r) { return l.cy < r.cy; });
  std::vector<std::vector<Component>> groups;
  for (const auto& c : comps) {
    if (groups.empty() || c.cy - groups.back().back().cy > 0.45 * cap) groups.emplace_back();
    groups.back().push_back(c);
  }
  std::vector<std::vector<Component>*> big;
  for (auto& gr : groups)
    if (static_cast<int>(gr.size()) >= shape.length / 3) big.push_back(&gr);
  if (static_cast<int>(big.size()) < shape.lines) {
    out.failure = "no_mrz_lines";
    lap.to(timings.zone_ms);
    return out;
  }
  // The bottom-most run of `lines` groups.
  std::vector<std::vector<Component>*> rows(big.end() - shape.lines, big.end());
  const double x0 = (kMarginMm + g.left_mm + kMrzPitchMm / 2) * ppm;
  const cv::Size tsize = matcher.template_size();
  const cv::Size wsize(tsize.width + 2 * matcher.shift_x(), tsize.height + 2 * matcher.shift_y());
  for (int r = 0; r < shape.lines; ++r) {
    auto f = fit_line(*rows[static_cast<std::size_t>(r)], shape.length, x0, cap, anchor,
                      &out.span_differs);
    lap.to(timings.zone_ms);
    if (!f) {
      out.failure = "no_character_grid";
      out.scores.clear();
      return out;
    }
    const double k = kCellPitch / f->b;  // warped px -> cell px
    cv::Size grab(static_cast<int>(std::ceil(wsize.width / k)) + 1,
                  static_cast<int>(std::ceil(wsize.height / k)) + 1);
    for (int i = 0; i < shape.length; ++i) {
      cv::Point2f centre(static_cast<float>(f->a + f->b * i), static_cast<float>(f->c + f->d * i));
      cv::Mat patch, window;
      cv::getRectSubPix(zone, grab, centre, patch);
      cv::resize(patch, patch, cv::Size(), k, k, k < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
      cv::Rect inner((patch.cols - wsize.width) / 2, (patch.rows - wsize.height) / 2, wsize.width,
                     wsize.height);
      inner &= cv::Rect(0, 0, patch.cols, patch.rows);
      if (inner.size() != wsize) {
        cv::resize(patch, window, wsize);
      } else {
        window = patch(inner);
      }
      out.scores.push_back(matcher.score(window));
    }
    lap.to(timings.score_ms);
  }
  return out;
}

double glare_fraction(const cv::Mat& gray, const DocumentQuad& quad) {
  cv::Size small(160, 100);
  std::vector<cv::Point2f> dst = {{0, 0}, {160, 0}, {160, 100}, {0, 100}};
  cv::Mat warped;
  cv::warpPerspective(gray, warped, cv::getPerspectiveTransform(quad.corners.data(), dst.data()),
                      small, cv::INTER_AREA);
  return static_cast<double>(cv::countNonZero(warped >= 250)) / (small.width * small.height);
}

// Checks passed minus checks failed; lower than any record without characters or a record.
int check_balance(const MrzReading& r) {
  if (!r.record) return r.scores.empty() ? -1000 : -999;
  int n = 0;
  for (const auto& c : r.record->checks) n += c.passed ? 1 : -1;
  return n;
}

// Of two readings none of which is accepted, the one to report: more checks passing (a wrong
// format or a skewed outline reads garbage that fails most of them); the earlier on a tie.
bool better(const MrzReading& a, const MrzReading& b) {
  if (a.accepted != b.accepted) return a.accepted;
  return check_balance(a) > check_balance(b);
}

// Read with confidence, every check digit right, and only the expiry in the past: telling the
// customer their document has expired helps more than "hold still".
bool only_expired(const MrzReading& r) {
  if (!r.record || !r.resolved.confident) return false;
  bool expired = false;
  for (const auto& c : r.record->checks) {
    if (c.passed) continue;
    if (c.name != "not_expired") return false;
    expired = true;
  }
  return expired;
}

CaptureGuidance guide(const MrzReading& r) {
  if (!r.document_found) return CaptureGuidance::NoDocument;
  if (r.accepted) return CaptureGuidance::Ok;
  if (only_expired(r)) return CaptureGuidance::Expired;
  if (r.quality.pitch_px < 10) return CaptureGuidance::MoveCloser;
  if (r.quality.glare_fraction > 0.01) return CaptureGuidance::TiltGlare;
  return CaptureGuidance::HoldStill;
}

void finish(MrzReading& r, MrzFormat format, const MrzReaderOptions& options) {
  r.format = format;
  r.resolved = resolve_mrz(format, r.scores, options.resolver);
  r.lines = r.resolved.lines;
  if (!r.lines.empty()) {
    auto parsed = flows::identity::parse_mrz(r.lines, options.today);
    if (parsed) r.record = std::move(*parsed);
  }
  r.accepted = r.record && r.record->all_passed() && r.resolved.confident;
}

}  // namespace

MrzReading MrzReader::read(const cv::Mat& frame, const MrzReaderOptions& options) const {
  MrzReading r;
  MrzTimings t;
  Lap lap;
  cv::Mat gray;
  if (frame.channels() == 3)
    cv::cvtColor(frame, gray, cv::COLOR_BGR2GRAY);
  else if (frame.channels() == 4)
    cv::cvtColor(frame, gray, cv::COLOR_BGRA2GRAY);
  else
    gray = frame;
  if (gray.depth() != CV_8U) gray.convertTo(gray, CV_8U, gray.depth() == CV_16U ? 1.0 / 256 : 1.0);
  lap.to(t.prepare_ms);
  auto quads =
      locate_document_candidates(frame.channels() == 3 && frame.depth() == CV_8U ? frame : gray);
  lap.to(t.locate_ms);
  std::optional<MrzReading> first;  // the best of the outlines' readings, none accepted
  for (const auto& quad : quads) {
    ++t.quads_tried;
    MrzReading attempt = read_quad(gray, quad, options, t);
    if (attempt.accepted) {
      attempt.timings = t;
      return attempt;
    }
    if (!first || better(attempt, *first)) first = std::move(attempt);
  }
  // No outline read: the outlines of the documents the MRZ bands in view would sit on.
  for (const auto& quad : mrz_band_quads(gray)) {
    ++t.quads_tried;
    MrzReading attempt = read_quad(gray, quad, options, t);
    if (attempt.accepted) {
      attempt.timings = t;
      return attempt;
    }
  }
  if (!first) {
    r.failure = "no_document";
    r.quality.guidance = CaptureGuidance::NoDocument;
    r.timings = t;
    return r;
  }
  first->timings = t;
  return *first;
}

MrzReading MrzReader::read_quad(const cv::Mat& gray, const DocumentQuad& quad,
                                const MrzReaderOptions& options, MrzTimings& t) const {
  MrzReading r;
  Lap lap;
  r.document_found = true;
  r.corners = quad.corners;
  r.quality.glare_fraction = glare_fraction(gray, quad);
  lap.to(t.check_ms);
  double width_px =
      (std::hypot(quad.corners[1].x - quad.corners[0].x, quad.corners[1].y - quad.corners[0].y) +
       std::hypot(quad.corners[2].x - quad.corners[3].x, quad.corners[2].y - quad.corners[3].y)) /
      2;
  std::vector<MrzFormat> order = quad.likely_format == MrzFormat::TD1
                                     ? std::vector{MrzFormat::TD1, MrzFormat::TD3, MrzFormat::TD2}
                                     : std::vector{MrzFormat::TD3, MrzFormat::TD2, MrzFormat::TD1};
  std::optional<MrzReading> fallback;
  for (MrzFormat format : order) {
    Attempt a = read_zone(gray, quad, format, matcher_, t, Anchor::Layout);
    lap = Lap();
    MrzReading attempt = r;
    attempt.quality.focus = a.focus;
    attempt.quality.pitch_px = width_px / mrz_geometry(format).width_mm * kMrzPitchMm;
    const bool span_differs = a.span_differs;
    if (a.scores.empty()) {
      attempt.failure = a.failure;
      if (!fallback) fallback = attempt;
      continue;
    }
    attempt.scores = std::move(a.scores);
    finish(attempt, format, options);
    if (attempt.quality.focus < options.min_focus) attempt.accepted = false;
    lap.to(t.check_ms);
    if (!attempt.accepted && span_differs) {
      // The outline may be off along the lines: cells from the lines' own extent instead.
      Attempt b = read_zone(gray, quad, format, matcher_, t, Anchor::Span);
      lap = Lap();
      if (!b.scores.empty()) {
        MrzReading second = r;
        second.quality = attempt.quality;
        second.scores = std::move(b.scores);
        finish(second, format, options);
        if (second.quality.focus < options.min_focus) second.accepted = false;
        if (better(second, attempt)) attempt = std::move(second);
      }
      lap.to(t.check_ms);
    }
    // The likely format read plausibly (most checks pass): no other format is tried.
    if (attempt.accepted || (format == order.front() && check_balance(attempt) > 0)) {
      attempt.quality.guidance = guide(attempt);
      return attempt;
    }
    if (!fallback || better(attempt, *fallback)) fallback = attempt;
  }
  fallback->quality.guidance = guide(*fallback);
  return *fallback;
}

MrzReading MrzReader::combine(const std::vector<MrzReading>& readings,
                              const MrzReaderOptions& options) const {
  std::map<MrzFormat, int> votes;
  for (const auto& r : readings)
    if (r.format && !r.scores.empty()) ++votes[*r.format];
  if (votes.empty()) return readings.empty() ? MrzReading{} : readings.back();
  auto format = std::max_element(votes.begin(), votes.end(), [](auto& a, auto& b) {
                  return a.second < b.second;
                })->first;
  MrzReading out;
  double focus = 0;
  for (const auto& r : readings) {
    if (r.format != format || r.scores.empty()) continue;
    focus += r.quality.focus;
    if (out.scores.empty()) {
      out = r;
      continue;
    }
    for (std::size_t i = 0; i < out.scores.size() && i < r.scores.size(); ++i)
      for (std::size_t k = 0; k < out.scores[i].size(); ++k) out.scores[i][k] += r.scores[i][k];
  }
  const float n = static_cast<float>(votes[format]);
  for (auto& s : out.scores)
    for (auto& v : s) v /= n;
  finish(out, format, options);
  // The blur gate of read() holds for the frames together too.
  out.quality.focus = focus / n;
  if (out.quality.focus < options.min_focus) out.accepted = false;
  out.quality.guidance = guide(out);
  return out;
}

}  // namespace kiosk::devices::id
