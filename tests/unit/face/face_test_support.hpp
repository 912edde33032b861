// The face tests' one detector (the stock cascade), loaded once per test binary.
#pragma once

#include <doctest/doctest.h>

#include "devices/face/face_detector.hpp"

namespace kiosk::test {

inline const devices::face::FaceDetector& face_detector() {
  static const devices::face::FaceDetector d = [] {
    auto made = devices::face::FaceDetector::create();
    REQUIRE_MESSAGE(made.has_value(), made.error());
    return *made;
  }();
  return d;
}

}  // namespace kiosk::test
