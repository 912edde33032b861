// Decides when a decoded payload is news: reported once when it comes into view, and again only
// after it has been missing from `frames_to_forget` consecutive decoded frames. Pure: no clock,
// no threads; feed it each decoded frame's payloads in order.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kiosk::devices {

class PayloadDebouncer {
 public:
  explicit PayloadDebouncer(int frames_to_forget = 5);

  // The payloads seen in one decoded frame (duplicates allowed); returns the new ones, in the
  // order given.
  std::vector<std::string> observe(const std::vector<std::string>& seen);
  void reset();
  bool in_view(const std::string& payload) const;

 private:
  int frames_to_forget_;
  std::map<std::string, int> missing_;  // payload in view -> consecutive frames without it
};

}  // namespace kiosk::devices
