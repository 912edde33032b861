// The scan screen's live preview: a small JPEG of the newest camera frame, pushed to the customer
// page over the WebSocket as {"type": "camera_preview", "src": "data:image/jpeg;base64,..."}.
// Frames are never logged nor written anywhere; the runtime forgets the last preview when the
// scanner stops.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kiosk::app {

std::string base64(const std::vector<unsigned char>& bytes);
nlohmann::json camera_preview_message(const std::vector<unsigned char>& jpeg);

}  // namespace kiosk::app
