// The one reader of key and secret files (the exchange secret, the pseudonym key, the seal key, the
// exchange simulator's secret). The rule, the same for all of them:
//
//   A key file holds the key on one line: printable ASCII without spaces (0x21..0x7E), optionally
//   followed by one line end ("\n" or "\r\n"). Nothing is trimmed silently: an empty file, a
//   second line, a space, a tab or any other byte is refused with the reason.
//
// What the key must look like beyond that (64 hex digits for the seal key, a minimum length) is
// the caller's rule. `key_file_exposure` is the production check of who may read the file.
#pragma once

#include <expected>
#include <optional>
#include <string>

namespace kiosk::oq {

// The key, or "<path>: <what is wrong>".
std::expected<std::string, std::string> read_key_file(const std::string& path);

// Set when the file's mode lets anyone but its owner and group read it, or its group write it
// ("<path>: readable by others (mode 0644); chmod 0640"); nullopt when the mode is safe or the
// file cannot be inspected (reading it reports that).
std::optional<std::string> key_file_exposure(const std::string& path);

}  // namespace kiosk::oq
