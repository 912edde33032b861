// systemd's readiness and watchdog protocol, written by hand (no libsystemd): one datagram per
// message to the AF_UNIX socket named by $NOTIFY_SOCKET ("@name" is the abstract namespace).
// Without $NOTIFY_SOCKET (not started by systemd) every call does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace kiosk::app {

// Sends `state` ("READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=..."); false when it could not.
bool sd_notify(std::string_view state);

// How often to send WATCHDOG=1: half of $WATCHDOG_USEC when it is set for this process
// ($WATCHDOG_PID absent or ours), else nullopt.
std::optional<std::chrono::milliseconds> sd_watchdog_interval();

}  // namespace kiosk::app
