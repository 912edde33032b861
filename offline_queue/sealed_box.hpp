// AES-256-GCM for personal data at rest (document and face images, MRZ fields): a sealed box is
//   nonce (12 random bytes) | ciphertext | tag (16 bytes)
// with `context` as additional authenticated data, so a box moved to another record (another
// transaction id or kind) fails to open. The 32-byte key comes from a file named in the config.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace kiosk::oq {

struct SealError {
  std::string what;
};

class SealKey {
 public:
  // The file holds 64 hex digits, read by the one key-file rule (offline_queue/key_file.hpp).
  static std::expected<SealKey, SealError> from_file(const std::string& path);
  static std::expected<SealKey, SealError> from_bytes(std::string_view bytes32);
  const std::string& bytes() const { return key_; }

 private:
  std::string key_;
};

std::expected<std::string, SealError> seal(const SealKey& key, std::string_view plaintext,
                                           std::string_view context);
std::expected<std::string, SealError> open_sealed(const SealKey& key, std::string_view box,
                                                  std::string_view context);

}  // namespace kiosk::oq
