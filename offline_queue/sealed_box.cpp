#include "offline_queue/sealed_box.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

#include "offline_queue/key_file.hpp"

namespace kiosk::oq {
namespace {

constexpr int kNonce = 12, kTag = 16;

using Ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* u8(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::expected<SealKey, SealError> SealKey::from_bytes(std::string_view bytes32) {
  if (bytes32.size() != 32) return std::unexpected(SealError{"the key must be 32 bytes"});
  SealKey k;
  k.key_ = std::string(bytes32);
  return k;
}

std::expected<SealKey, SealError> SealKey::from_file(const std::string& path) {
  auto text = read_key_file(path);
  if (!text) return std::unexpected(SealError{text.error()});
  if (text->size() != 64)
    return std::unexpected(SealError{path + ": the key file must hold 64 hex digits"});
  std::string raw;
  for (std::size_t i = 0; i < 64; i += 2) {
    int hi = hex_value((*text)[i]), lo = hex_value((*text)[i + 1]);
    if (hi < 0 || lo < 0)
      return std::unexpected(SealError{path + ": the key file must hold 64 hex digits"});
    raw += static_cast<char>(hi * 16 + lo);
  }
  return from_bytes(raw);
}

std::expected<std::string, SealError> seal(const SealKey& key, std::string_view plaintext,
                                           std::string_view context) {
  std::string box(kNonce + plaintext.size() + kTag, '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  if (RAND_bytes(out, kNonce) != 1) return std::unexpected(SealError{"no randomness"});
  Ctx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0;
  bool ok =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u8(key.bytes()), out) == 1;
  ok = ok && EVP_EncryptUpdate(ctx.get(), nullptr, &len, u8(context),
                               static_cast<int>(context.size())) == 1;
  ok = ok && EVP_EncryptUpdate(ctx.get(), out + kNonce, &len, u8(plaintext),
                               static_cast<int>(plaintext.size())) == 1;
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), out + kNonce + len, &len) == 1;
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag,
                                 out + kNonce + plaintext.size()) == 1;
  if (!ok) return std::unexpected(SealError{"encryption failed"});
  return box;
}

std::expected<std::string, SealError> open_sealed(const SealKey& key, std::string_view box,
                                                  std::string_view context) {
  if (box.size() < kNonce + kTag) return std::unexpected(SealError{"the box is too short"});
  std::size_t n = box.size() - kNonce - kTag;
  std::string plain(n, '\0');
  auto* out = reinterpret_cast<unsigned char*>(plain.data());
  Ctx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0;
  std::string tag(box.substr(kNonce + n));
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u8(key.bytes()),
                                      u8(box)) == 1;
  ok = ok && EVP_DecryptUpdate(ctx.get(), nullptr, &len, u8(context),
                               static_cast<int>(context.size())) == 1;
  ok = ok &&
       EVP_DecryptUpdate(ctx.get(), out, &len, u8(box.substr(kNonce)), static_cast<int>(n)) == 1;
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag.data()) == 1;
  ok = ok && EVP_DecryptFinal_ex(ctx.get(), out + len, &len) == 1;
  if (!ok) return std::unexpected(SealError{"the box does not open: wrong key, context or data"});
  return plain;
}

}  // namespace kiosk::oq
