// A second way to the MRZ when the document's outline is wrong (a finger on a corner, a card the
// colour of the desk): the MRZ band itself, found as a block of dense vertical strokes
// (blackhat, horizontal gradient, closing, Otsu), turned into the outline of the document that
// would carry it (mrz_geometry), so the reader's zone warp and line fit work unchanged.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

#include "devices/id/document_locator.hpp"

namespace kiosk::devices::id {

// `gray`: 8-bit. Best band first; at most `max_bands` bands, each as a TD1 and a TD3 outline
// when its shape allows both.
std::vector<DocumentQuad> mrz_band_quads(const cv::Mat& gray, int max_bands = 2);

}  // namespace kiosk::devices::id
