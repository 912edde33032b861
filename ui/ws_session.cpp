#include "ui/ws_session.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "ui/server_state.hpp"

namespace kiosk::ui::detail {
namespace beast = boost::beast;
namespace websocket = beast::websocket;

WsSession::WsSession(beast::tcp_stream&& stream, Channel ch, std::shared_ptr<ServerState> state)
    : ws_(std::move(stream)), channel_(ch), state_(std::move(state)) {}

void WsSession::run(beast::http::request<beast::http::string_body> req) {
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "kiosk-ui"); }));
  ws_.read_message_max(kMaxReadBytes);
  ws_.text(true);
  ws_.async_accept(req, [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
}

void WsSession::on_accept(beast::error_code ec) {
  if (ec) return end("handshake_failed");
  open_ = true;
  state_->join(channel_, shared_from_this());
  read_next();
}

void WsSession::read_next() {
  ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
    self->on_read(ec, bytes);
  });
}

void WsSession::on_read(beast::error_code ec, std::size_t) {
  if (ec == websocket::error::closed) return end("closed_by_client");
  if (ec == websocket::error::message_too_big) return end("frame_too_big");
  if (ec) return end("read_failed");
  if (!ws_.got_text()) {
    state_->log("warn", "ui.message_dropped",
                "channel=" + std::string(channel_name(channel_)) + " reason=binary");
  } else {
    const auto text = beast::buffers_to_string(buffer_.data());
    state_->receive(channel_, text);
  }
  buffer_.consume(buffer_.size());
  if (!ended_) read_next();
}

void WsSession::send(ReplayCache::Text text) {
  if (close_requested_ || ended_) return;
  if (queue_.size() >= kMaxQueued) {
    state_->log("warn", "ui.client_too_slow", "channel=" + std::string(channel_name(channel_)));
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    return end("too_slow");
  }
  queue_.push_back(std::move(text));
  if (open_ && !writing_) write_next();
}

void WsSession::write_next() {
  writing_ = true;
  in_flight_ = std::move(queue_.front());
  queue_.pop_front();
  ws_.async_write(boost::asio::buffer(*in_flight_),
                  [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                    self->on_write(ec, bytes);
                  });
}

void WsSession::on_write(beast::error_code ec, std::size_t) {
  writing_ = false;
  in_flight_.reset();
  if (ec) return end("write_failed");
  if (close_requested_) return close_now();
  if (!queue_.empty()) write_next();
}

void WsSession::close() {
  if (close_requested_ || ended_) return;
  close_requested_ = true;
  queue_.clear();
  if (!open_) {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    return;
  }
  if (!writing_) close_now();
}

void WsSession::close_now() {
  if (closing_) return;
  closing_ = true;
  ws_.async_close(websocket::close_code::going_away,
                  [self = shared_from_this()](beast::error_code) { self->end("server_closed"); });
}

void WsSession::end(std::string_view why) {
  if (ended_) return;
  ended_ = true;
  queue_.clear();
  state_->leave(channel_, this);
  state_->log("info", "ui.client_left",
              "channel=" + std::string(channel_name(channel_)) + " reason=" + std::string(why));
}

}  // namespace kiosk::ui::detail
