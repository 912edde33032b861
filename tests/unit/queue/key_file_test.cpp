// The one key-file rule: one line of printable characters without spaces, one optional line end.
#include "offline_queue/key_file.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using kiosk::oq::key_file_exposure;
using kiosk::oq::read_key_file;
namespace fs = std::filesystem;

namespace {
std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) {
  auto p = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  std::ofstream(p, std::ios::binary) << text;
  ::chmod(p.c_str(), mode);
  return p.string();
}
}  // namespace

TEST_CASE("a key file is its one line; one LF or CRLF after it is not part of the key") {
  for (const char* text : {"s3cr3t-KEY_0123", "s3cr3t-KEY_0123\n", "s3cr3t-KEY_0123\r\n"}) {
    auto p = write("kf-good", text);
    CHECK(read_key_file(p) == "s3cr3t-KEY_0123");
    fs::remove(p);
  }
}

TEST_CASE("anything else in a key file is refused with the reason, never trimmed") {
  struct Case {
    const char* text;
    const char* reason;
  };
  for (auto [text, reason] :
       {Case{"", "empty"}, Case{"\n", "empty"}, Case{"key \n", "a space"}, Case{"key\t\n", "a tab"},
        Case{"key\n\n", "more than one line"}, Case{"key\nother\n", "more than one line"},
        Case{"key\r\r\n", "more than one line"}, Case{"k\xC3\xA9y\n", "the byte 0xC3"}}) {
    CAPTURE(text);
    auto p = write("kf-bad", text);
    auto r = read_key_file(p);
    REQUIRE_FALSE(r);
    CHECK(r.error().find(reason) != std::string::npos);
    CHECK(r.error().find(p) == 0);  // names the file
    fs::remove(p);
  }
  CHECK_FALSE(read_key_file("/nonexistent/key"));
}

TEST_CASE(
    "a key file path naming an endless device or a huge file is refused without reading it all") {
  auto r = read_key_file("/dev/zero");  // before the fix: read until memory ran out
  REQUIRE_FALSE(r);
  CHECK(r.error().find("too long for a key file") != std::string::npos);
  auto p = write("kf-long", std::string(4097, 'k'));
  CHECK(read_key_file(p).error().find("too long") != std::string::npos);
  fs::remove(p);
  p = write("kf-limit", std::string(4096, 'k'));
  CHECK(read_key_file(p) == std::string(4096, 'k'));
  fs::remove(p);
}

TEST_CASE("a key file others may read, or its group write, is exposed") {
  auto p = write("kf-mode", "key\n", 0600);
  CHECK_FALSE(key_file_exposure(p));
  ::chmod(p.c_str(), 0640);
  CHECK_FALSE(key_file_exposure(p));
  ::chmod(p.c_str(), 0644);
  auto e = key_file_exposure(p);
  REQUIRE(e);
  CHECK(e->find("readable by others (mode 0644)") != std::string::npos);
  ::chmod(p.c_str(), 0660);
  CHECK(key_file_exposure(p));
  fs::remove(p);
}
