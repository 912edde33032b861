#include "sim/camera/synthetic_id.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <opencv2/imgproc.hpp>
#include <random>

#include "devices/id/mrz_geometry.hpp"
#include "devices/id/ocrb_glyphs.hpp"
#include "flows/identity/check_digit.hpp"
#include "sim/camera/scene_rng.hpp"
#include "sim/camera/sensor_noise.hpp"
#include "sim/camera/synthetic_face.hpp"

namespace kiosk::sim {
namespace {

using flows::identity::MrzFields;
using flows::identity::MrzFormat;

using Rng = SceneRng;

std::string two(int v) {
  return std::string(1, static_cast<char>('0' + v / 10 % 10)) + static_cast<char>('0' + v % 10);
}

std::string digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.integer(0, 9)));
  return s;
}

const char* const kMaleGiven[] = {"ALIKHAN", "NURLAN", "YERLAN", "DAULET",    "ASKAR",     "TIMUR",
                                  "ARMAN",   "DMITRY", "SERGEY", "ALEXANDER", "BAUYRZHAN", "IVAN"};
const char* const kFemaleGiven[] = {"MADINA",  "AIGERIM", "DANA",       "ZHANNA",
                                    "ALIYA",   "OLGA",    "ANNA MARIA", "SAULE",
                                    "GULNARA", "YELENA",  "ASEL",       "TATIANA"};
const char* const kMaleFamily[] = {"NURLANULY", "ABENOV", "SEITKALI",       "IVANOV", "ZHAKSYBEKOV",
                                   "KUZNETSOV", "OMAROV", "BEKMUKHAMBETOV", "PETROV", "ASANOV"};
const char* const kFemaleFamily[] = {"SEIDAKHMETOVA", "ABENOVA",    "NURLANKYZY",   "IVANOVA",
                                     "OMAROVA",       "KUZNETSOVA", "ZHAKSYBEKOVA", "SMIRNOVA",
                                     "ASANOVA",       "KASYMOVA"};

}  // namespace

MrzFields sample_identity(std::uint32_t seed, IdDocumentKind kind) {
  Rng rng(seed * 2246822519u + 7);
  bool male = rng.chance(0.5);
  int birth_year = rng.integer(1950, 2007);
  int month = rng.integer(1, 12), day = rng.integer(1, 28);
  std::string birth = two(birth_year % 100) + two(month) + two(day);
  int expiry_year = rng.integer(2030, 2036);
  std::string expiry = two(expiry_year % 100) + two(rng.integer(1, 12)) + two(rng.integer(1, 28));
  MrzFields f;
  f.sex = male ? 'M' : 'F';
  f.birth_date = birth;
  f.expiry_date = expiry;
  f.primary_identifier = male ? rng.pick(kMaleFamily) : rng.pick(kFemaleFamily);
  f.secondary_identifier = male ? rng.pick(kMaleGiven) : rng.pick(kFemaleGiven);
  // IIN: birth date, century-and-sex digit, serial, two-pass check digit (retry on "10").
  auto iin = [&] {
    int century = (birth_year / 100 == 19 ? 3 : 5) + (male ? 0 : 1);
    for (;;) {
      std::string first11 = birth + static_cast<char>('0' + century) + digits(rng, 4);
      if (auto c = flows::identity::iin_check_digit(first11))
        return first11 + static_cast<char>('0' + *c);
    }
  };
  if (kind == IdDocumentKind::KazakhIdCard) {
    f.format = MrzFormat::TD1;
    f.document_code = "ID";
    f.issuing_state = "KAZ";
    f.nationality = "KAZ";
    f.document_number = digits(rng, 9);
    f.optional_data = iin();
    return f;
  }
  f.format = MrzFormat::TD3;
  f.document_code = "P<";
  const char* const kStates[] = {"KAZ", "RUS", "RUS", "UZB", "KGZ", "D<<", "UTO"};
  f.issuing_state = rng.pick(kStates);
  f.nationality = f.issuing_state;
  if (f.issuing_state == "KAZ") {
    f.document_number = "N" + digits(rng, 8);
  } else if (f.issuing_state == "D<<" || f.issuing_state == "UTO") {
    const char kLetters[] = "CFGHJKLMNPRTVWXYZ";
    f.document_number = std::string(1, kLetters[rng.integer(0, 16)]) + digits(rng, 8);
  } else {
    f.document_number = digits(rng, 9);
  }
  if (rng.chance(0.5)) f.optional_data = digits(rng, rng.integer(6, 14));
  // A Kazakh passport's personal number is the holder's IIN (mrz_grammar's KAZ rule).
  if (f.issuing_state == "KAZ" && !f.optional_data.empty()) f.optional_data = iin();
  return f;
}

namespace {

struct DocumentSpec {
  double width_mm, height_mm;
};

DocumentSpec spec_of(IdDocumentKind kind) {
  return kind == IdDocumentKind::KazakhIdCard ? DocumentSpec{85.6, 53.98}
                                              : DocumentSpec{125.0, 88.0};
}

// Alpha-blends coverage (0..255) of `ink` colour into `canvas` with its top-left at `at`.
void stamp(cv::Mat& canvas, const cv::Mat& coverage, cv::Point at, cv::Vec3b ink) {
  for (int y = 0; y < coverage.rows; ++y) {
    int cy = at.y + y;
    if (cy < 0 || cy >= canvas.rows) continue;
    const uchar* a = coverage.ptr<uchar>(y);
    auto* px = canvas.ptr<cv::Vec3b>(cy);
    for (int x = 0; x < coverage.cols; ++x) {
      int cx = at.x + x;
      if (cx < 0 || cx >= canvas.cols || a[x] == 0) continue;
      float t = a[x] / 255.0f;
      for (int c = 0; c < 3; ++c)
        px[cx][c] = static_cast<uchar>(px[cx][c] * (1 - t) + ink[c] * t + 0.5f);
    }
  }
}

void text_bars(cv::Mat& canvas, cv::Rect area, cv::Scalar color, int bar_h, Rng& rng) {
  for (int y = area.y; y + bar_h <= area.y + area.height; y += bar_h * 2) {
    int w = static_cast<int>(area.width * rng.uniform(0.25, 0.9));
    cv::rectangle(canvas, cv::Rect(area.x, y, w, bar_h), color, cv::FILLED);
  }
}

// The portrait: a plain photo background and a synthetic face (synthetic_face.hpp). Draws as
// many values from `rng` as the earlier placeholder did, so the rest of the document (text
// bars, MRZ ink) renders as before for the same seed.
void portrait(cv::Mat& canvas, cv::Rect box, Rng& rng) {
  cv::Mat roi = canvas(box);
  roi.setTo(cv::Scalar(rng.uniform(170, 215), rng.uniform(175, 215), rng.uniform(175, 220)));
  double s1 = rng.uniform(0, 1), s2 = rng.uniform(0, 1);
  rng.uniform(0, 1);
  draw_synthetic_face(roi, static_cast<std::uint32_t>(s1 * 65536) * 65536u +
                               static_cast<std::uint32_t>(s2 * 65536));
}

cv::Mat desk(cv::Size size, Rng& rng) {
  cv::Size small_size(std::max(size.width / 8, 1), std::max(size.height / 8, 1));
  cv::Mat small(small_size, CV_8UC3);
  cv::Vec3d base(rng.uniform(40, 140), rng.uniform(40, 140), rng.uniform(40, 140));
  for (int y = 0; y < small.rows; ++y)
    for (int x = 0; x < small.cols; ++x) {
      double f = 0.8 + 0.4 * (x + y) / (small.rows + small.cols);
      auto& p = small.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c) p[c] = cv::saturate_cast<uchar>(base[c] * f);
    }
  for (int i = 0, n = rng.integer(2, 6); i < n; ++i) {
    cv::Scalar color(rng.uniform(30, 160), rng.uniform(30, 160), rng.uniform(30, 160));
    cv::circle(small, cv::Point(rng.integer(0, small.cols), rng.integer(0, small.rows)),
               rng.integer(3, 20), color, cv::FILLED, cv::LINE_AA);
  }
  cv::GaussianBlur(small, small, cv::Size(0, 0), 2.0);
  cv::Mat bg;
  cv::resize(small, bg, size, 0, 0, cv::INTER_LINEAR);
  return bg;
}

}  // namespace

cv::Mat render_id_document(const MrzFields& fields, IdDocumentKind kind, std::uint32_t seed,
                           double px_per_mm) {
  Rng rng(seed * 747796405u + 3);
  DocumentSpec spec = spec_of(kind);
  cv::Size size(static_cast<int>(std::lround(spec.width_mm * px_per_mm)),
                static_cast<int>(std::lround(spec.height_mm * px_per_mm)));
  bool card = kind == IdDocumentKind::KazakhIdCard;
  // Pale security-print background: a gradient and fine wavy lines.
  cv::Vec3d base =
      card ? cv::Vec3d(rng.uniform(215, 240), rng.uniform(220, 240), rng.uniform(200, 225))
           : cv::Vec3d(rng.uniform(205, 230), rng.uniform(215, 235), rng.uniform(225, 245));
  cv::Mat doc(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y) {
    auto* p = doc.ptr<cv::Vec3b>(y);
    for (int x = 0; x < size.width; ++x) {
      double f = 1.0 - 0.05 * x / size.width + 0.03 * y / size.height;
      for (int c = 0; c < 3; ++c) p[x][c] = cv::saturate_cast<uchar>(base[c] * f);
    }
  }
  cv::Scalar wave(base[0] - 22, base[1] - 15, base[2] - 8);
  double period = rng.uniform(6, 12) * px_per_mm, amp = rng.uniform(1, 3) * px_per_mm;
  for (double off = -amp; off < size.height; off += 2.2 * px_per_mm) {
    std::vector<cv::Point> pts;
    for (int x = 0; x <= size.width; x += 6)
      pts.emplace_back(x,
                       static_cast<int>(off + amp * std::sin(2 * std::numbers::pi * x / period)));
    cv::polylines(doc, pts, false, wave, 1, cv::LINE_AA);
  }
  auto mm = [&](double v) { return static_cast<int>(std::lround(v * px_per_mm)); };
  // Header band, photo, text.
  cv::Scalar header(rng.uniform(120, 170), rng.uniform(100, 150), rng.uniform(30, 80));
  cv::rectangle(doc, cv::Rect(0, 0, size.width, mm(card ? 7 : 9)), header, cv::FILLED);
  cv::Rect photo =
      card ? cv::Rect(mm(4), mm(10), mm(21), mm(26)) : cv::Rect(mm(6), mm(14), mm(32), mm(40));
  photo &= cv::Rect(0, 0, size.width, size.height);
  portrait(doc, photo, rng);
  cv::Scalar text_ink(60, 55, 50);
  int bar = std::max(mm(1.1), 2);
  text_bars(
      doc,
      cv::Rect(photo.br().x + mm(4), photo.y, size.width - photo.br().x - mm(10), photo.height),
      text_ink, bar, rng);

  // The MRZ, in OCR-B at 2.54 mm pitch, 6 lines per inch, in the bottom clear zone.
  auto lines = flows::identity::compose_mrz(fields);
  if (!lines) return doc;
  const auto geometry = devices::id::mrz_geometry(fields.format);
  cv::Rect zone(0, mm(spec.height_mm - geometry.zone_height_mm), size.width,
                mm(geometry.zone_height_mm));
  zone &= cv::Rect(0, 0, size.width, size.height);
  doc(zone).setTo(cv::Scalar(base[0] + 5 > 255 ? 255 : base[0] + 5,
                             base[1] + 5 > 255 ? 255 : base[1] + 5,
                             base[2] + 5 > 255 ? 255 : base[2] + 5));
  double pitch = devices::id::kMrzPitchMm * px_per_mm;
  auto probe = devices::id::ocrb_glyphs(100);
  if (!probe) return doc;
  int em = static_cast<int>(std::lround(100.0 * pitch / (*probe)->advance));
  auto glyphs = devices::id::ocrb_glyphs(em);
  if (!glyphs) return doc;
  cv::Vec3b ink(static_cast<uchar>(rng.integer(15, 45)), static_cast<uchar>(rng.integer(15, 45)),
                static_cast<uchar>(rng.integer(15, 45)));
  const double left = geometry.left_mm * px_per_mm;
  for (std::size_t row = 0; row < lines->size(); ++row) {
    double baseline = (spec.height_mm - geometry.bottom_baseline_mm -
                       (static_cast<double>(lines->size()) - 1 - static_cast<double>(row)) *
                           devices::id::kMrzLineSpacingMm) *
                      px_per_mm;
    const std::string& text = (*lines)[row];
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto& g = (*glyphs)->of(text[i]);
      double pen = left + static_cast<double>(i) * pitch;
      stamp(doc, g.coverage,
            cv::Point(static_cast<int>(std::lround(pen + g.left)),
                      static_cast<int>(std::lround(baseline - g.top))),
            ink);
    }
  }
  return doc;
}

namespace {

SyntheticIdOptions resolve(const SyntheticIdOptions& o, Rng& rng) {
  // Draw every value even when it is set, so one override does not shift the others.
  SyntheticIdOptions r = o;
  bool hard = o.hard;
  auto kind = rng.chance(2.0 / 3) ? IdDocumentKind::KazakhIdCard : IdDocumentKind::Passport;
  double pitch = hard ? rng.uniform(11, 17) : rng.uniform(17, 26);
  double rotation = hard ? rng.uniform(-20, 20) : rng.uniform(-8, 8);
  double perspective = hard ? rng.uniform(0.02, 0.07) : rng.uniform(0, 0.03);
  double blur = hard ? rng.uniform(0.7, 1.6) : rng.uniform(0, 0.8);
  double noise = hard ? rng.uniform(3, 8) : rng.uniform(1, 4);
  bool glare = rng.chance(hard ? 2.0 / 3 : 0.25);
  double gain = hard ? rng.uniform(0.55, 1.2) : rng.uniform(0.85, 1.1);
  r.kind = o.kind.value_or(kind);
  r.pitch_px = std::clamp(o.pitch_px.value_or(pitch), 4.0, 80.0);
  r.rotation_deg = o.rotation_deg.value_or(rotation);
  r.perspective = std::clamp(o.perspective.value_or(perspective), 0.0, 0.2);
  r.blur_sigma = std::max(o.blur_sigma.value_or(blur), 0.0);
  r.noise_sigma = std::max(o.noise_sigma.value_or(noise), 0.0);
  r.glare = o.glare.value_or(glare);
  r.light_gain = std::clamp(o.light_gain.value_or(gain), 0.2, 2.0);
  if (!r.fields) r.fields = sample_identity(o.seed, *r.kind);
  return r;
}

}  // namespace

SyntheticIdFrame render_id_scene(const SyntheticIdOptions& options) {
  SyntheticIdFrame out;
  Rng rng(options.seed);
  out.look = resolve(options, rng);
  const auto& look = out.look;
  const cv::Size size = options.frame_size;
  if (auto lines = flows::identity::compose_mrz(*look.fields)) out.mrz_lines = *lines;
  const DocumentSpec spec = spec_of(*look.kind);

  // Document size in the frame from the MRZ pitch, limited so that it fits.
  double theta = *look.rotation_deg * std::numbers::pi / 180.0;
  double width = *look.pitch_px / devices::id::kMrzPitchMm * spec.width_mm;
  double aspect = spec.width_mm / spec.height_mm;
  auto extent = [&](double w) {
    double h = w / aspect;
    double j = 2 * *look.perspective * w;
    return cv::Point2d(w * std::abs(std::cos(theta)) + h * std::abs(std::sin(theta)) + j,
                       w * std::abs(std::sin(theta)) + h * std::abs(std::cos(theta)) + j);
  };
  const double margin = 10;
  for (int i = 0; i < 40; ++i) {
    auto e = extent(width);
    if (e.x <= size.width - 2 * margin && e.y <= size.height - 2 * margin) break;
    width *= 0.95;
  }
  auto e = extent(width);
  cv::Point2d center(
      rng.uniform(e.x / 2 + margin, std::max(e.x / 2 + margin, size.width - e.x / 2 - margin)),
      rng.uniform(e.y / 2 + margin, std::max(e.y / 2 + margin, size.height - e.y / 2 - margin)));

  // Render the flat document at about 1.5 canvas pixels per frame pixel, then warp it in.
  double px_per_mm = std::clamp(1.5 * width / spec.width_mm, 4.0, 16.0);
  cv::Mat doc = render_id_document(*look.fields, *look.kind, options.seed, px_per_mm);
  double height = width / aspect;
  std::array<cv::Point2f, 4> src = {cv::Point2f(0, 0), cv::Point2f(doc.cols, 0),
                                    cv::Point2f(doc.cols, doc.rows), cv::Point2f(0, doc.rows)};
  std::array<cv::Point2d, 4> local = {
      cv::Point2d(-width / 2, -height / 2), cv::Point2d(width / 2, -height / 2),
      cv::Point2d(width / 2, height / 2), cv::Point2d(-width / 2, height / 2)};
  std::array<cv::Point2f, 4> dst;
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& p = local[i];
    double j = *look.perspective * width;
    dst[i] = cv::Point2f(static_cast<float>(center.x + p.x * std::cos(theta) -
                                            p.y * std::sin(theta) + rng.uniform(-j, j)),
                         static_cast<float>(center.y + p.x * std::sin(theta) +
                                            p.y * std::cos(theta) + rng.uniform(-j, j)));
  }
  out.document_corners = dst;
  cv::Mat h = cv::getPerspectiveTransform(src.data(), dst.data());
  cv::Mat frame = desk(size, rng);
  cv::Mat warped, mask;
  cv::warpPerspective(doc, warped, h, size, cv::INTER_AREA, cv::BORDER_CONSTANT);
  cv::warpPerspective(cv::Mat(doc.size(), CV_8U, cv::Scalar(255)), mask, h, size, cv::INTER_LINEAR,
                      cv::BORDER_CONSTANT);
  warped.copyTo(frame, mask > 127);

  // The portrait photo's box in the frame (for face tests).
  {
    bool card = *look.kind == IdDocumentKind::KazakhIdCard;
    cv::Rect2d photo_mm = card ? cv::Rect2d(4, 10, 21, 26) : cv::Rect2d(6, 14, 32, 40);
    std::vector<cv::Point2f> pts, mapped;
    for (auto p : {photo_mm.tl(), cv::Point2d(photo_mm.br().x, photo_mm.y), photo_mm.br(),
                   cv::Point2d(photo_mm.x, photo_mm.br().y)})
      pts.emplace_back(static_cast<float>(p.x * px_per_mm), static_cast<float>(p.y * px_per_mm));
    cv::perspectiveTransform(pts, mapped, h);
    out.face_box = cv::boundingRect(mapped);
  }

  // Uneven lighting, then glare on the laminate.
  double gain = *look.light_gain;
  double gx = rng.uniform(-0.25, 0.25) * (options.hard ? 1.5 : 0.6);
  cv::Mat light(cv::Size(2, 2), CV_32F);
  light.at<float>(0, 0) = static_cast<float>(gain * (1 - gx));
  light.at<float>(0, 1) = static_cast<float>(gain * (1 + gx));
  light.at<float>(1, 0) = static_cast<float>(gain * (1 - gx * 0.5));
  light.at<float>(1, 1) = static_cast<float>(gain * (1 + gx * 0.5));
  cv::resize(light, light, size, 0, 0, cv::INTER_LINEAR);
  cv::Mat glow = cv::Mat::zeros(size / 8, CV_32F);
  if (*look.glare) {
    // On an easy frame the reflection sits on the upper half of the document, away from the
    // MRZ; on a hard frame anywhere on it.
    double u = rng.uniform(-0.4, 0.4),
           v = options.hard ? rng.uniform(-0.4, 0.45) : rng.uniform(-0.45, -0.1);
    cv::Point2d at(center.x + u * width * std::cos(theta) - v * height * std::sin(theta),
                   center.y + u * width * std::sin(theta) + v * height * std::cos(theta));
    cv::Size axes(static_cast<int>(width * rng.uniform(0.12, 0.3) / 8) + 1,
                  static_cast<int>(height * rng.uniform(0.06, 0.15) / 8) + 1);
    double strength = options.hard ? rng.uniform(0.35, 0.7) : rng.uniform(0.3, 0.55);
    cv::ellipse(glow, cv::Point(static_cast<int>(at.x / 8), static_cast<int>(at.y / 8)), axes,
                rng.uniform(0, 180), 0, 360, strength, cv::FILLED);
    cv::GaussianBlur(glow, glow, cv::Size(0, 0), std::max(width * 0.03 / 8, 0.6));
  }
  cv::resize(glow, glow, size, 0, 0, cv::INTER_LINEAR);
  for (int y = 0; y < size.height; ++y) {
    const float* l = light.ptr<float>(y);
    const float* a = glow.ptr<float>(y);
    auto* px = frame.ptr<cv::Vec3b>(y);
    for (int x = 0; x < size.width; ++x)
      for (int c = 0; c < 3; ++c)
        px[x][c] = cv::saturate_cast<uchar>((px[x][c] * l[x]) * (1 - a[x]) + 255.0f * a[x]);
  }
  if (*look.blur_sigma > 0.05) cv::GaussianBlur(frame, frame, cv::Size(0, 0), *look.blur_sigma);
  add_sensor_noise(frame, *look.noise_sigma, options.seed * 2654435761u + 11);
  out.image = frame;
  return out;
}

}  // namespace kiosk::sim
