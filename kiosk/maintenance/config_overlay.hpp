// The operator's remote config changes (`set_config`): an overlay of a few keys of the config file
// (fees, limits, note denominations, enabled assets, timeouts), kept in the kiosk's database and
// applied over the file at every start. The operator's file under /etc is never rewritten.
//
// An overlay is a JSON merge patch of the file (RFC 7386 shape: objects merge, anything else
// replaces), limited to kSettableKeys. The effective config is the file with the overlay applied,
// validated by the same loader as the file (load_config_text): a change that would make the file
// invalid is refused with the loader's messages. Each accepted change gets the next version;
// the state row `config.overlay` holds {"version", "overlay"}, and a `config.changed` journal row
// {"by", "version", "old", "new"} holds the values before and after, per key (JSON pointer).
#pragma once

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kiosk/config/kiosk_config.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

inline constexpr const char* kConfigOverlayState = "config.overlay";
inline constexpr const char* kConfigChanged = "config.changed";

// The keys set_config may change, as JSON pointers into the config file. A pointer ending in
// "/*" allows any key below it ("/cash_in/timeouts_s/*").
const std::vector<std::string>& settable_config_keys();

struct ConfigOverlay {
  std::int64_t version = 0;                           // 0: never changed
  nlohmann::json overlay = nlohmann::json::object();  // merge patch over the file
};

// Pure. "" when every leaf of `patch` is a settable key; else "set_config: /devices/... cannot be
// changed remotely" (the first offender). An empty patch is a problem too.
std::string overlay_keys_problem(const nlohmann::json& patch);

// Pure. The leaves `patch` sets, as JSON pointers ("/fees/cash_in_bps"; a list is one leaf).
std::vector<std::string> overlay_leaves(const nlohmann::json& patch);

// Pure. The config file's JSON with `overlay` merged in, validated by the file's loader; the
// config keeps `source` as its path (so key files resolve as before).
std::expected<KioskConfig, ConfigError> config_with_overlay(const nlohmann::json& file,
                                                            const nlohmann::json& overlay,
                                                            const std::string& source);

// The overlay kept in `store` (version 0, empty, when none).
std::expected<ConfigOverlay, std::string> load_config_overlay(oq::Store& store);

// The config `base` (loaded from its file) with the stored overlay applied, for the start.
std::expected<KioskConfig, std::string> effective_config(const KioskConfig& base, oq::Store& store);

struct ConfigChangeResult {
  ConfigOverlay overlay;                  // the new one, stored
  nlohmann::json old_values, new_values;  // per changed key (JSON pointer)
  KioskConfig config;                     // the effective config from now on (after a restart)
};

struct ConfigChangeError {
  std::string kind;                   // "bad_args", "config_unreadable", "journal_unwritable"
  std::vector<std::string> problems;  // for the operator
};

// Validates `patch` (keys and values, by the loader) over the file `base` came from and the
// stored overlay, then stores the new overlay with the next version and journals the change with
// `actor`.
std::expected<ConfigChangeResult, ConfigChangeError> change_config(const KioskConfig& base,
                                                                   oq::Store& store,
                                                                   const nlohmann::json& patch,
                                                                   const std::string& actor,
                                                                   std::int64_t now_ms);

}  // namespace kiosk::app
