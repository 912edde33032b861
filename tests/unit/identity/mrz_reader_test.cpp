// Synthetic document -> camera frame -> MRZ reader round trip, and capture guidance.
#include "devices/id/mrz_reader.hpp"

#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>

#include "sim/camera/synthetic_id.hpp"

using namespace kiosk;
using namespace std::chrono;

namespace {

devices::id::MrzReaderOptions options() {
  devices::id::MrzReaderOptions o;
  o.today = year_month_day{year(2026), month(1), day(15)};
  return o;
}

const devices::id::MrzReader& reader() {
  static auto r = devices::id::MrzReader::create();
  REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error()));
  return *r;
}

}  // namespace

TEST_CASE("OCR-B glyphs render from fonts-ocr-b") {
  auto g = devices::id::ocrb_glyphs(48);
  REQUIRE(g.has_value());
  CHECK((*g)->advance > 20);
  CHECK((*g)->cap_height > 20);
  CHECK((*g)->of('0').coverage.rows > 0);
  CHECK_FALSE(devices::id::ocrb_glyphs(48, "/nonexistent.otf").has_value());
}

TEST_CASE("easy synthetic ID cards and passports read back exactly and are accepted") {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    for (auto kind : {sim::IdDocumentKind::KazakhIdCard, sim::IdDocumentKind::Passport}) {
      sim::SyntheticIdOptions o;
      o.seed = seed;
      o.kind = kind;
      auto scene = sim::render_id_scene(o);
      REQUIRE(scene.mrz_lines.size() == (kind == sim::IdDocumentKind::KazakhIdCard ? 3u : 2u));
      auto r = reader().read(scene.image, options());
      CAPTURE(seed);
      CHECK(r.document_found);
      CHECK(r.lines == scene.mrz_lines);
      CHECK(r.accepted);
      CHECK(r.quality.guidance == devices::id::CaptureGuidance::Ok);
      if (kind == sim::IdDocumentKind::KazakhIdCard) {
        REQUIRE(r.record.has_value());
        CHECK(r.record->iin.has_value());
        CHECK(r.record->check("iin_check_digit")->passed);
      }
    }
  }
}

TEST_CASE("a 1920x1080 tilted card reads back") {
  sim::SyntheticIdOptions o;
  o.seed = 42;
  o.frame_size = {1920, 1080};
  o.kind = sim::IdDocumentKind::KazakhIdCard;
  o.rotation_deg = -12;
  o.perspective = 0.03;
  auto scene = sim::render_id_scene(o);
  auto r = reader().read(scene.image, options());
  CHECK(r.lines == scene.mrz_lines);
  CHECK(r.accepted);
}

TEST_CASE("an empty desk gives no_document guidance") {
  cv::Mat frame(720, 1280, CV_8UC3, cv::Scalar(90, 80, 70));
  auto r = reader().read(frame, options());
  CHECK_FALSE(r.document_found);
  CHECK_FALSE(r.accepted);
  CHECK(r.quality.guidance == devices::id::CaptureGuidance::NoDocument);
}

TEST_CASE("a small unreadable document is refused with move_closer") {
  sim::SyntheticIdOptions o;
  o.seed = 7;
  o.kind = sim::IdDocumentKind::KazakhIdCard;
  o.pitch_px = 6.5;  // (at 6 px a sharp card still reads: accepted is then right)
  o.blur_sigma = 2.5;
  auto r = reader().read(sim::render_id_scene(o).image, options());
  CHECK(r.document_found);
  CHECK_FALSE(r.accepted);
  CHECK(r.quality.guidance == devices::id::CaptureGuidance::MoveCloser);
}

TEST_CASE("a heavily blurred frame is not accepted") {
  sim::SyntheticIdOptions o;
  o.seed = 8;
  o.kind = sim::IdDocumentKind::Passport;
  o.blur_sigma = 6;
  auto scene = sim::render_id_scene(o);
  auto r = reader().read(scene.image, options());
  CHECK_FALSE(r.accepted);
  CHECK(r.quality.guidance != devices::id::CaptureGuidance::Ok);
}

TEST_CASE("combining frames keeps an exact reading") {
  std::vector<devices::id::MrzReading> readings;
  std::vector<std::string> truth;
  for (std::uint32_t s : {11u, 12u, 13u}) {
    sim::SyntheticIdOptions o;
    o.seed = s;
    o.kind = sim::IdDocumentKind::KazakhIdCard;
    o.fields = sim::sample_identity(99, sim::IdDocumentKind::KazakhIdCard);
    auto scene = sim::render_id_scene(o);
    truth = scene.mrz_lines;
    readings.push_back(reader().read(scene.image, options()));
  }
  auto combined = reader().combine(readings, options());
  CHECK(combined.lines == truth);
  CHECK(combined.accepted);
}

TEST_CASE("the MRZ band is found when the document's outline is hidden") {
  // Issue 14: a sleeve or hand over the top half of the card, the colour of the desk: the
  // bright outline is half a card, so the zone cut from it misses the lines; the MRZ band itself
  // still shows where the document is.
  for (std::uint32_t seed : {1u, 2u}) {
    sim::SyntheticIdOptions o;
    o.seed = seed;
    o.kind = sim::IdDocumentKind::KazakhIdCard;
    o.glare = false;
    o.rotation_deg = 3;
    o.pitch_px = 20;
    auto scene = sim::render_id_scene(o);
    const auto& c = scene.document_corners;
    const float mid = (c[0].y + c[3].y + c[1].y + c[2].y) / 4;
    cv::Mat image = scene.image.clone();
    cv::rectangle(image, cv::Point(0, 0), cv::Point(image.cols, static_cast<int>(mid)),
                  image.at<cv::Vec3b>(5, 5), cv::FILLED);
    auto r = reader().read(image, options());
    CHECK(r.lines == scene.mrz_lines);
    CHECK(r.accepted);
  }
}
