#include "devices/device_link.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

namespace kiosk::devices {

Millis ReconnectBackoff::delay(int attempt) const {
  Millis d = std::max(first, Millis{1});
  const Millis cap = std::max(max, d);
  for (int i = 0; i < attempt && d < cap; ++i) d *= 2;
  return std::min(d, cap);
}

// The runner's transport, seen through the link: everything passes through, and the first error
// also tells the link (after the runner's own handler has run).
class DeviceLink::Watched final : public Transport {
 public:
  Watched(std::unique_ptr<Transport> inner, DeviceLink* link, std::uint64_t id)
      : inner_(std::move(inner)), io_(link->io_), link_(link), alive_(link->alive_), id_(id) {}

  void start(OnBytes on_bytes, OnError on_error) override {
    inner_->start(std::move(on_bytes),
                  [this, forward = std::move(on_error)](const std::string& why) {
                    if (forward) forward(why);
                    boost::asio::post(io_, [link = link_, alive = alive_, id = id_, why] {
                      if (*alive) link->lost(id, why);
                    });
                  });
  }
  void write(ByteView bytes) override { inner_->write(bytes); }
  void close() override { inner_->close(); }
  std::string describe() const override { return inner_->describe(); }

 private:
  std::unique_ptr<Transport> inner_;
  boost::asio::io_context& io_;
  DeviceLink* link_;  // used only while *alive_
  std::shared_ptr<bool> alive_;
  std::uint64_t id_;
};

DeviceLink::DeviceLink(boost::asio::io_context& io, std::string name, Open open,
                       ReconnectBackoff backoff)
    : io_(io), name_(std::move(name)), open_(std::move(open)), backoff_(backoff), timer_(io) {}

DeviceLink::~DeviceLink() {
  *alive_ = false;
  timer_.cancel();
  while (!held_.empty()) held_.pop_back();  // newest first: a hotplug watch before its context
}

std::unique_ptr<Transport> DeviceLink::watch(std::unique_ptr<Transport> t) {
  if (!t) return t;
  return std::make_unique<Watched>(std::move(t), this, ++current_);
}

std::expected<std::unique_ptr<Transport>, std::string> DeviceLink::open_now() {
  auto t = open_();
  if (!t) return std::unexpected(t.error());
  return watch(std::move(*t));
}

void DeviceLink::arrived() {
  if (!down_) return;
  timer_.cancel();
  boost::asio::post(io_, [this, alive = alive_] {
    if (*alive && down_) try_open();
  });
}

void DeviceLink::lost(std::uint64_t id, const std::string& why) {
  if (id != current_ || down_) return;  // an older transport, or already reconnecting
  down_ = true;
  attempts_ = 0;
  note("lost", why);
  schedule();
}

void DeviceLink::schedule() {
  timer_.expires_after(backoff_.delay(attempts_));
  timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (ec || !*alive || !down_) return;
    try_open();
  });
}

void DeviceLink::try_open() {
  timer_.cancel();
  auto t = open_();
  ++attempts_;
  if (!t) {
    if (attempts_ == 1 || attempts_ % 10 == 0) note("retry_failed", t.error());
    schedule();
    return;
  }
  down_ = false;
  ++reconnects_;
  std::string what = (*t)->describe();
  note("reconnected", what);
  if (attach_) attach_(watch(std::move(*t)));
}

void DeviceLink::note(const std::string& what, const std::string& detail) {
  if (note_) note_(what, detail);
}

}  // namespace kiosk::devices
