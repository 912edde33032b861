#pragma once
// How the binary finds its files. Installed (a package unpacked anywhere: <prefix>/bin/kiosk), they
// sit beside it in <prefix>/share/kiosk/ (www/, config/); from a build tree (`make run`, tests)
// they are the source tree's ui/www and config/. Only source_tree.cpp knows the source tree's path,
// so the rest of the build does not depend on where the checkout is (and compiler caches are shared
// between checkouts).
#include <string>

namespace kiosk::app {

// The source tree this binary was built from (tests' data, the build tree's fallback).
std::string source_tree();

// <prefix>/share/kiosk when this binary runs from an installed layout, else empty.
std::string installed_share_dir();

// The customer UI: <prefix>/share/kiosk/www installed, else the source tree's ui/www.
std::string www_dir();

// The folder of the embedded sim config and its simulation-only keys: <prefix>/share/kiosk/config
// installed, else the source tree's config/.
std::string sim_config_dir();

}  // namespace kiosk::app
