// The config's key files, each read by the one key-file rule (offline_queue/key_file.hpp: one line
// of printable characters without spaces, one optional line end, nothing trimmed silently) and
// resolved from the config file's folder. Their own rules on top: the pseudonym key has at least 32
// characters, the seal key is 64 hex digits. Errors read "<key> <path>: <what is wrong>".
#pragma once

#include <expected>
#include <string>

#include "kiosk/config/kiosk_config.hpp"
#include "offline_queue/ed25519.hpp"
#include "offline_queue/sealed_box.hpp"

namespace kiosk::app {

std::expected<std::string, std::string> read_exchange_secret(const KioskConfig& c);
std::expected<std::string, std::string> read_pseudonym_key(const KioskConfig& c);
std::expected<oq::SealKey, std::string> read_seal_key(const KioskConfig& c);
// The operator's command key (operator.command_public_key_file): a PEM Ed25519 public key.
std::expected<oq::Ed25519PublicKey, std::string> read_command_public_key(const KioskConfig& c);

// The shortest secret or key a production kiosk accepts (bytes).
inline constexpr std::size_t kMinSecretBytes = 32;

}  // namespace kiosk::app
