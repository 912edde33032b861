// Fuzz target: the kiosk config loader (kiosk/config) and the production check of what it loaded.
// The first byte picks a mode: raw text, or the rest spliced into one of the shipped configs
// (config/sim.json, astana.json, almaty.json), so most inputs are JSON the readers go deep into.
// Properties: no crash, no exception; a refusal lists at least one problem, each naming a JSON
// path ("$." ...) or the source; a loaded config keeps its source; the production check of a
// loaded config names its problems.
// Key files are looked up under a folder that does not exist, so the run reads no real file; an
// input naming an absolute key path is loaded but not production-checked.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/config/production_check.hpp"
#include "kiosk/source_tree.hpp"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

const std::vector<std::string>& shipped_configs() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    for (const char* name : {"sim.json", "astana.json", "almaty.json"}) {
      std::ifstream in(kiosk::app::source_tree() + "/config/" + name, std::ios::binary);
      out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return out;
  }();
  return texts;
}

bool relative(const std::string& path) { return path.empty() || path[0] != '/'; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string raw(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string text = raw;
  if (data[0] & 1) {  // splice into a shipped config
    const auto& configs = shipped_configs();
    text = configs[(data[0] >> 1) % configs.size()];
    const std::size_t at = size > 1 ? (data[1] * 131u + data[0]) % (text.size() + 1) : 0;
    const std::size_t cut = (data[0] >> 3) % 9;
    text.replace(at, std::min(cut, text.size() - at),
                 raw.substr(std::min<std::size_t>(1, raw.size())));
  }
  const std::string source = "/nonexistent-fuzz-dir/kiosk.json";
  auto c = kiosk::app::load_config_text(text, source);
  if (!c) {
    check(!c.error().problems.empty());
    for (const auto& p : c.error().problems) check(p.starts_with("$") || p.starts_with(source));
    return 0;
  }
  check(c->source_path == source);
  (void)kiosk::app::config_relative(*c, c->exchange.secret_file);
  if (relative(c->exchange.secret_file) && relative(c->exchange.ca_file) &&
      relative(c->compliance.pseudonym_key_file) && relative(c->compliance.seal_key_file))
    for (const auto& p : kiosk::app::production_problems(*c)) check(!p.empty());
  return 0;
}
