// Test-only TLS material and server: self-signed certificates made with the OpenSSL API, and a
// TLS server that answers every request with a fixed HTTP response.
#pragma once

// clang-format off
#include <utility>  // Boost 1.74's asio/awaitable.hpp uses std::exchange without including it
// clang-format on
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fstream>
#include <memory>
#include <string>

namespace kiosk::test {

struct CertAndKey {
  std::string cert_pem;
  std::string key_pem;
};

namespace detail {
inline std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}
}  // namespace detail

// A self-signed P-256 certificate for `san` (e.g. "DNS:localhost,IP:127.0.0.1"), valid one day.
inline CertAndKey make_self_signed(const std::string& common_name, const std::string& san) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(x, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, san},
                            std::pair{NID_basic_constraints, std::string("critical,CA:TRUE")}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(x, key, EVP_sha256());
  BIO* cert_bio = BIO_new(BIO_s_mem());
  BIO* key_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cert_bio, x);
  PEM_write_bio_PrivateKey(key_bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  CertAndKey out{detail::bio_text(cert_bio), detail::bio_text(key_bio)};
  BIO_free(cert_bio);
  BIO_free(key_bio);
  X509_free(x);
  EVP_PKEY_free(key);
  return out;
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Serves TLS with `identity`; answers each request head with `reply`, keeps the connection.
class TlsServer {
 public:
  TlsServer(boost::asio::io_context& io, const CertAndKey& identity, std::string reply)
      : state_(std::make_shared<State>(io, std::move(reply))) {
    namespace asio = boost::asio;
    state_->ctx.use_certificate_chain(asio::buffer(identity.cert_pem));
    state_->ctx.use_private_key(asio::buffer(identity.key_pem), asio::ssl::context::pem);
    state_->acceptor.open(asio::ip::tcp::v4());
    state_->acceptor.bind(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    state_->acceptor.listen();
    asio::co_spawn(io, accept_loop(state_), asio::detached);
  }
  ~TlsServer() {
    boost::system::error_code ec;
    state_->acceptor.close(ec);
  }
  std::uint16_t port() const { return state_->acceptor.local_endpoint().port(); }
  int handshakes() const { return state_->handshakes; }

 private:
  struct State {
    State(boost::asio::io_context& io, std::string r)
        : ctx(boost::asio::ssl::context::tls_server), acceptor(io), reply(std::move(r)) {}
    boost::asio::ssl::context ctx;
    boost::asio::ip::tcp::acceptor acceptor;
    std::string reply;
    int handshakes = 0;
  };

  static boost::asio::awaitable<void> serve(std::shared_ptr<State> st,
                                            boost::asio::ip::tcp::socket sock) {
    namespace asio = boost::asio;
    boost::system::error_code ec;
    asio::ssl::stream<asio::ip::tcp::socket> tls(std::move(sock), st->ctx);
    co_await tls.async_handshake(asio::ssl::stream_base::server,
                                 asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    ++st->handshakes;
    asio::streambuf buf;
    for (;;) {
      co_await asio::async_read_until(tls, buf, "\r\n\r\n",
                                      asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      buf.consume(buf.size());
      co_await asio::async_write(tls, asio::buffer(st->reply),
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
    }
  }

  static boost::asio::awaitable<void> accept_loop(std::shared_ptr<State> st) {
    namespace asio = boost::asio;
    for (;;) {
      boost::system::error_code ec;
      auto sock = co_await st->acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      asio::co_spawn(st->acceptor.get_executor(), serve(st, std::move(sock)), asio::detached);
    }
  }

  std::shared_ptr<State> state_;
};

}  // namespace kiosk::test
