#include "kiosk/source_tree.hpp"

namespace kiosk::app {

std::string source_tree() { return KIOSK_SOURCE_DIR; }

}  // namespace kiosk::app
