// The only file that talks to ZXing-C++ (1.4 API). See qr_codec.hpp.
#define ZX_USE_UTF8 1  // Result::text() returns UTF-8 std::string (1.4 default is wstring)

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <opencv2/imgproc.hpp>

#include "devices/qr/code_texture.hpp"
#include "devices/qr/contrast_variants.hpp"
#include "devices/qr/finder_probe.hpp"
#include "devices/qr/finder_repair.hpp"
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

ZXing::DecodeHints hints(bool harder, int max_symbols, bool downscale) {
  ZXing::DecodeHints h;
  h.setFormats(ZXing::BarcodeFormat::QRCode)
      .setTryHarder(harder)
      .setTryRotate(harder)
      .setTryDownscale(harder && downscale)
      .setMaxNumberOfSymbols(static_cast<uint8_t>(std::clamp(max_symbols, 1, 255)));
  return h;
}

// Maps a point of a pass's image back to the caller's frame: (p + offset) / scale.
struct Mapping {
  cv::Point2d offset;
  double scale = 1.0;
};

// One ZXing pass over an 8-bit gray image.
// downscale = false: no extra downscaled copies (an image already cut to one code's size).
std::vector<QrDecodeResult> read(const cv::Mat& gray, Mapping map, bool harder, int max_symbols,
                                 bool downscale = true) {
  std::vector<QrDecodeResult> out;
  if (gray.empty()) return out;
  ZXing::ImageView view(gray.data, gray.cols, gray.rows, ZXing::ImageFormat::Lum,
                        static_cast<int>(gray.step[0]));
  ZXing::Results results;
  try {
    results = ZXing::ReadBarcodes(view, hints(harder, max_symbols, downscale));
  } catch (const std::exception&) {
    return out;  // the reader should not throw; if it does, the frame is simply unread
  }
  for (const auto& r : results) {
    if (!r.isValid()) continue;
    QrDecodeResult d;
    d.text = r.text();
    const auto& p = r.position();
    for (std::size_t i = 0; i < 4; ++i) {
      d.corners[i] = cv::Point(static_cast<int>(std::lround((p[i].x + map.offset.x) / map.scale)),
                               static_cast<int>(std::lround((p[i].y + map.offset.y) / map.scale)));
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

cv::Mat inverted(const cv::Mat& gray) {
  cv::Mat out;
  cv::bitwise_not(gray, out);
  return out;
}

// `r` scaled by f and clipped to `size`.
cv::Rect scaled(cv::Rect r, double f, cv::Size size) {
  cv::Rect s(
      cv::Point(static_cast<int>(std::floor(r.x * f)), static_cast<int>(std::floor(r.y * f))),
      cv::Point(static_cast<int>(std::ceil(r.br().x * f)),
                static_cast<int>(std::ceil(r.br().y * f))));
  return s & cv::Rect(cv::Point(0, 0), size);
}

// The decode passes over one frame (see README "decode_qr passes").
class Passes {
 public:
  Passes(const cv::Mat& gray, const QrDecodeOptions& o) : o_(o) {
    cap_scale_ = fit(gray, o.max_side, capped_);
    if (o.fast_side > 0) small_scale_ = cap_scale_ * fit(capped_, o.fast_side, small_);
  }

  std::vector<QrDecodeResult> run() {
    if (o_.fast_side > 0) {
      fast(false);
      if (found()) return take();
    }
    if (!o_.hint.empty() && o_.full_pass) {
      cv::Rect r = scaled(o_.hint, cap_scale_, capped_.size());
      if (r.area() > 0) {
        region(r, false);
        if (!found() && o_.try_inverted) region(r, true);
        if (found()) return take();
      }
    }
    if (!o_.probe_first) {
      for (bool inv : {false, true}) {
        if (inv && !o_.try_inverted) break;
        if (inv && o_.fast_side > 0) fast(true);
        if (!found() && o_.full_pass) whole(inv);
        if (found()) break;
      }
      if (!found() && o_.rescue) rescue();
      return take();
    }
    const cv::Mat& probed = small_.empty() ? capped_ : small_;
    FinderProbe probe = probe_finders(probed);
    double to_capped = small_.empty() ? 1.0 : cap_scale_ / small_scale_;
    std::vector<bool> order;
    int dark = probe.count(false), light = o_.try_inverted ? probe.count(true) : 0;
    if (dark >= light && dark > 0) order = {false};
    if (light > 0) order.push_back(true);
    if (light > dark && dark > 0) order.push_back(false);
    for (bool inv : order) {
      if (inv && o_.fast_side > 0) fast(true);
      if (!found() && o_.full_pass) {
        cv::Rect r = probe.region(inv, probed.size());
        cv::Rect big = r.empty() ? cv::Rect() : scaled(r, to_capped, capped_.size());
        if (!big.empty() && static_cast<std::size_t>(big.area()) < capped_.total() * 6 / 10) {
          region(big, inv);
          if (!found() && o_.sharpen_retry) region(big, inv, /*sharpen=*/true);
        } else {
          whole(inv);
        }
      }
      if (found()) break;
    }
    if (!found() && o_.rescue) rescue();
    return take();
  }

 private:
  bool found() const { return !all_.empty(); }
  std::vector<QrDecodeResult> take() { return std::move(all_); }
  void fast(bool inv) {
    const cv::Mat img = inv ? inverted(small_) : small_;
    add_unique(all_, read(img, {{0, 0}, small_scale_}, false, o_.max_symbols));
  }
  void whole(bool inv) {
    const cv::Mat img = inv ? inverted(capped_) : capped_;
    add_unique(all_, read(img, {{0, 0}, cap_scale_}, true, o_.max_symbols));
  }
  void region(cv::Rect r, bool inv, bool sharpen = false) {
    cv::Mat crop = capped_(r);
    if (sharpen) {  // unsharp mask: a soft-focus code's module edges back
      cv::Mat soft, sharp;
      cv::GaussianBlur(crop, soft, cv::Size(0, 0), 1.5);
      cv::addWeighted(crop, 1.8, soft, -0.8, 0, sharp);
      crop = sharp;
    }
    const cv::Mat img = inv ? inverted(crop) : crop;
    add_unique(all_, read(img, {{double(r.x), double(r.y)}, cap_scale_}, true, o_.max_symbols));
  }

  // The last chances for a frame every pass missed (README "decode_qr passes", 4 and 5): the
  // frame stretched to full range when it is dark or flat; then where the image (stretched, if
  // flat) has a QR's texture, that region upscaled and sharpened, then with its finder
  // patterns repainted. Frames without such texture
  // (no code at all) pay only the looks.
  void rescue() {
    const cv::Mat& looked = small_.empty() ? capped_ : small_;
    double to_capped = small_.empty() ? 1.0 : cap_scale_ / small_scale_;
    bool flat = o_.enhance && grey_spread(looked) < o_.flat_spread;
    cv::Mat look = flat ? stretch_contrast(looked) : looked;
    if (flat) {  // dark or low contrast all over: the whole frame at full range
      cv::Mat full = stretch_contrast(capped_);
      add_unique(all_, read(full, {{0, 0}, cap_scale_}, true, o_.max_symbols));
      if (found()) return;
    }
    TexturePatch patch = find_code_texture(look);
    if (patch.box.empty()) return;
    cv::Rect r = scaled(patch.box, to_capped, capped_.size());
    int grow = std::max(r.width, r.height) / 8;  // the patch stops at the last textured cell
    r = cv::Rect(r.x - grow, r.y - grow, r.width + 2 * grow, r.height + 2 * grow) &
        cv::Rect(cv::Point(0, 0), capped_.size());
    if (r.area() <= 0) return;
    int longest = std::max(r.width, r.height);
    double up = std::min(o_.rescue_upscale, std::max(1.0, double(o_.rescue_max_side) / longest));
    cv::Mat base = capped_(r);
    if (flat) base = stretch_contrast(base);
    cv::Mat big = base;
    if (up > 1.0) cv::resize(base, big, cv::Size(), up, up, cv::INTER_LINEAR);
    cv::Mat sharp = unsharp(big, 1.5 * up, 0.8);  // unsharp mask scaled with the image
    bool dark_first = o_.try_inverted && cv::mean(capped_(r))[0] < 128;
    Mapping up_map{{r.x * up, r.y * up}, cap_scale_ * up};
    auto both = [&](const cv::Mat& img, Mapping map) {
      for (bool inv : {dark_first, !dark_first}) {
        if (inv && !o_.try_inverted) continue;
        add_unique(all_, read(inv ? inverted(img) : img, map, true, o_.max_symbols));
        if (found()) return true;
      }
      return false;
    };
    if (both(sharp, up_map)) return;
    if (o_.repair_finders <= 0) return;
    // A finder pattern under a finger: repaint it from the two still seen (finder_repair.hpp).
    // First in the textured region (three quarters of the images); then, with the images left, in
    // that region grown by a third
    // on every side (the texture stops at the finger, which may hide the third pattern's place).
    int left = o_.repair_finders;
    for (int more : {0, std::max(r.width, r.height) / 3}) {
      int budget = more == 0 ? left * 3 / 4 : left;  // 12 of 16, then the rest
      cv::Rect box = cv::Rect(r.x - more, r.y - more, r.width + 2 * more, r.height + 2 * more) &
                     cv::Rect(cv::Point(0, 0), capped_.size());
      cv::Mat crop = flat ? stretch_contrast(capped_(box)) : capped_(box).clone();
      if (dark_first) crop = inverted(crop);
      FinderRepairOptions repair;
      repair.max_images = budget;
      left -= repair_finders(
          crop,
          [&](const cv::Mat& painted) {
            add_unique(all_, read(painted, {{double(box.x), double(box.y)}, cap_scale_}, true,
                                  o_.max_symbols, /*downscale=*/false));
            return found();
          },
          repair);
      if (found() || left <= 0) return;
    }
  }

  const QrDecodeOptions& o_;
  cv::Mat capped_, small_;
  double cap_scale_ = 1.0, small_scale_ = 1.0;
  std::vector<QrDecodeResult> all_;
};

}  // namespace

std::vector<QrDecodeResult> decode_qr(const cv::Mat& frame, const QrDecodeOptions& options) {
  cv::Mat gray = to_gray8(frame);
  if (gray.empty()) return {};
  std::vector<QrDecodeResult> all = Passes(gray, options).run();
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
