// The config's key files are read by one rule (offline_queue/key_file.hpp): one line, one optional
// line end, nothing trimmed silently. The first cases held before that rule too; the others are
// what the old readers trimmed or ignored (a second line, a trailing tab or space).
#include "kiosk/config/key_files.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kiosk/runtime/runtime_parts.hpp"

using namespace kiosk::app;
namespace fs = std::filesystem;

namespace {

struct KeyDir {
  fs::path dir = fs::temp_directory_path() / ("kiosk-key-files-" + std::to_string(::getpid()));
  KeyDir() { fs::create_directories(dir); }
  ~KeyDir() { fs::remove_all(dir); }
  // A config in this folder whose three key files hold `text`.
  KioskConfig config_with(const std::string& text) {
    std::ofstream(dir / "k.txt", std::ios::binary) << text;
    KioskConfig c;
    c.source_path = (dir / "kiosk.json").string();
    c.exchange.secret_file = "k.txt";
    c.compliance.pseudonym_key_file = "k.txt";
    c.compliance.seal_key_file = "k.txt";
    return c;
  }
};

const std::string k64(64, 'a');

}  // namespace

TEST_CASE("the exchange secret is the file's one line, with or without its line end") {
  KeyDir d;
  CHECK(read_secret(d.config_with(k64 + "\n")) == k64);
  CHECK(read_secret(d.config_with(k64 + "\r\n")) == k64);
  CHECK(read_secret(d.config_with(k64)) == k64);
  CHECK_FALSE(read_secret(d.config_with("")));
  CHECK_FALSE(read_secret(d.config_with("\n")));
}

TEST_CASE("an exchange secret file with a second line is refused, not cut to its first line") {
  KeyDir d;
  auto r = read_secret(d.config_with(k64 + "\nsecond line\n"));
  REQUIRE_FALSE(r);
  CHECK(r.error().find("more than one line") != std::string::npos);
  CHECK_FALSE(read_secret(d.config_with(k64 + "\n\n")));
}

TEST_CASE("an exchange secret with a space or tab is refused, not trimmed") {
  KeyDir d;
  auto tab = read_secret(d.config_with(k64 + "\t\n"));
  REQUIRE_FALSE(tab);
  CHECK(tab.error().find("a tab") != std::string::npos);
  CHECK(tab.error().find("exchange.secret_file") != std::string::npos);
  auto space = read_secret(d.config_with(k64 + " \n"));
  REQUIRE_FALSE(space);
  CHECK(space.error().find("a space") != std::string::npos);
  CHECK_FALSE(read_secret(d.config_with(" " + k64 + "\n")));
}

TEST_CASE("the pseudonym key follows the same rule and has at least 32 characters") {
  KeyDir d;
  CHECK(read_pseudonym_key(d.config_with(k64 + "\n")) == k64);
  CHECK_FALSE(read_pseudonym_key(d.config_with(k64 + " \n")));
  CHECK_FALSE(read_pseudonym_key(d.config_with(k64 + "\nmore\n")));
  auto short_key = read_pseudonym_key(d.config_with(std::string(31, 'a') + "\n"));
  REQUIRE_FALSE(short_key);
  CHECK(short_key.error().find("shorter than 32") != std::string::npos);
}

TEST_CASE("the seal key follows the same rule and is 64 hex digits") {
  KeyDir d;
  auto k = read_seal_key(d.config_with(k64 + "\r\n"));
  REQUIRE(k);
  CHECK(k->bytes() == std::string(32, '\xaa'));
  CHECK_FALSE(read_seal_key(d.config_with(k64 + "\n\n")));
  auto bad = read_seal_key(d.config_with("zz" + std::string(62, 'a') + "\n"));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().find("compliance.seal_key_file") != std::string::npos);
}
