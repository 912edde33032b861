// The only file that talks to ZXing-C++ (1.4 API). See qr_codec.hpp.
#define ZX_USE_UTF8 1  // Result::text() returns UTF-8 std::string (1.4 default is wstring)

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <exception>
#include <opencv2/imgproc.hpp>

#include "devices/qr/qr_codec.hpp"

namespace kiosk::devices {
namespace {

cv::Mat to_gray8(const cv::Mat& frame) {
  if (frame.empty() || frame.dims != 2) return {};
  cv::Mat eight;
  if (frame.depth() == CV_8U) {
    eight = frame;
  } else if (frame.depth() == CV_16U) {
    frame.convertTo(eight, CV_8U, 1.0 / 256.0);
  } else {
    return {};
  }
  cv::Mat gray;
  switch (eight.channels()) {
    case 1:
      gray = eight;
      break;
    case 3:
      cv::cvtColor(eight, gray, cv::COLOR_BGR2GRAY);
      break;
    case 4:
      cv::cvtColor(eight, gray, cv::COLOR_BGRA2GRAY);
      break;
    default:
      return {};
  }
  return gray;
}

// Scales `gray` so its longest side is at most `side`; returns the factor applied (<= 1).
double fit(const cv::Mat& gray, int side, cv::Mat& out) {
  int longest = std::max(gray.cols, gray.rows);
  if (side <= 0 || longest <= side) {
    out = gray;
    return 1.0;
  }
  double f = static_cast<double>(side) / longest;
  cv::resize(gray, out, cv::Size(), f, f, cv::INTER_AREA);
  return f;
}

ZXing::DecodeHints hints(bool harder, int max_symbols) {
  ZXing::DecodeHints h;
  h.setFormats(ZXing::BarcodeFormat::QRCode)
      .setTryHarder(harder)
      .setTryRotate(harder)
      .setTryDownscale(harder)
      .setMaxNumberOfSymbols(static_cast<uint8_t>(std::clamp(max_symbols, 1, 255)));
  return h;
}

// One ZXing pass over an 8-bit gray image; corners scaled by 1/scale back to the caller's frame.
std::vector<QrDecodeResult> read(const cv::Mat& gray, double scale, bool harder, int max_symbols) {
  std::vector<QrDecodeResult> out;
  ZXing::ImageView view(gray.data, gray.cols, gray.rows, ZXing::ImageFormat::Lum,
                        static_cast<int>(gray.step[0]));
  ZXing::Results results;
  try {
    results = ZXing::ReadBarcodes(view, hints(harder, max_symbols));
  } catch (const std::exception&) {
    return out;  // the reader should not throw; if it does, the frame is simply unread
  }
  for (const auto& r : results) {
    if (!r.isValid()) continue;
    QrDecodeResult d;
    d.text = r.text();
    const auto& p = r.position();
    for (int i = 0; i < 4; ++i) {
      d.corners[static_cast<std::size_t>(i)] =
          cv::Point(static_cast<int>(std::lround(p[static_cast<std::size_t>(i)].x / scale)),
                    static_cast<int>(std::lround(p[static_cast<std::size_t>(i)].y / scale)));
    }
    out.push_back(std::move(d));
  }
  return out;
}

void add_unique(std::vector<QrDecodeResult>& all, std::vector<QrDecodeResult> found) {
  for (auto& f : found) {
    bool seen = std::any_of(all.begin(), all.end(),
                            [&](const QrDecodeResult& a) { return a.text == f.text; });
    if (!seen) all.push_back(std::move(f));
  }
}

}  // namespace

std::vector<QrDecodeResult> decode_qr(const cv::Mat& frame, const QrDecodeOptions& options) {
  std::vector<QrDecodeResult> all;
  cv::Mat gray = to_gray8(frame);
  if (gray.empty()) return all;
  cv::Mat capped;
  double cap_scale = fit(gray, options.max_side, capped);
  cv::Mat small;
  double small_scale = cap_scale;
  bool have_fast = options.fast_side > 0;
  if (have_fast) small_scale = cap_scale * fit(capped, options.fast_side, small);

  auto passes = [&](const cv::Mat& big, const cv::Mat& little) {
    if (have_fast) add_unique(all, read(little, small_scale, false, options.max_symbols));
    if (all.empty() && options.full_pass) {
      add_unique(all, read(big, cap_scale, true, options.max_symbols));
    }
  };
  passes(capped, small);
  if (all.empty() && options.try_inverted) {
    cv::Mat inv_big, inv_small;
    cv::bitwise_not(capped, inv_big);
    if (have_fast) cv::bitwise_not(small, inv_small);
    passes(inv_big, inv_small);
  }
  if (static_cast<int>(all.size()) > options.max_symbols) {
    all.resize(static_cast<std::size_t>(std::max(options.max_symbols, 0)));
  }
  return all;
}

std::expected<cv::Mat, std::string> encode_qr(const std::string& payload, int ecc_percent) {
  // MultiFormatWriter 1.4 maps its 0..8 level to the QR level as (level - 1) / 2.
  int level = ecc_percent <= 7 ? 1 : ecc_percent <= 15 ? 3 : ecc_percent <= 25 ? 5 : 7;
  ZXing::BitMatrix bits;
  try {
    bits = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
               .setMargin(0)
               .setEccLevel(level)
               .encode(payload, 0, 0);
  } catch (const std::exception& e) {
    return std::unexpected(std::string("cannot encode as QR: ") + e.what());
  }
  cv::Mat modules(bits.height(), bits.width(), CV_8UC1);
  for (int y = 0; y < bits.height(); ++y) {
    for (int x = 0; x < bits.width(); ++x) modules.at<uchar>(y, x) = bits.get(x, y) ? 0 : 255;
  }
  return modules;
}

}  // namespace kiosk::devices
