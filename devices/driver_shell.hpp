// The Asio shell shared by the device runners (ValidatorRunner, DispenserRunner): it joins a
// sans-IO driver to a Transport on an io_context.
//
// It ticks the driver on a steady_timer at the driver's tick_interval (no busy waits), feeds it
// received bytes, writes what it asks to send, and delivers its events on the io_context thread,
// in order and never re-entrantly (an event handler may call the driver through run() at once:
// the command goes out immediately and the events it causes follow the current one).
//
// Link loss: a transport error (unplug, EOF) gives one LinkLost event at once. The driver is not
// told directly (the contracts have no such call): the shell stops writing to the link until the
// driver has timed out and declared the loss itself, so that when answers come back on the
// replacement transport the driver reports LinkRestored and re-initialises the device. A duplicate
// LinkLost from the driver is not passed on.
//
// `Driver` has on_bytes / on_tick (returning `Step` with `tx` and `events`), tick_interval() and
// protocol(); `Event` has `kind` (with Kind::LinkLost and Kind::LinkRestored) and `detail`.
// All methods must be called on the io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "devices/transport.hpp"
#include "flows/time.hpp"

namespace kiosk::devices {

template <class Driver, class Event, class Step>
class DriverShell {
 public:
  using OnEvent = std::function<void(const Event&)>;

  DriverShell(boost::asio::io_context& io, std::unique_ptr<Driver> driver,
              std::unique_ptr<Transport> transport, std::function<Instant()> now,
              const char* component)
      : io_(io),
        driver_(std::move(driver)),
        transport_(std::move(transport)),
        now_(std::move(now)),
        timer_(io),
        component_(component) {}
  ~DriverShell() { stop(); }
  DriverShell(const DriverShell&) = delete;
  DriverShell& operator=(const DriverShell&) = delete;

  // Starts the transport and the tick timer; the first tick runs at once.
  void start(OnEvent on_event) {
    if (running_) return;
    on_event_ = std::move(on_event);
    running_ = true;
    start_transport();
    apply(driver_->on_tick(now_()));
    arm_timer();
  }

  // Stops ticking and closes the transport; no event is delivered afterwards.
  void stop() {
    if (!running_) return;
    running_ = false;
    *alive_ = false;
    alive_ = std::make_shared<bool>(true);
    timer_.cancel();
    if (transport_) transport_->close();
    events_.clear();
  }

  // Calls `command(driver, now)` (a driver method returning Step) and applies its step.
  template <class F>
  void run(F&& command) {
    if (running_) apply(command(*driver_, now_()));
  }

  // A new link after an unplug (or to move to another port). The old transport is closed; if the
  // link was up, this counts as a link loss, and the device is re-initialised over the new one.
  void replace_transport(std::unique_ptr<Transport> transport) {
    if (!running_) {
      if (transport_) retire_transport();
      transport_ = std::move(transport);
      return;
    }
    if (transport_) on_transport_error(generation_, "replaced");
    transport_ = std::move(transport);
    start_transport();
  }

  const Driver& driver() const { return *driver_; }
  bool link_up() const { return link_up_; }
  bool running() const { return running_; }
  std::string transport_name() const { return transport_ ? transport_->describe() : "none"; }

 private:
  void arm_timer() {
    timer_.expires_after(driver_->tick_interval());
    timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
      if (ec || !*alive || !running_) return;
      apply(driver_->on_tick(now_()));
      arm_timer();
    });
  }

  void start_transport() {
    if (!transport_) return;
    const std::uint64_t gen = ++generation_;
    // Callbacks only post: the work runs outside the transport's own call frames, so a handler
    // may close or replace the transport safely.
    transport_->start(
        [this, gen, alive = alive_](ByteView bytes) {
          boost::asio::post(io_, [this, gen, alive, data = Bytes(bytes.begin(), bytes.end())] {
            if (!*alive || !running_ || gen != generation_) return;
            apply(driver_->on_bytes(data, now_()));
          });
        },
        [this, gen, alive = alive_](const std::string& why) {
          boost::asio::post(io_, [this, gen, alive, why] {
            if (!*alive || !running_) return;
            on_transport_error(gen, why);
          });
        });
  }

  void retire_transport() {
    if (!transport_) return;
    ++generation_;  // late callbacks from it are ignored
    transport_->close();
    // Destroyed from a fresh handler, never from inside one of its own callbacks.
    boost::asio::post(io_, [old = std::shared_ptr<Transport>(std::move(transport_))] {});
  }

  void on_transport_error(std::uint64_t gen, const std::string& why) {
    if (gen != generation_) return;
    std::fprintf(stderr,
                 "level=warn component=%s event=transport_error protocol=%s transport=%s "
                 "why=\"%s\"\n",
                 component_, driver_->protocol().c_str(), transport_name().c_str(), why.c_str());
    retire_transport();
    if (driver_link_up_) awaiting_driver_loss_ = true;
    if (link_up_) {
      link_up_ = false;
      Event ev{};
      ev.kind = Event::Kind::LinkLost;
      ev.detail = "transport: " + why;
      events_.push_back(std::move(ev));
    }
    apply({});
  }

  void apply(Step step) {
    if (!step.tx.empty() && transport_ && !awaiting_driver_loss_) transport_->write(step.tx);
    for (auto& ev : step.events) {
      if (ev.kind == Event::Kind::LinkLost) {
        driver_link_up_ = false;
        awaiting_driver_loss_ = false;  // the driver caught up: talk to the (new) link again
        if (!link_up_) continue;        // the application was told already
        link_up_ = false;
      } else if (ev.kind == Event::Kind::LinkRestored) {
        driver_link_up_ = true;
        if (link_up_) continue;
        link_up_ = true;
      }
      events_.push_back(std::move(ev));
    }
    if (delivering_) return;  // the outer apply() delivers them, in order
    delivering_ = true;
    while (!events_.empty() && running_) {
      Event ev = std::move(events_.front());
      events_.pop_front();
      if (on_event_) on_event_(ev);
    }
    delivering_ = false;
  }

  boost::asio::io_context& io_;
  std::unique_ptr<Driver> driver_;
  std::unique_ptr<Transport> transport_;
  std::function<Instant()> now_;
  boost::asio::steady_timer timer_;
  const char* component_;
  OnEvent on_event_;
  bool running_ = false;
  std::uint64_t generation_ = 0;  // which transport a callback belongs to
  bool link_up_ = true;           // as told to the application
  bool driver_link_up_ = true;    // as the driver last reported it
  bool awaiting_driver_loss_ = false;
  std::deque<Event> events_;
  bool delivering_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace kiosk::devices
