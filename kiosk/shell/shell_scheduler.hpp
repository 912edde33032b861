// The one way a shell waits: run an action after a delay, on the thread that drives the shell.
// The runtime binds it to the io_context (a steady_timer per wait); the deterministic simulation
// binds it to its event queue, where time jumps to the next event. A wait cannot be cancelled:
// the shell checks, when the action runs, whether it still wants it (a generation counter, an
// `alive` flag), so both bindings behave the same.
#pragma once

#include <functional>

#include "flows/time.hpp"

namespace boost::asio {
class io_context;
}

namespace kiosk::app {

using ShellScheduler = std::function<void(Millis delay, std::function<void()> action)>;

// Each call arms a steady_timer on `io`; the action runs when it expires (0 ms: posted).
ShellScheduler asio_scheduler(boost::asio::io_context& io);

}  // namespace kiosk::app
