// Ed25519 keys for operator commands (OpenSSL EVP_PKEY_ED25519): PEM in (SubjectPublicKeyInfo for
// the public half, PKCS#8 for the private half, as `openssl genpkey -algorithm ed25519` writes
// them), raw 64-byte signatures out and in. A key object is parsed once and reused; verifying
// allocates one digest context and nothing else. Not thread-safe per object.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>

struct evp_pkey_st;

namespace kiosk::oq {

class Ed25519PublicKey {
 public:
  // The key, or what is wrong ("not a PEM public key", "not an Ed25519 key").
  static std::expected<Ed25519PublicKey, std::string> from_pem(std::string_view pem);
  // As from_pem, with "<path>: " before any error.
  static std::expected<Ed25519PublicKey, std::string> from_pem_file(const std::string& path);

  // True when `signature` (64 raw bytes) is a valid signature of `message`.
  bool verify(std::string_view message, std::string_view signature) const;
  std::string pem() const;

 private:
  std::shared_ptr<evp_pkey_st> key_;
};

class Ed25519PrivateKey {
 public:
  static std::expected<Ed25519PrivateKey, std::string> generate();
  static std::expected<Ed25519PrivateKey, std::string> from_pem(std::string_view pem);
  static std::expected<Ed25519PrivateKey, std::string> from_pem_file(const std::string& path);

  // The 64-byte signature of `message`.
  std::string sign(std::string_view message) const;
  std::string pem() const;         // PKCS#8 "PRIVATE KEY"
  std::string public_pem() const;  // SubjectPublicKeyInfo "PUBLIC KEY"
  Ed25519PublicKey public_key() const;

 private:
  std::shared_ptr<evp_pkey_st> key_;
};

}  // namespace kiosk::oq
