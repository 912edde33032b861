#include "kiosk/source_tree.hpp"

#include <filesystem>
#include <system_error>

namespace kiosk::app {

namespace fs = std::filesystem;

std::string source_tree() { return KIOSK_SOURCE_DIR; }

std::string installed_share_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const fs::path share = exe.parent_path().parent_path() / "share" / "kiosk";
  if (!fs::is_directory(share / "www", ec)) return {};
  return share.string();
}

std::string www_dir() {
  const auto share = installed_share_dir();
  return share.empty() ? source_tree() + "/ui/www" : share + "/www";
}

std::string sim_config_dir() {
  const auto share = installed_share_dir();
  return share.empty() ? source_tree() + "/config" : share + "/config";
}

}  // namespace kiosk::app
