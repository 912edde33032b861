// A strict JSON object reader for configuration: every read is tracked so unknown keys are errors,
// and every problem is collected with its JSON path ("$.devices.validator.transport.baud: ...")
// instead of stopping at the first one. A technician gets the whole list at once.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kiosk::app {

class ConfigProblems {
 public:
  void add(const std::string& path, const std::string& what) {
    list_.push_back(path + ": " + what);
  }
  bool empty() const { return list_.empty(); }
  const std::vector<std::string>& list() const { return list_; }

 private:
  std::vector<std::string> list_;
};

class JsonObjectReader {
 public:
  // `j` must outlive the reader. A non-object is reported once and reads give defaults.
  JsonObjectReader(const nlohmann::json& j, std::string path, ConfigProblems& problems);
  ~JsonObjectReader();  // reports unknown keys

  std::string str(const std::string& key, std::optional<std::string> def = std::nullopt);
  std::int64_t integer(const std::string& key, std::int64_t min, std::int64_t max,
                       std::optional<std::int64_t> def = std::nullopt);
  bool boolean(const std::string& key, std::optional<bool> def = std::nullopt);
  std::vector<std::string> str_list(const std::string& key,
                                    std::optional<std::vector<std::string>> def = std::nullopt);
  std::vector<std::int64_t> int_list(const std::string& key, std::int64_t min, std::int64_t max);
  // A nested object (nullptr-equivalent reader on a missing optional key: `has()` tells).
  bool has(const std::string& key) const;
  const nlohmann::json& raw(const std::string& key);  // marks the key as read
  std::string path(const std::string& key) const { return path_ + "." + key; }
  ConfigProblems& problems() { return problems_; }

 private:
  const nlohmann::json* lookup(const std::string& key, bool required);
  const nlohmann::json& j_;
  std::string path_;
  ConfigProblems& problems_;
  std::set<std::string> read_;
  bool valid_;
};

}  // namespace kiosk::app
