#include "kiosk/observe/ctl_server.hpp"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cstring>
#include <filesystem>
#include <thread>

using namespace kiosk::app;
namespace fs = std::filesystem;

namespace {

// Sends `text` and reads up to the first line feed, on a thread, while `io` runs here.
std::string round_trip(boost::asio::io_context& io, const std::string& path, std::string text) {
  std::string answer;
  std::thread client([&] {
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      (void)::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
      char buf[512];
      while (answer.find('\n') == std::string::npos) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        answer.append(buf, static_cast<std::size_t>(n));
      }
    }
    ::close(fd);
  });
  for (int i = 0; i < 400 && answer.find('\n') == std::string::npos; ++i) {
    io.run_for(std::chrono::milliseconds(5));
    io.restart();
  }
  client.join();
  return answer;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("ctl-test-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("the ctl socket is 0660, answers one line per request, and goes away on stop") {
  TempDir dir;
  const std::string path = (dir.path / "ctl.sock").string();
  boost::asio::io_context io;
  CtlDispatcher d;
  d.add("status", [](const nlohmann::json&) { return ctl_ok({{"mode", "in_service"}}); });
  CtlServer server(io, path, d);
  REQUIRE(server.start());
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK(S_ISSOCK(st.st_mode));
  CHECK((st.st_mode & 0777) == 0660);
  CHECK(st.st_gid == ::getegid());

  auto a = nlohmann::json::parse(round_trip(io, path, "{\"cmd\":\"status\"}\n"));
  CHECK(a["result"]["mode"] == "in_service");
  auto two = round_trip(io, path, "{\"cmd\":\"nope\"}\n");
  CHECK(nlohmann::json::parse(two)["error"] == "unknown_command");
  auto junk = round_trip(io, path, "not json\n");
  CHECK(nlohmann::json::parse(junk)["error"] == "bad_request");
  auto huge = round_trip(io, path, std::string(kMaxCtlLineBytes + 10, 'x'));
  CHECK(nlohmann::json::parse(huge)["error"] == "too_long");

  // A second kiosk on the same path is refused while the first listens.
  CtlServer second(io, path, d);
  CHECK(!second.start());
  server.stop();
  CHECK(!fs::exists(path));
}

TEST_CASE("a stale socket file left by a crash is replaced; a regular file is not") {
  TempDir dir;
  const std::string path = (dir.path / "ctl.sock").string();
  boost::asio::io_context io;
  CtlDispatcher d;
  d.add("status", [](const nlohmann::json&) { return ctl_ok({}); });
  {
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);  // bound, never listening, then gone: stale
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    ::close(fd);
  }
  CtlServer server(io, path, d);
  CHECK(server.start());
  CHECK(nlohmann::json::parse(round_trip(io, path, "{\"cmd\":\"status\"}\n"))["ok"] == true);
  server.stop();

  const std::string file = (dir.path / "plain").string();
  {
    std::FILE* f = std::fopen(file.c_str(), "w");
    std::fclose(f);
  }
  CtlServer on_file(io, file, d);
  CHECK(!on_file.start());
  CHECK(fs::is_regular_file(file));
}
