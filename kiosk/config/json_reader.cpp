#include "kiosk/config/json_reader.hpp"

namespace kiosk::app {

namespace {
const nlohmann::json kNull;
}

JsonObjectReader::JsonObjectReader(const nlohmann::json& j, std::string path,
                                   ConfigProblems& problems)
    : j_(j), path_(std::move(path)), problems_(problems), valid_(j.is_object()) {
  if (!valid_) problems_.add(path_, j.is_null() ? "is required (an object)" : "must be an object");
}

JsonObjectReader::~JsonObjectReader() {
  if (!valid_) return;
  for (auto it = j_.begin(); it != j_.end(); ++it)
    if (!read_.count(it.key())) problems_.add(path(it.key()), "unknown key");
}

bool JsonObjectReader::has(const std::string& key) const { return valid_ && j_.contains(key); }

const nlohmann::json* JsonObjectReader::lookup(const std::string& key, bool required) {
  read_.insert(key);
  if (!valid_) return nullptr;
  auto it = j_.find(key);
  if (it == j_.end()) {
    if (required) problems_.add(path(key), "is required");
    return nullptr;
  }
  return &*it;
}

const nlohmann::json& JsonObjectReader::raw(const std::string& key) {
  const auto* v = lookup(key, false);
  return v ? *v : kNull;
}

std::string JsonObjectReader::str(const std::string& key, std::optional<std::string> def) {
  const auto* v = lookup(key, !def);
  if (!v) return def.value_or("");
  if (!v->is_string()) {
    problems_.add(path(key), "must be a string");
    return def.value_or("");
  }
  return v->get<std::string>();
}

std::int64_t JsonObjectReader::integer(const std::string& key, std::int64_t min, std::int64_t max,
                                       std::optional<std::int64_t> def) {
  const auto* v = lookup(key, !def);
  if (!v) return def.value_or(min);
  if (!v->is_number_integer()) {
    problems_.add(path(key), "must be a whole number");
    return def.value_or(min);
  }
  auto n = v->get<std::int64_t>();
  if (n < min || n > max) {
    problems_.add(path(key), "must be between " + std::to_string(min) + " and " +
                                 std::to_string(max) + " (got " + std::to_string(n) + ")");
    return def.value_or(min);
  }
  return n;
}

bool JsonObjectReader::boolean(const std::string& key, std::optional<bool> def) {
  const auto* v = lookup(key, !def);
  if (!v) return def.value_or(false);
  if (!v->is_boolean()) {
    problems_.add(path(key), "must be true or false");
    return def.value_or(false);
  }
  return v->get<bool>();
}

std::vector<std::string> JsonObjectReader::str_list(const std::string& key,
                                                    std::optional<std::vector<std::string>> def) {
  const auto* v = lookup(key, !def);
  if (!v) return def.value_or(std::vector<std::string>{});
  std::vector<std::string> out;
  if (!v->is_array()) {
    problems_.add(path(key), "must be a list of strings");
    return out;
  }
  for (size_t i = 0; i < v->size(); ++i) {
    if ((*v)[i].is_string())
      out.push_back((*v)[i].get<std::string>());
    else
      problems_.add(path(key) + "[" + std::to_string(i) + "]", "must be a string");
  }
  return out;
}

std::vector<std::int64_t> JsonObjectReader::int_list(const std::string& key, std::int64_t min,
                                                     std::int64_t max) {
  const auto* v = lookup(key, true);
  std::vector<std::int64_t> out;
  if (!v) return out;
  if (!v->is_array()) {
    problems_.add(path(key), "must be a list of whole numbers");
    return out;
  }
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& e = (*v)[i];
    auto p = path(key) + "[" + std::to_string(i) + "]";
    if (!e.is_number_integer())
      problems_.add(p, "must be a whole number");
    else if (e.get<std::int64_t>() < min || e.get<std::int64_t>() > max)
      problems_.add(p, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    else
      out.push_back(e.get<std::int64_t>());
  }
  return out;
}

}  // namespace kiosk::app
