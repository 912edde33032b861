// Shared helpers for the queue tests: temporary database files, running an io_context until a
// condition holds, and a raw TCP server that answers with scripted (often broken) bytes.
#pragma once

// clang-format off
#include <utility>  // Boost 1.74's asio/awaitable.hpp uses std::exchange without including it
// clang-format on
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>

#include "offline_queue/exchange_types.hpp"

namespace kiosk::test {

// The exchange at `url` as the kiosk "kiosk-1" (secret "s3cret"), with short timeouts for tests.
inline oq::ExchangeEndpoint fast_endpoint(const std::string& url) {
  oq::ExchangeEndpoint e;
  e.url = url;
  e.kiosk_id = "kiosk-1";
  e.secret = "s3cret";
  e.connect_timeout = std::chrono::milliseconds(300);
  e.request_timeout = std::chrono::milliseconds(300);
  return e;
}

// A database path in the temp folder, removed (with its -wal and -shm files) on destruction.
class TempDb {
 public:
  TempDb() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    path_ = (std::filesystem::temp_directory_path() /
             ("queue-test-" + std::to_string(rd()) + "-" + std::to_string(counter++) + ".db"))
                .string();
  }
  ~TempDb() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs handlers until `done()` or `timeout`; true if done.
inline bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  io.restart();
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    io.run_one_for(std::chrono::milliseconds(5));
    if (io.stopped()) io.restart();
  }
  return true;
}

// Runs handlers for a while (to let things settle).
inline void run_for(boost::asio::io_context& io, std::chrono::milliseconds d) {
  run_until(
      io, [] { return false; }, d);
}

// Accepts connections; on each, reads one request head and writes reply(n) (n = 0, 1, ... per
// connection), then closes. An empty reply means "never answer" (hold the connection open).
class RawServer {
 public:
  using Reply = std::function<std::string(int connection_index)>;
  RawServer(boost::asio::io_context& io, Reply reply)
      : state_(std::make_shared<State>(io, std::move(reply))) {
    using boost::asio::ip::tcp;
    state_->acceptor.open(tcp::v4());
    state_->acceptor.bind(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    state_->acceptor.listen();
    boost::asio::co_spawn(io, accept_loop(state_), boost::asio::detached);
  }
  ~RawServer() {
    boost::system::error_code ec;
    state_->acceptor.close(ec);
    for (auto& s : state_->held) s->close(ec);
  }
  std::uint16_t port() const { return state_->acceptor.local_endpoint().port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  int connections() const { return state_->connections; }

 private:
  struct State {
    State(boost::asio::io_context& io, Reply r) : acceptor(io), reply(std::move(r)) {}
    boost::asio::ip::tcp::acceptor acceptor;
    Reply reply;
    int connections = 0;
    std::vector<std::shared_ptr<boost::asio::ip::tcp::socket>> held;
  };

  static boost::asio::awaitable<void> accept_loop(std::shared_ptr<State> st) {
    namespace asio = boost::asio;
    for (;;) {
      boost::system::error_code ec;
      auto sock = std::make_shared<asio::ip::tcp::socket>(
          co_await st->acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec)));
      if (ec) co_return;
      int index = st->connections++;
      asio::streambuf buf;
      co_await asio::async_read_until(*sock, buf, "\r\n\r\n",
                                      asio::redirect_error(asio::use_awaitable, ec));
      std::string reply = st->reply(index);
      if (reply.empty()) {
        st->held.push_back(sock);
        continue;
      }
      co_await asio::async_write(*sock, asio::buffer(reply),
                                 asio::redirect_error(asio::use_awaitable, ec));
      sock->close(ec);
    }
  }

  std::shared_ptr<State> state_;
};

}  // namespace kiosk::test
