// The `kiosk ctl` socket: a Unix stream socket on the io_context (path from `ctl.socket_path`),
// created mode 0660 in the kiosk's group (its effective gid). Each connection's peer is checked
// (ctl_peer.hpp) before anything is read; a refused peer gets one `forbidden` answer and is
// closed. Then: one JSON request per line, one answer per line, through the CtlDispatcher, on the
// io_context's thread. An idle connection is closed after a minute; at most 8 at once.
// A stale socket file left by a crash is replaced; a live one (another kiosk answering) is not.
#pragma once

#include <boost/asio/io_context.hpp>
#include <expected>
#include <memory>
#include <string>

#include "kiosk/observe/ctl_protocol.hpp"

namespace kiosk::app {

class CtlServer {
 public:
  CtlServer(boost::asio::io_context& io, std::string path, const CtlDispatcher& dispatcher);
  ~CtlServer();  // stop()
  CtlServer(const CtlServer&) = delete;
  CtlServer& operator=(const CtlServer&) = delete;

  std::expected<void, std::string> start();
  void stop();  // closes the listener and every connection, removes the socket file
  const std::string& path() const { return path_; }

  struct State;

 private:
  std::string path_;
  std::shared_ptr<State> state_;
};

}  // namespace kiosk::app
