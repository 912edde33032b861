// The document locator on a drawn card: corners, aspect, kind and the share of the frame it fills.
#include "devices/id/document_locator.hpp"

#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>

using namespace kiosk::devices::id;

TEST_CASE("locator: a bright ID-1 card on a dark desk, with its share of the frame") {
  cv::Mat frame(720, 1280, CV_8UC3, cv::Scalar(40, 45, 50));
  const int w = 634, h = 400;  // ID-1 is 85.6 x 54 mm: aspect 1.586
  cv::Rect card((1280 - w) / 2, (720 - h) / 2, w, h);
  cv::rectangle(frame, card, cv::Scalar(225, 230, 235), cv::FILLED);
  cv::putText(frame, "IDKAZ<<<<<<<<<<", {card.x + 40, card.y + 300}, cv::FONT_HERSHEY_SIMPLEX, 1.2,
              cv::Scalar(30, 30, 30), 3);
  auto all = locate_document_candidates(frame);
  REQUIRE_FALSE(all.empty());
  const double share = double(w) * h / (1280.0 * 720.0);  // 0.275
  for (const auto& q : all) {
    CHECK(q.area_fraction > share * 0.8);  // measured, not left at zero
    CHECK(q.area_fraction < share * 1.2);
  }
  auto q = locate_document(frame);
  REQUIRE(q);
  CHECK(q->aspect == doctest::Approx(1.586).epsilon(0.05));
  CHECK(q->likely_format == kiosk::flows::identity::MrzFormat::TD1);
  CHECK(q->corners[0].x == doctest::Approx(card.x).epsilon(0.02));
  CHECK(q->corners[0].y == doctest::Approx(card.y).epsilon(0.03));
}

TEST_CASE("locator: nothing document-like in a flat frame") {
  cv::Mat frame(720, 1280, CV_8UC3, cv::Scalar(40, 45, 50));
  CHECK_FALSE(locate_document(frame));
}
