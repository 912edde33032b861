#include "offline_queue/operator_command_args.hpp"

#include <cstdint>
#include <functional>
#include <map>

namespace kiosk::oq {
namespace {

using Json = nlohmann::json;

// One argument's rule: checks the value at `path`, "" when it fits.
using Rule = std::function<std::string(const Json&, const std::string& path)>;
struct Arg {
  Rule rule;
  bool required = false;
};
using Schema = std::map<std::string, Arg, std::less<>>;

Rule integer(std::int64_t lo, std::int64_t hi) {
  return [lo, hi](const Json& v, const std::string& path) -> std::string {
    if (!v.is_number_integer() || v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi)
      return path + ": must be an integer " + std::to_string(lo) + ".." + std::to_string(hi);
    return "";
  };
}

Rule text(std::size_t min, std::size_t max) {
  return [min, max](const Json& v, const std::string& path) -> std::string {
    if (!v.is_string()) return path + ": must be text";
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() < min || s.size() > max)
      return path + ": must be " + std::to_string(min) + ".." + std::to_string(max) + " bytes";
    for (unsigned char c : s)
      if (c < 0x20 || c == 0x7F) return path + ": must not hold control characters";
    return "";
  };
}

std::string check_object(const Json& obj, const Schema& schema, const std::string& path) {
  if (!obj.is_object()) return path + ": must be an object";
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (!schema.contains(it.key())) return path + "." + it.key() + ": unknown argument";
  for (const auto& [key, arg] : schema) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (arg.required) return path + "." + key + ": required";
      continue;
    }
    if (auto p = arg.rule(*it, path + "." + key); !p.empty()) return p;
  }
  return "";
}

// A list of 1..max_items objects, each checked against `item`.
Rule list_of(const Schema& item, std::size_t max_items) {
  return [item, max_items](const Json& v, const std::string& path) -> std::string {
    if (!v.is_array() || v.empty() || v.size() > max_items)
      return path + ": must be a list of 1.." + std::to_string(max_items) + " entries";
    for (std::size_t i = 0; i < v.size(); ++i)
      if (auto p = check_object(v[i], item, path + "[" + std::to_string(i) + "]"); !p.empty())
        return p;
    return "";
  };
}

const Schema kNone;

const Schema& schema_of(std::string_view name) {
  static const std::map<std::string, Schema, std::less<>> schemas = [] {
    const Schema note = {{"kzt", {integer(1, 1'000'000), true}},
                         {"count", {integer(0, 10'000), true}}};
    std::map<std::string, Schema, std::less<>> s;
    s["out_of_service"] = {{"message", {text(0, 200), false}}};
    // The counted notes per cassette, in the dispenser's cassette order.
    s["refill"] = {{"cassettes", {list_of(note, 8), true}},
                   {"reject_emptied", {integer(0, 10'000), false}}};
    s["test_dispense"] = {{"cassette", {integer(0, 7), true}}, {"count", {integer(1, 5), false}}};
    s["collect_cash_box"] = {{"notes", {list_of(note, 16), true}}};
    s["lift_cash_out_suspension"] = {{"note", {text(1, 200), true}}};
    s["retry_failed"] = {{"key", {text(1, 128), false}}};
    // A journal range for an auditor: at most kMaxExportRows rows (checked below).
    s["export_journal"] = {{"from", {integer(1, INT64_MAX), true}},
                           {"to", {integer(1, INT64_MAX), true}}};
    return s;
  }();
  auto it = schemas.find(name);
  return it == schemas.end() ? kNone : it->second;
}

}  // namespace

const std::vector<CommandSpec>& operator_commands() {
  static const std::vector<CommandSpec> list = {
      {"status", false, false},
      {"enter_maintenance", false, false},
      {"leave_maintenance", false, false},
      {"out_of_service", false, false},
      {"in_service", false, false},
      {"refill", true, true},
      {"test_dispense", true, true},
      {"reconcile", false, false},
      {"collect_cash_box", true, true},
      {"lift_cash_out_suspension", true, false},
      {"retry_failed", false, false},
      {"restart", true, false},
      {"test_print", true, false},
      {"export_journal", false, false},
      {"set_config", true, false},
  };
  return list;
}

const CommandSpec* find_command(std::string_view name) {
  for (const auto& c : operator_commands())
    if (c.name == name) return &c;
  return nullptr;
}

int json_depth(const Json& j, int limit) {
  if (!j.is_structured()) return 1;
  if (limit <= 0) return 1;
  int deepest = 0;
  for (const auto& v : j) {
    deepest = std::max(deepest, json_depth(v, limit - 1));
    if (deepest >= limit) break;
  }
  return 1 + deepest;
}

std::string command_args_problem(std::string_view name, const Json& args) {
  if (!args.is_object()) return "args: must be an object";
  if (json_depth(args, kMaxArgsDepth) > kMaxArgsDepth)
    return "args: nested deeper than " + std::to_string(kMaxArgsDepth);
  if (args.dump().size() > kMaxArgsBytes)
    return "args: larger than " + std::to_string(kMaxArgsBytes) + " bytes";
  // set_config's args are a part of the config file: the kiosk checks the keys and the values
  // by the file's own rules (kiosk/maintenance/config_overlay.hpp); only size and depth here.
  if (name == "set_config") return args.empty() ? "args: must name at least one key" : "";
  if (auto p = check_object(args, schema_of(name), "args"); !p.empty()) return p;
  if (name == "export_journal") {
    const auto from = args["from"].get<std::int64_t>(), to = args["to"].get<std::int64_t>();
    if (to < from || to - from >= kMaxExportRows)
      return "args.to: must be from..from+" + std::to_string(kMaxExportRows - 1);
  }
  return "";
}

}  // namespace kiosk::oq
