// The deposit-address QR the cash-out screen shows: drawn back from its SVG path, it decodes to the
// payload it was made from.
#include "kiosk/shell/qr_svg.hpp"

#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>
#include <regex>

#include "devices/qr/qr_codec.hpp"

using namespace kiosk;

namespace {

// Rasterises the "Mx yhNv1h-Nz" runs of qr_svg at `scale` pixels per module.
cv::Mat draw(const std::string& svg, int scale) {
  std::smatch box;
  REQUIRE(std::regex_search(svg, box, std::regex("viewBox=\"0 0 (\\d+) (\\d+)\"")));
  int side = std::stoi(box[1]);
  cv::Mat img(side * scale, side * scale, CV_8UC1, cv::Scalar(255));
  std::regex run("M(\\d+) (\\d+)h(\\d+)v1h-\\d+z");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), run); it != std::sregex_iterator();
       ++it) {
    int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), w = std::stoi((*it)[3]);
    cv::rectangle(img, cv::Rect(x * scale, y * scale, w * scale, scale), cv::Scalar(0), cv::FILLED);
  }
  return img;
}

}  // namespace

TEST_CASE("a deposit QR survives its SVG form") {
  const std::string payload = "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.002";
  auto svg = app::qr_svg(payload);
  REQUIRE(svg);
  CHECK(svg->starts_with("<svg"));
  auto found = devices::decode_qr(draw(*svg, 6));
  REQUIRE(found.size() == 1);
  CHECK(found[0].text == payload);
}

TEST_CASE("a payload too long for any QR version is an error, not a broken image") {
  CHECK_FALSE(app::qr_svg(std::string(8000, 'A')));
}
