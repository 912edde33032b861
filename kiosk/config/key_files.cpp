#include "kiosk/config/key_files.hpp"

#include "offline_queue/key_file.hpp"

namespace kiosk::app {

std::expected<std::string, std::string> read_exchange_secret(const KioskConfig& c) {
  auto secret = oq::read_key_file(config_relative(c, c.exchange.secret_file));
  if (!secret) return std::unexpected("exchange.secret_file " + secret.error());
  return secret;
}

std::expected<std::string, std::string> read_pseudonym_key(const KioskConfig& c) {
  const auto path = config_relative(c, c.compliance.pseudonym_key_file);
  auto key = oq::read_key_file(path);
  if (!key) return std::unexpected("compliance.pseudonym_key_file " + key.error());
  if (key->size() < kMinSecretBytes)
    return std::unexpected("compliance.pseudonym_key_file " + path +
                           ": shorter than 32 characters");
  return key;
}

std::expected<oq::SealKey, std::string> read_seal_key(const KioskConfig& c) {
  auto key = oq::SealKey::from_file(config_relative(c, c.compliance.seal_key_file));
  if (!key) return std::unexpected("compliance.seal_key_file " + key.error().what);
  return *key;
}

std::expected<oq::Ed25519PublicKey, std::string> read_command_public_key(const KioskConfig& c) {
  auto key = oq::Ed25519PublicKey::from_pem_file(config_relative(c, c.commands.public_key_file));
  if (!key) return std::unexpected("operator.command_public_key_file " + key.error());
  return key;
}

}  // namespace kiosk::app
