#include "kiosk/observe/ctl_server.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <filesystem>
#include <istream>
#include <vector>

#include "kiosk/log.hpp"
#include "kiosk/observe/ctl_peer.hpp"

namespace kiosk::app {

namespace asio = boost::asio;
using Socket = asio::local::stream_protocol::socket;

namespace {
constexpr auto kIdle = std::chrono::seconds(60);
constexpr std::size_t kMaxSessions = 8;

std::expected<PeerIdentity, std::string> peer_of(Socket& s) {
  ucred cred{};
  socklen_t len = sizeof cred;
  if (getsockopt(s.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
    return std::unexpected(std::string("SO_PEERCRED failed"));
  PeerIdentity p{cred.uid, cred.gid, {}};
  std::vector<gid_t> groups(64);
  socklen_t glen = static_cast<socklen_t>(groups.size() * sizeof(gid_t));
  if (getsockopt(s.native_handle(), SOL_SOCKET, SO_PEERGROUPS, groups.data(), &glen) == 0) {
    groups.resize(glen / sizeof(gid_t));
    p.groups = std::move(groups);
  }
  return p;
}
}  // namespace

struct CtlServer::State : std::enable_shared_from_this<CtlServer::State> {
  State(asio::io_context& io, const CtlDispatcher& d) : io(io), acceptor(io), dispatcher(d) {}
  asio::io_context& io;
  asio::local::stream_protocol::acceptor acceptor;
  const CtlDispatcher& dispatcher;
  bool stopped = false;
  std::vector<std::weak_ptr<Socket>> sessions;

  std::size_t live() {
    std::erase_if(sessions, [](const auto& w) { return w.expired(); });
    return sessions.size();
  }
  void accept_next();
  void serve(std::shared_ptr<Socket> sock);
};

namespace {
struct Session : std::enable_shared_from_this<Session> {
  Session(std::shared_ptr<Socket> s, std::shared_ptr<CtlServer::State> st, asio::io_context& io)
      : sock(std::move(s)), state(std::move(st)), timer(io), buf(kMaxCtlLineBytes + 1) {}
  std::shared_ptr<Socket> sock;
  std::shared_ptr<CtlServer::State> state;
  asio::steady_timer timer;
  asio::streambuf buf;
  std::string out;

  void close() {
    boost::system::error_code ec;
    timer.cancel();
    sock->close(ec);
  }
  void read() {
    if (state->stopped) return close();
    timer.expires_after(kIdle);
    timer.async_wait([self = shared_from_this()](auto ec) {
      if (!ec) self->close();
    });
    asio::async_read_until(*sock, buf, '\n',
                           [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                             self->on_line(ec);
                           });
  }
  void on_line(boost::system::error_code ec) {
    if (state->stopped) return close();
    if (ec == asio::error::not_found) {  // a line longer than the limit
      answer(ctl_error("too_long", "a request is one line of at most 64 KiB").dump(), true);
      return;
    }
    if (ec) return close();
    std::istream in(&buf);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) return read();
    state->dispatcher.answer_async(line, [self = shared_from_this()](std::string text) {
      self->answer(std::move(text), false);
    });
  }
  void answer(std::string text, bool then_close) {
    out = std::move(text) + "\n";
    asio::async_write(
        *sock, asio::buffer(out),
        [self = shared_from_this(), then_close](boost::system::error_code ec, std::size_t) {
          if (ec || then_close) return self->close();
          self->read();
        });
  }
};
}  // namespace

void CtlServer::State::accept_next() {
  if (stopped) return;
  acceptor.async_accept([self = shared_from_this()](boost::system::error_code ec, Socket s) {
    if (self->stopped) return;
    if (!ec) self->serve(std::make_shared<Socket>(std::move(s)));
    self->accept_next();
  });
}

void CtlServer::State::serve(std::shared_ptr<Socket> sock) {
  auto peer = peer_of(*sock);
  auto session = std::make_shared<Session>(sock, shared_from_this(), io);
  if (!peer || !ctl_peer_allowed(*peer, geteuid(), getegid())) {
    log_event(LogLevel::Warn, "ctl.refused",
              {{"uid", peer ? std::to_string(peer->uid) : "unknown"},
               {"reason", peer ? "not_kiosk_group" : peer.error()}});
    session->answer(
        ctl_error("forbidden", "only root, the kiosk's user or its group may use this socket")
            .dump(),
        true);
    return;
  }
  if (live() >= kMaxSessions) {
    session->answer(ctl_error("busy", "too many ctl connections").dump(), true);
    return;
  }
  sessions.push_back(sock);
  session->read();
}

CtlServer::CtlServer(asio::io_context& io, std::string path, const CtlDispatcher& dispatcher)
    : path_(std::move(path)), state_(std::make_shared<State>(io, dispatcher)) {}

CtlServer::~CtlServer() { stop(); }

std::expected<void, std::string> CtlServer::start() {
  namespace fs = std::filesystem;
  std::error_code fec;
  if (fs::exists(fs::symlink_status(path_, fec))) {
    if (!fs::is_socket(fs::symlink_status(path_, fec)))
      return std::unexpected(path_ + " exists and is not a socket: not replaced");
    Socket probe(state_->io);
    boost::system::error_code ec;
    probe.connect(asio::local::stream_protocol::endpoint(path_), ec);
    if (!ec) return std::unexpected(path_ + ": another kiosk is listening there");
    fs::remove(path_, fec);  // stale, from a crash
  }
  auto parent = fs::path(path_).parent_path();
  if (!parent.empty()) fs::create_directories(parent, fec);
  boost::system::error_code ec;
  auto& a = state_->acceptor;
  a.open(asio::local::stream_protocol(), ec);
  if (!ec) a.bind(asio::local::stream_protocol::endpoint(path_), ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return std::unexpected(path_ + ": " + ec.message());
  if (::chmod(path_.c_str(), 0660) != 0 ||
      ::chown(path_.c_str(), static_cast<uid_t>(-1), getegid()) != 0) {
    stop();
    return std::unexpected(path_ + ": cannot set mode 0660 and the kiosk's group");
  }
  state_->accept_next();
  return {};
}

void CtlServer::stop() {
  if (state_->stopped) return;
  state_->stopped = true;
  boost::system::error_code ec;
  if (state_->acceptor.is_open()) {
    state_->acceptor.close(ec);
    std::error_code fec;
    std::filesystem::remove(path_, fec);
  }
  for (auto& w : state_->sessions)
    if (auto s = w.lock()) s->close(ec);
}

}  // namespace kiosk::app
