#include "offline_queue/key_file.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>

namespace kiosk::oq {

namespace {

constexpr std::size_t kMaxKeyFile = 4096;  // a key file is one short line

std::string byte_name(unsigned char c) {
  if (c == ' ') return "a space";
  if (c == '\t') return "a tab";
  if (c == '\n' || c == '\r') return "more than one line";
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return std::string("the byte ") + buf;
}

}  // namespace

std::expected<std::string, std::string> read_key_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(path + ": cannot be read");
  // At most one byte past the limit: a config naming /dev/zero or a huge file must not make the
  // kiosk read it all.
  std::string text(kMaxKeyFile + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxKeyFile) return std::unexpected(path + ": too long for a key file");
  if (text.ends_with("\r\n"))
    text.resize(text.size() - 2);
  else if (text.ends_with('\n'))
    text.pop_back();
  if (text.empty()) return std::unexpected(path + ": empty");
  for (unsigned char c : text)
    if (c < 0x21 || c > 0x7E)
      return std::unexpected(path + ": holds " + byte_name(c) +
                             " (a key file is one line of printable characters without spaces)");
  return text;
}

std::optional<std::string> key_file_exposure(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  const auto mode = static_cast<unsigned>(st.st_mode & 07777);
  if ((mode & (S_IRWXO | S_IWGRP)) == 0) return std::nullopt;
  char octal[8];
  std::snprintf(octal, sizeof octal, "%04o", mode);
  return path + ": " + ((mode & S_IROTH) ? "readable by others" : "open to others") + " (mode " +
         octal + "); chmod 0640 (owner root, group kiosk) or 0600";
}

}  // namespace kiosk::oq
