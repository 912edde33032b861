// The kiosk's software version (the project version from CMake, as in the Debian package).
#pragma once

namespace kiosk::app {

const char* software_version();

}  // namespace kiosk::app
