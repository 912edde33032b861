// The two WebSocket channels of the local UI server.
#pragma once

#include <string_view>

namespace kiosk::ui {

enum class Channel {
  Customer,  // /ws: the customer touchscreen (index.html)
  Sim,       // /ws/sim: the simulator console (sim.html), only with sim_console on
};

inline constexpr std::string_view channel_name(Channel ch) {
  return ch == Channel::Customer ? "customer" : "sim";
}

}  // namespace kiosk::ui
