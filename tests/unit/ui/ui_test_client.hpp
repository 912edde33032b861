// Test-side clients for the UI server: a running server on its own io_context thread, a blocking
// HTTP GET, and a WebSocket client whose reads time out.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ui/ui_server.hpp"

namespace ui_test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// A fresh folder under the system temp dir, removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("kiosk-ui-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  void write(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories((path / rel).parent_path());
    std::ofstream(path / rel) << text;
  }
};

// Waits for values pushed from the io_context thread.
template <class T>
class Inbox {
 public:
  void push(T v) {
    std::lock_guard lock(mutex_);
    items_.push_back(std::move(v));
    cv_.notify_all();
  }
  // Waits until at least n items arrived; returns all items so far.
  std::vector<T> wait_for(std::size_t n, std::chrono::milliseconds timeout = 3000ms) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return items_.size() >= n; });
    return items_;
  }
  std::vector<T> items() {
    std::lock_guard lock(mutex_);
    return items_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<T> items_;
};

// A UiServer on an ephemeral port, its io_context run by a thread; log lines are captured.
struct RunningServer {
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  Inbox<std::string> log;
  std::optional<kiosk::ui::UiServer> server;
  std::thread thread;

  explicit RunningServer(kiosk::ui::UiServerConfig config) {
    config.port = 0;
    config.log = [this](std::string_view line) { log.push(std::string(line)); };
    server.emplace(ioc, std::move(config));
  }
  std::expected<void, std::string> start() {
    auto r = server->start();
    thread = std::thread([this] { ioc.run(); });
    return r;
  }
  // Runs fn on the io_context thread and waits for it.
  template <class F>
  void on_io(F fn) {
    std::promise<void> done;
    asio::post(ioc, [&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }
  bool logged(const std::string& needle) {
    for (auto& line : log.items()) {
      if (line.find(needle) != std::string::npos) return true;
    }
    return false;
  }
  ~RunningServer() {
    if (!thread.joinable()) return;
    on_io([&] { server->stop(); });
    work.reset();
    // Let the closing handshakes finish, then stop whatever is left.
    std::this_thread::sleep_for(20ms);
    ioc.stop();
    thread.join();
  }
  std::uint16_t port() const { return server->port(); }
};

struct HttpReply {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

inline HttpReply http_get(std::uint16_t port, const std::string& target,
                          const std::string& host = "", http::verb verb = http::verb::get) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  http::request<http::empty_body> req{verb, target, 11};
  req.set(http::field::host, host.empty() ? "127.0.0.1:" + std::to_string(port) : host);
  req.keep_alive(false);
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.skip(verb == http::verb::head);
  http::read(socket, buffer, parser);
  auto res = parser.release();
  return {res.result_int(), std::string(res[http::field::content_type]), res.body()};
}

// A WebSocket client; every operation runs its own io_context for at most `timeout`. It sends the
// page's own Origin ("http://127.0.0.1:PORT") unless told another one; "" sends no Origin at all.
class WsClient {
 public:
  explicit WsClient(std::uint16_t port, const std::string& path = "/ws",
                    std::optional<std::string> origin = std::nullopt) {
    auto& socket = ws_.next_layer();
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    const std::string sent = origin.value_or("http://127.0.0.1:" + std::to_string(port));
    ws_.set_option(websocket::stream_base::decorator([sent](websocket::request_type& req) {
      if (!sent.empty()) req.set(http::field::origin, sent);
    }));
    ws_.handshake("127.0.0.1:" + std::to_string(port), path);
  }
  void send(const std::string& text) { ws_.write(asio::buffer(text)); }
  // The next text message, or nullopt on timeout or close.
  std::optional<std::string> read(std::chrono::milliseconds timeout = 2000ms) {
    beast::flat_buffer buffer;
    std::optional<std::string> out;
    bool done = false;
    ws_.async_read(buffer, [&](beast::error_code ec, std::size_t) {
      done = true;
      if (!ec) out = beast::buffers_to_string(buffer.data());
      last_error = ec;
    });
    ioc_.restart();
    ioc_.run_for(timeout);
    if (!done) {
      beast::error_code ignored;
      ws_.next_layer().cancel(ignored);
      ioc_.restart();
      ioc_.run();
    }
    return out;
  }
  beast::error_code last_error;

 private:
  asio::io_context ioc_;
  websocket::stream<tcp::socket> ws_{ioc_};
};

}  // namespace ui_test
