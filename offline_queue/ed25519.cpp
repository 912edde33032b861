#include "offline_queue/ed25519.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <sstream>

namespace kiosk::oq {
namespace {

std::shared_ptr<EVP_PKEY> own(EVP_PKEY* k) { return {k, EVP_PKEY_free}; }

std::expected<std::string, std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(path + ": cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (ss.str().size() > 16 * 1024) return std::unexpected(path + ": too large for a PEM key");
  return ss.str();
}

std::shared_ptr<EVP_PKEY> read_pem(std::string_view pem, bool priv) {
  if (pem.size() > 16 * 1024) return nullptr;
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) return nullptr;
  EVP_PKEY* k = priv ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                     : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  return own(k);
}

std::string write_pem(EVP_PKEY* k, bool priv) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio) return {};
  int ok = priv ? PEM_write_bio_PrivateKey(bio.get(), k, nullptr, nullptr, 0, nullptr, nullptr)
                : PEM_write_bio_PUBKEY(bio.get(), k);
  if (ok != 1) return {};
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace

std::expected<Ed25519PublicKey, std::string> Ed25519PublicKey::from_pem(std::string_view pem) {
  auto k = read_pem(pem, false);
  if (!k) return std::unexpected("not a PEM public key");
  if (EVP_PKEY_get_id(k.get()) != EVP_PKEY_ED25519) return std::unexpected("not an Ed25519 key");
  Ed25519PublicKey out;
  out.key_ = std::move(k);
  return out;
}

std::expected<Ed25519PublicKey, std::string> Ed25519PublicKey::from_pem_file(
    const std::string& path) {
  auto text = slurp(path);
  if (!text) return std::unexpected(text.error());
  auto k = from_pem(*text);
  if (!k) return std::unexpected(path + ": " + k.error());
  return k;
}

bool Ed25519PublicKey::verify(std::string_view message, std::string_view signature) const {
  if (!key_ || signature.size() != 64) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1)
    return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

std::string Ed25519PublicKey::pem() const { return key_ ? write_pem(key_.get(), false) : ""; }

std::expected<Ed25519PrivateKey, std::string> Ed25519PrivateKey::generate() {
  EVP_PKEY* k = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (!k) return std::unexpected("Ed25519 key generation failed");
  Ed25519PrivateKey out;
  out.key_ = own(k);
  return out;
}

std::expected<Ed25519PrivateKey, std::string> Ed25519PrivateKey::from_pem(std::string_view pem) {
  auto k = read_pem(pem, true);
  if (!k) return std::unexpected("not a PEM private key");
  if (EVP_PKEY_get_id(k.get()) != EVP_PKEY_ED25519) return std::unexpected("not an Ed25519 key");
  Ed25519PrivateKey out;
  out.key_ = std::move(k);
  return out;
}

std::expected<Ed25519PrivateKey, std::string> Ed25519PrivateKey::from_pem_file(
    const std::string& path) {
  auto text = slurp(path);
  if (!text) return std::unexpected(text.error());
  auto k = from_pem(*text);
  if (!k) return std::unexpected(path + ": " + k.error());
  return k;
}

std::string Ed25519PrivateKey::sign(std::string_view message) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1) return {};
  std::string sig(64, '\0');
  std::size_t n = sig.size();
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &n,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1)
    return {};
  sig.resize(n);
  return sig;
}

std::string Ed25519PrivateKey::pem() const { return key_ ? write_pem(key_.get(), true) : ""; }
std::string Ed25519PrivateKey::public_pem() const {
  return key_ ? write_pem(key_.get(), false) : "";
}
Ed25519PublicKey Ed25519PrivateKey::public_key() const {
  return *Ed25519PublicKey::from_pem(public_pem());
}

}  // namespace kiosk::oq
