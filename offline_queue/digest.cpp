#include "offline_queue/digest.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

namespace kiosk::oq {

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0x0f]);
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  // Fetched once: SHA256() looks the algorithm up in OpenSSL 3's providers on every call, which
  // cost more than hashing a journal row.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned char md[SHA256_DIGEST_LENGTH];
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  if (kSha256 == nullptr || EVP_Digest(in, data.size(), md, nullptr, kSha256, nullptr) != 1)
    SHA256(in, data.size(), md);
  return to_hex(std::string_view(reinterpret_cast<const char*>(md), sizeof md));
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // An empty key is legal for HMAC; OpenSSL wants a non-null pointer for it.
  static const unsigned char kEmpty = 0;
  const void* k = key.empty() ? static_cast<const void*>(&kEmpty) : key.data();
  HMAC(EVP_sha256(), k, static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
  return to_hex(std::string_view(reinterpret_cast<const char*>(md), len));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace kiosk::oq
