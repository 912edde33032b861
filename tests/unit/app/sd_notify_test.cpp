// systemd's notify protocol by hand: one datagram per message to $NOTIFY_SOCKET; the watchdog
// interval is half of $WATCHDOG_USEC when it is meant for this process.
#include "kiosk/sd_notify.hpp"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

using namespace kiosk::app;

namespace {

struct NotifySocket {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("kiosk-notify-" + std::to_string(::getpid()) + ".sock"))
                         .string();
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  NotifySocket() {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, path.c_str(), sizeof(a.sun_path) - 1);
    ::unlink(path.c_str());
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  }
  ~NotifySocket() {
    ::unsetenv("NOTIFY_SOCKET");
    ::close(fd);
    ::unlink(path.c_str());
  }
  std::string receive() {
    char buf[256];
    auto n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }
};

}  // namespace

TEST_CASE("READY=1 and WATCHDOG=1 reach the socket systemd names, one datagram each") {
  NotifySocket s;
  CHECK(sd_notify("READY=1"));
  CHECK(sd_notify("WATCHDOG=1"));
  CHECK(s.receive() == "READY=1");
  CHECK(s.receive() == "WATCHDOG=1");
}

TEST_CASE("without NOTIFY_SOCKET nothing is sent and nothing fails") {
  ::unsetenv("NOTIFY_SOCKET");
  CHECK_FALSE(sd_notify("READY=1"));
}

TEST_CASE("the watchdog is fed at half its timeout, only when it is meant for this process") {
  ::setenv("WATCHDOG_USEC", "30000000", 1);
  ::unsetenv("WATCHDOG_PID");
  CHECK(sd_watchdog_interval() == std::chrono::milliseconds(15000));
  ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
  CHECK(sd_watchdog_interval() == std::chrono::milliseconds(15000));
  ::setenv("WATCHDOG_PID", "1", 1);
  CHECK_FALSE(sd_watchdog_interval());
  ::unsetenv("WATCHDOG_USEC");
  ::unsetenv("WATCHDOG_PID");
  CHECK_FALSE(sd_watchdog_interval());
}
