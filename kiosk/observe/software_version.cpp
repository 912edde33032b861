#include "kiosk/observe/software_version.hpp"

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "unknown"
#endif

namespace kiosk::app {

const char* software_version() { return KIOSK_VERSION; }

}  // namespace kiosk::app
