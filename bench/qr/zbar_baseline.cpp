// The zbar baseline of bench-qr, in its own file: zbar's C++ headers clash with ZXing's.
#include <zbar.h>

#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

std::vector<std::string> zbar_qr(const cv::Mat& bgr) {
  cv::Mat g;
  cv::cvtColor(bgr, g, cv::COLOR_BGR2GRAY);
  zbar::ImageScanner scanner;
  scanner.set_config(zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
  scanner.set_config(zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
  zbar::Image image(static_cast<unsigned>(g.cols), static_cast<unsigned>(g.rows), "Y800", g.data,
                    static_cast<unsigned long>(g.total()));
  std::vector<std::string> out;
  if (scanner.scan(image) > 0)
    for (auto s = image.symbol_begin(); s != image.symbol_end(); ++s) out.push_back(s->get_data());
  image.set_data(nullptr, 0);
  return out;
}
