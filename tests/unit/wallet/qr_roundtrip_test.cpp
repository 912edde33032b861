// render_qr_frame -> decode_qr gives back the exact payload, for every payload kind, over many
// seeds, in dark mode and at any rotation; frames without a code give nothing.
#include <doctest/doctest.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "devices/qr/qr_codec.hpp"
#include "flows/wallet/parse_wallet.hpp"
#include "lightning_vectors.hpp"
#include "sim/camera/sample_payloads.hpp"
#include "sim/camera/synthetic_qr.hpp"

using namespace kiosk;

namespace {

struct Kind {
  const char* kind;  // what parse_wallet makes of it for `asset`
  const char* asset;
  std::string payload;
};

std::vector<Kind> payload_kinds() {
  return {
      {"address", "BTC/bitcoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"},
      {"address", "USDT/tron", "TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf"},
      {"bip21", "BTC/bitcoin", sim::sample_payload("BTC/bitcoin", true)},
      {"bip21", "BTC/bitcoin", "BITCOIN:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?AMOUNT=0.0005"},
      {"bip21", "LTC/litecoin", sim::sample_payload("LTC/litecoin", true)},
      {"eip681", "ETH/ethereum",
       "ethereum:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359?value=2.014e18"},
      {"erc20_transfer", "USDT/ethereum", sim::sample_payload("USDT/ethereum", true)},
      {"bolt11", "BTC/lightning", std::string("lightning:") + bolt11::kCoffee25mUpper},
      {"bolt11", "BTC/lightning", bolt11::kPico},  // 524 characters, lowercase: a dense code
      {"lnurl", "BTC/lightning", bolt11::kLnurl},
  };
}

double distance(cv::Point a, cv::Point2f b) { return std::hypot(a.x - b.x, a.y - b.y); }

void check_round_trip(const std::string& payload, const sim::SyntheticQrOptions& o) {
  auto scene = sim::render_qr_scene(payload, o);
  REQUIRE_FALSE(scene.image.empty());
  CHECK(scene.image.size() == cv::Size(1280, 720));
  CHECK(scene.image.type() == CV_8UC3);
  auto found = devices::decode_qr(scene.image);
  REQUIRE(found.size() == 1);
  CHECK(found[0].text == payload);
  // The corners point at the code (within a few modules).
  double side = cv::norm(scene.code_corners[0] - scene.code_corners[1]);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(distance(found[0].corners[i], scene.code_corners[i]) < 0.12 * side);
  }
}

}  // namespace

TEST_CASE("every payload kind survives the camera over several seeds") {
  for (const auto& k : payload_kinds()) {
    // The payloads are what they claim to be.
    std::string asset = k.asset;
    auto slash = asset.find('/');
    auto target = flows::parse_wallet(k.payload,
                                      {asset.substr(0, slash), asset.substr(slash + 1), false, {}});
    REQUIRE(target);
    CHECK(target->kind == k.kind);
    for (std::uint32_t seed = 1; seed <= 6; ++seed) {
      CAPTURE(k.payload);
      CAPTURE(seed);
      sim::SyntheticQrOptions o;
      o.seed = seed;
      check_round_trip(k.payload, o);
    }
  }
}

TEST_CASE("dark mode, strong rotations, glare and blur still decode") {
  int n = 0;
  for (const auto& k : payload_kinds()) {
    for (double rotation : {90.0, 180.0, -135.0, 33.0}) {
      sim::SyntheticQrOptions o;
      o.seed = static_cast<std::uint32_t>(100 + n++);
      o.rotation_deg = rotation;
      o.dark_mode = true;
      o.background = sim::QrBackground::PhoneScreen;
      o.glare = (n % 2) == 0;
      CAPTURE(k.payload);
      CAPTURE(rotation);
      check_round_trip(k.payload, o);
    }
  }
  sim::SyntheticQrOptions heavy;
  heavy.seed = 7;
  heavy.blur_sigma = 1.2;
  heavy.noise_sigma = 8;
  heavy.perspective = 0.08;
  heavy.background = sim::QrBackground::Paper;
  check_round_trip(sim::sample_payload("USDT/tron", true), heavy);
}

TEST_CASE("decoded samples parse for their asset; broken samples are refused") {
  for (const char* id : {"BTC/bitcoin", "LTC/litecoin", "ETH/ethereum", "USDT/tron",
                         "USDT/ethereum", "BTC/lightning"}) {
    std::string asset_id = id;
    CAPTURE(asset_id);
    auto slash = asset_id.find('/');
    flows::WalletParseOptions opts{
        asset_id.substr(0, slash), asset_id.substr(slash + 1), false, {}};
    sim::SyntheticQrOptions o;
    o.seed = 42;
    auto found = devices::decode_qr(sim::render_qr_frame(sim::sample_payload(id, true), o));
    REQUIRE(found.size() == 1);
    auto target = flows::parse_wallet(found[0].text, opts);
    REQUIRE(target);
    CHECK(target->asset == asset_id.substr(0, slash));
    auto broken = flows::parse_wallet(sim::sample_payload(id, false), opts);
    REQUIRE_FALSE(broken);
    CHECK(broken.error().code == "bad_checksum");
  }
  CHECK(sim::sample_payload("DOGE/dogecoin", true).empty());
}

TEST_CASE("frames without a code decode to nothing") {
  for (std::uint32_t seed = 1; seed <= 8; ++seed) {
    sim::SyntheticQrOptions o;
    o.seed = seed;
    CAPTURE(seed);
    cv::Mat blank = sim::render_blank_frame(o);
    REQUIRE_FALSE(blank.empty());
    CHECK(devices::decode_qr(blank).empty());
  }
  cv::Mat noise(720, 1280, CV_8UC1);
  cv::RNG(3).fill(noise, cv::RNG::UNIFORM, 0, 256);
  CHECK(devices::decode_qr(noise).empty());
  CHECK(devices::decode_qr(cv::Mat::zeros(480, 640, CV_8UC3)).empty());
  CHECK(devices::decode_qr(cv::Mat()).empty());
  CHECK(devices::decode_qr(cv::Mat::zeros(10, 10, CV_32FC1)).empty());  // unsupported depth
}

TEST_CASE("decode_qr takes gray, BGRA, 16-bit and huge frames; corners map back") {
  sim::SyntheticQrOptions o;
  o.seed = 11;
  o.rotation_deg = 0;
  const std::string payload = sim::sample_payload("ETH/ethereum", true);
  auto scene = sim::render_qr_scene(payload, o);
  cv::Mat gray, bgra, wide, huge;
  cv::cvtColor(scene.image, gray, cv::COLOR_BGR2GRAY);
  cv::cvtColor(scene.image, bgra, cv::COLOR_BGR2BGRA);
  gray.convertTo(wide, CV_16U, 256);
  cv::resize(scene.image, huge, cv::Size(), 3, 3, cv::INTER_LINEAR);  // 3840x2160
  for (const cv::Mat& m : {gray, bgra, wide}) {
    auto found = devices::decode_qr(m);
    REQUIRE(found.size() == 1);
    CHECK(found[0].text == payload);
  }
  auto big = devices::decode_qr(huge);
  REQUIRE(big.size() == 1);
  CHECK(big[0].text == payload);
  double side = cv::norm(scene.code_corners[0] - scene.code_corners[1]);
  CHECK(distance(big[0].corners[0], scene.code_corners[0] * 3) < 0.12 * side * 3);
  // Without the inverted pass, a dark-mode code is not read; with it, it is.
  o.dark_mode = true;
  o.background = sim::QrBackground::PhoneScreen;
  cv::Mat dark = sim::render_qr_frame(payload, o);
  devices::QrDecodeOptions no_invert;
  no_invert.try_inverted = false;
  CHECK(devices::decode_qr(dark, no_invert).empty());
  CHECK(devices::decode_qr(dark).size() == 1);
}

TEST_CASE("encode_qr gives a square module matrix, and refuses what no QR version holds") {
  auto m = devices::encode_qr("TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf");
  REQUIRE(m);
  CHECK(m->rows == m->cols);
  CHECK((m->cols - 17) % 4 == 0);  // 21, 25, 29, ... modules
  auto too_long = devices::encode_qr(std::string(8000, 'x'));
  CHECK_FALSE(too_long);
  CHECK(sim::render_qr_frame(std::string(8000, 'x'), {}).empty());
}
