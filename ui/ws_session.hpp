// Internal to the UI server: one WebSocket client on one channel. Sends are queued (one write in
// flight); a client that falls kMaxQueued messages behind is disconnected rather than buffered
// without bound.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <memory>

#include "ui/channel.hpp"
#include "ui/replay_cache.hpp"

namespace kiosk::ui::detail {

class ServerState;

class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  static constexpr std::size_t kMaxQueued = 256;
  // Messages above the 64 KiB client limit are still read (then dropped with a log line, the
  // connection kept); beyond this frame limit Beast fails the read and the connection is closed.
  static constexpr std::size_t kMaxReadBytes = 1024 * 1024;

  WsSession(boost::beast::tcp_stream&& stream, Channel ch, std::shared_ptr<ServerState> state);

  // Completes the upgrade of `req` (already read by the HTTP session).
  void run(boost::beast::http::request<boost::beast::http::string_body> req);
  void send(ReplayCache::Text text);
  // Closes with "going away" once the write in flight (if any) is done.
  void close();

 private:
  void on_accept(boost::beast::error_code ec);
  void read_next();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void write_next();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void close_now();
  void end(std::string_view why);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  Channel channel_;
  std::shared_ptr<ServerState> state_;
  boost::beast::flat_buffer buffer_;
  std::deque<ReplayCache::Text> queue_;  // waiting to be written
  ReplayCache::Text in_flight_;          // kept alive until its write completes
  bool open_ = false;
  bool writing_ = false;
  bool close_requested_ = false;
  bool closing_ = false;
  bool ended_ = false;
};

}  // namespace kiosk::ui::detail
