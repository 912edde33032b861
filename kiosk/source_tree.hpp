#pragma once
// Where the source tree this binary was built from lives (config/, ui/www, test data). Only this
// one translation unit knows the path, so the rest of the build does not depend on where the
// checkout is (and compiler caches are shared between checkouts).
#include <string>

namespace kiosk::app {

std::string source_tree();

}  // namespace kiosk::app
