#include "devices/face/face_detector.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "devices/face/document_in_view.hpp"

namespace kiosk::devices::face {

struct FaceDetector::Cascade {
  std::mutex mutex;
  cv::CascadeClassifier classifier;
};

namespace {

cv::Mat to_gray(const cv::Mat& image) {
  CV_Assert(image.depth() == CV_8U && (image.channels() == 1 || image.channels() == 3));
  if (image.channels() == 1) return image;
  cv::Mat gray;
  cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
  return gray;
}

cv::Rect scaled(const cv::Rect& r, double k) {
  return {static_cast<int>(std::lround(r.x * k)), static_cast<int>(std::lround(r.y * k)),
          static_cast<int>(std::lround(r.width * k)), static_cast<int>(std::lround(r.height * k))};
}

}  // namespace

double focus_measure(const cv::Mat& gray_face) {
  if (gray_face.empty()) return 0;
  cv::Mat crop, gx, gy, magnitude;
  double k = 96.0 / gray_face.rows;
  cv::resize(gray_face, crop, cv::Size(), k, k, k < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  crop.convertTo(crop, CV_32F);
  cv::GaussianBlur(crop, crop, cv::Size(0, 0), 0.7);  // sensor noise is not sharpness
  cv::Sobel(crop, gx, CV_32F, 1, 0, 3, 0.125);
  cv::Sobel(crop, gy, CV_32F, 0, 1, 3, 0.125);
  cv::magnitude(gx, gy, magnitude);
  auto percentile = [](const cv::Mat& m, double p) {
    std::vector<float> v(m.begin<float>(), m.end<float>());
    auto at = v.begin() + static_cast<std::ptrdiff_t>(p * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), at, v.end());
    return static_cast<double>(*at);
  };
  double contrast = percentile(crop, 0.95) - percentile(crop, 0.05);
  return contrast < 1 ? 0 : percentile(magnitude, 0.97) / contrast;
}

std::expected<FaceDetector, std::string> FaceDetector::create(std::string cascade_path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(cascade_path, ec))
    return std::unexpected("face cascade not found: " + cascade_path +
                           " (Debian package opencv-data)");
  auto cascade = std::make_shared<Cascade>();
  bool loaded = false;
  try {
    loaded = cascade->classifier.load(cascade_path);
  } catch (const cv::Exception&) {
    loaded = false;
  }
  if (!loaded || cascade->classifier.empty())
    return std::unexpected("face cascade unreadable: " + cascade_path);
  return FaceDetector(std::move(cascade), std::move(cascade_path));
}

FaceDetector::FaceDetector(std::shared_ptr<Cascade> cascade, std::string path)
    : cascade_(std::move(cascade)), path_(std::move(path)) {}

std::vector<cv::Rect> FaceDetector::run(const cv::Mat& gray, cv::Size min_size, cv::Size max_size,
                                        double scale_step, int min_neighbors,
                                        std::vector<int>* strengths) const {
  std::vector<cv::Rect> faces;
  std::vector<int> hits;
  std::lock_guard lock(cascade_->mutex);
  cascade_->classifier.detectMultiScale(gray, faces, hits, scale_step, min_neighbors, 0, min_size,
                                        max_size);
  if (strengths) *strengths = hits;
  return faces;
}

std::vector<cv::Rect> FaceDetector::detect(const cv::Mat& image, FaceOptions o) const {
  if (image.empty()) return {};
  cv::Mat gray = to_gray(image), work;
  double k = image.cols > o.work_width ? static_cast<double>(o.work_width) / image.cols : 1.0;
  if (k < 1)
    cv::resize(gray, work, cv::Size(), k, k, cv::INTER_AREA);
  else
    work = gray.clone();
  cv::equalizeHist(work, work);
  int shorter = std::min(work.cols, work.rows);
  int lo = std::max(24, static_cast<int>(o.min_face_fraction * shorter));
  int hi = std::max(lo, static_cast<int>(o.max_face_fraction * shorter));
  auto faces =
      run(work, cv::Size(lo, lo), cv::Size(hi, hi), o.scale_step, o.min_neighbors, nullptr);
  for (auto& f : faces) f = scaled(f, 1 / k) & cv::Rect(0, 0, image.cols, image.rows);
  std::sort(faces.begin(), faces.end(),
            [](const cv::Rect& a, const cv::Rect& b) { return a.area() > b.area(); });
  return faces;
}

SelfieCheck FaceDetector::check_selfie(const cv::Mat& frame) const {
  return check_selfie(frame, SelfieThresholds{});
}

SelfieCheck FaceDetector::check_selfie(const cv::Mat& frame, const SelfieThresholds& t) const {
  SelfieCheck out;
  if (frame.empty()) return out;
  cv::Mat gray = to_gray(frame);
  auto faces = detect(gray);
  out.faces = static_cast<int>(faces.size());
  SelfieMeasures& m = out.measures;
  m.faces = out.faces;
  m.frame_luminance = cv::mean(gray)[0];
  if (!faces.empty()) {
    const cv::Rect& f = faces.front();
    out.face = f;
    m.face_height = static_cast<double>(f.height) / frame.rows;
    // Light and focus on the inner face (cheeks, eyes, nose, mouth), not the hair around it.
    cv::Rect inner(f.x + f.width / 5, f.y + f.height / 5, f.width * 3 / 5, f.height * 3 / 5);
    inner &= cv::Rect(0, 0, gray.cols, gray.rows);
    m.face_luminance = cv::mean(gray(inner))[0];
    m.focus = focus_measure(gray(f));
    m.document_face_share = document_face_share(frame, faces);
  }
  out.guidance = judge_selfie(m, t);
  return out;
}

std::optional<cv::Rect> FaceDetector::find_document_face(const cv::Mat& document) const {
  if (document.empty()) return std::nullopt;
  cv::Mat gray = to_gray(document), work;
  // Work at 480 px width: a portrait's face is 12-25 % of the width (card 21 mm photo of
  // 85.6 mm, passport 32 of 125), about 60-120 px, and the cascade spends most of its time on
  // the document's fine print, so a smaller image pays twice.
  double k = 480.0 / document.cols;
  cv::resize(gray, work, cv::Size(), k, k, k < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::equalizeHist(work, work);
  int lo = std::max(24, static_cast<int>(0.07 * work.cols));
  int hi = std::max(lo, std::min(work.rows, static_cast<int>(0.35 * work.cols)));
  std::vector<int> strengths;
  auto faces = run(work, cv::Size(lo, lo), cv::Size(hi, hi), 1.1, 3, &strengths);
  if (faces.empty()) return std::nullopt;
  std::size_t best = 0;
  for (std::size_t i = 1; i < faces.size(); ++i)
    if (strengths[i] > strengths[best] ||
        (strengths[i] == strengths[best] && faces[i].area() > faces[best].area()))
      best = i;
  return scaled(faces[best], 1 / k) & cv::Rect(0, 0, document.cols, document.rows);
}

}  // namespace kiosk::devices::face
