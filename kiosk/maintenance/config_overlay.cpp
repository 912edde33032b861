#include "kiosk/maintenance/config_overlay.hpp"

#include <fstream>
#include <sstream>

namespace kiosk::app {

using Json = nlohmann::json;

const std::vector<std::string>& settable_config_keys() {
  static const std::vector<std::string> keys = {"/fees/cash_in_bps",
                                                "/limits/max_tx_kzt",
                                                "/cash_in/denominations_kzt",
                                                "/cash_in/max_rate_age_s",
                                                "/cash_in/quote_ttl_s",
                                                "/cash_in/timeouts_s/*",
                                                "/cash_out/min_kzt",
                                                "/cash_out/max_tx_kzt",
                                                "/cash_out/step_kzt",
                                                "/cash_out/timeouts_s/*",
                                                "/assets",
                                                "/offline/max_tx_kzt",
                                                "/offline/cap_kzt",
                                                "/offline/max_rate_age_s",
                                                "/compliance/daily_limit_kzt",
                                                "/compliance/monthly_limit_kzt"};
  return keys;
}

namespace {

void leaves(const Json& j, const std::string& path, std::vector<std::string>& out) {
  if (!j.is_object() || j.empty()) {
    out.push_back(path);
    return;
  }
  for (auto it = j.begin(); it != j.end(); ++it) leaves(*it, path + "/" + it.key(), out);
}

bool settable(const std::string& pointer) {
  for (const auto& k : settable_config_keys()) {
    if (k == pointer) return true;
    if (k.ends_with("/*")) {
      const std::string prefix = k.substr(0, k.size() - 1);  // "/cash_in/timeouts_s/"
      if (pointer.starts_with(prefix) && pointer.find('/', prefix.size()) == std::string::npos)
        return true;
    }
  }
  return false;
}

Json value_at(const Json& j, const std::string& pointer) {
  try {
    const Json::json_pointer p(pointer);
    return j.contains(p) ? j.at(p) : Json(nullptr);
  } catch (const Json::exception&) {
    return nullptr;
  }
}

std::expected<Json, std::string> read_file_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::unexpected(path + ": cannot open the file");
  std::stringstream ss;
  ss << in.rdbuf();
  Json j = Json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::unexpected(path + ": not a JSON object");
  return j;
}

}  // namespace

std::vector<std::string> overlay_leaves(const Json& patch) {
  std::vector<std::string> out;
  if (patch.is_object())
    for (auto it = patch.begin(); it != patch.end(); ++it) leaves(*it, "/" + it.key(), out);
  return out;
}

std::string overlay_keys_problem(const Json& patch) {
  if (!patch.is_object() || patch.empty()) return "set_config: args must name at least one key";
  for (const auto& leaf : overlay_leaves(patch)) {
    if (!settable(leaf)) return "set_config: " + leaf + " cannot be changed remotely";
    if (value_at(patch, leaf).is_null()) return "set_config: " + leaf + ": null is not a value";
  }
  return "";
}

std::expected<KioskConfig, ConfigError> config_with_overlay(const Json& file, const Json& overlay,
                                                            const std::string& source) {
  Json merged = file;
  merged.merge_patch(overlay);
  return load_config_text(merged.dump(), source);
}

std::expected<ConfigOverlay, std::string> load_config_overlay(oq::Store& store) {
  auto text = store.get_state(kConfigOverlayState);
  if (!text) return std::unexpected(text.error().what);
  if (!*text) return ConfigOverlay{};
  Json j = Json::parse(**text, nullptr, false);
  if (!j.is_object() || !j.contains("version") || !j["version"].is_number_integer() ||
      !j.contains("overlay") || !j["overlay"].is_object())
    return std::unexpected("the stored config overlay is damaged");
  return ConfigOverlay{j["version"].get<std::int64_t>(), j["overlay"]};
}

std::expected<KioskConfig, std::string> effective_config(const KioskConfig& base,
                                                         oq::Store& store) {
  auto overlay = load_config_overlay(store);
  if (!overlay) return std::unexpected("config overlay: " + overlay.error());
  if (overlay->version == 0) return base;
  auto file = read_file_json(base.source_path);
  if (!file) return std::unexpected("config overlay: " + file.error());
  auto c = config_with_overlay(*file, overlay->overlay, base.source_path);
  if (!c) {
    std::string why =
        "config overlay version " + std::to_string(overlay->version) + " no longer fits the file:";
    for (const auto& p : c.error().problems) why += " " + p + ";";
    return std::unexpected(why);
  }
  return *c;
}

std::expected<ConfigChangeResult, ConfigChangeError> change_config(const KioskConfig& base,
                                                                   oq::Store& store,
                                                                   const Json& patch,
                                                                   const std::string& actor,
                                                                   std::int64_t now_ms) {
  if (auto p = overlay_keys_problem(patch); !p.empty())
    return std::unexpected(ConfigChangeError{"bad_args", {p}});
  auto stored = load_config_overlay(store);
  if (!stored) return std::unexpected(ConfigChangeError{"config_unreadable", {stored.error()}});
  auto file = read_file_json(base.source_path);
  if (!file) return std::unexpected(ConfigChangeError{"config_unreadable", {file.error()}});
  Json before = *file;
  before.merge_patch(stored->overlay);
  ConfigOverlay next{stored->version + 1, stored->overlay};
  next.overlay.merge_patch(patch);
  auto config = config_with_overlay(*file, next.overlay, base.source_path);
  if (!config) return std::unexpected(ConfigChangeError{"bad_args", config.error().problems});
  Json after = *file;
  after.merge_patch(next.overlay);
  ConfigChangeResult r{next, Json::object(), Json::object(), *config};
  for (const auto& leaf : overlay_leaves(patch)) {
    r.old_values[leaf] = value_at(before, leaf);
    r.new_values[leaf] = value_at(after, leaf);
  }
  const Json row = {
      {"by", actor}, {"version", next.version}, {"old", r.old_values}, {"new", r.new_values}};
  // The journal row first: a crash before the state is stored leaves a change journaled but not
  // in force, never one in force that the journal does not show.
  if (auto w = store.append(oq::JournalEntry{"", kConfigChanged, row.dump(), now_ms}); !w)
    return std::unexpected(ConfigChangeError{"journal_unwritable", {w.error().what}});
  const Json state = {{"version", next.version}, {"overlay", next.overlay}};
  if (auto w = store.put_state(kConfigOverlayState, state.dump()); !w)
    return std::unexpected(ConfigChangeError{"journal_unwritable", {w.error().what}});
  return r;
}

}  // namespace kiosk::app
