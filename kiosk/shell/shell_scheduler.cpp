#include "kiosk/shell/shell_scheduler.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

namespace kiosk::app {

ShellScheduler asio_scheduler(boost::asio::io_context& io) {
  return [&io](Millis delay, std::function<void()> action) {
    if (delay <= Millis{0}) return boost::asio::post(io, std::move(action));
    auto timer = std::make_shared<boost::asio::steady_timer>(io, delay);
    timer->async_wait([timer, action = std::move(action)](const boost::system::error_code& ec) {
      if (!ec) action();
    });
  };
}

}  // namespace kiosk::app
