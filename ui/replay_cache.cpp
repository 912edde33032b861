#include "ui/replay_cache.hpp"

#include <algorithm>

namespace kiosk::ui {

bool ReplayCache::remember(const nlohmann::json& msg, Text text) {
  if (!msg.is_object()) return false;
  const auto type = msg.find("type");
  if (type == msg.end() || !type->is_string()) return false;
  const auto& name = type->get_ref<const std::string&>();
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const auto& entry) { return entry.first == name; });
  if (it != entries_.end()) {
    it->second = std::move(text);
  } else {
    entries_.emplace_back(name, std::move(text));
  }
  return true;
}

void ReplayCache::forget(const std::string& type) {
  std::erase_if(entries_, [&](const auto& entry) { return entry.first == type; });
}

std::vector<ReplayCache::Text> ReplayCache::snapshot() const {
  std::vector<Text> out;
  out.reserve(entries_.size());
  for (const auto& entry : entries_) out.push_back(entry.second);
  return out;
}

}  // namespace kiosk::ui
