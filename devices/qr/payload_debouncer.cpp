#include "devices/qr/payload_debouncer.hpp"

#include <algorithm>

namespace kiosk::devices {

PayloadDebouncer::PayloadDebouncer(int frames_to_forget)
    : frames_to_forget_(std::max(frames_to_forget, 1)) {}

std::vector<std::string> PayloadDebouncer::observe(const std::vector<std::string>& seen) {
  std::vector<std::string> fresh;
  for (auto& [payload, missing] : missing_) ++missing;
  for (const auto& s : seen) {
    auto [it, inserted] = missing_.try_emplace(s, 0);
    it->second = 0;
    if (inserted) fresh.push_back(s);
  }
  std::erase_if(missing_, [&](const auto& kv) { return kv.second >= frames_to_forget_; });
  return fresh;
}

void PayloadDebouncer::reset() { missing_.clear(); }

bool PayloadDebouncer::in_view(const std::string& payload) const {
  return missing_.contains(payload);
}

}  // namespace kiosk::devices
