// The last message of each "type" on one channel, kept so a client that connects (or a page that
// reloads) is shown the current state at once. Pure; insertion order of types is kept, so replay
// happens in the order the types first appeared.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace kiosk::ui {

class ReplayCache {
 public:
  using Text = std::shared_ptr<const std::string>;

  // Remembers `text` as the last message of msg["type"]. Returns false (and remembers nothing)
  // when `msg` has no string "type".
  bool remember(const nlohmann::json& msg, Text text);

  // Forgets the last message of `type` (e.g. a banner that is no longer true).
  void forget(const std::string& type);

  // The remembered messages, in first-seen order of their types.
  std::vector<Text> snapshot() const;

  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<std::pair<std::string, Text>> entries_;
};

}  // namespace kiosk::ui
