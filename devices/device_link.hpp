// Reconnects a device runner's transport after the device disappears (cable pulled, USB reset,
// bridge power-cycled) and comes back.
//
// The runtime opens the first transport itself and passes it through watch() before handing it to
// the runner (ValidatorRunner, DispenserRunner). When that transport reports its loss (OnError),
// the runner tells the application (LinkLost: the flows end safely on it) and this class starts
// re-opening the port: at once when told the device arrived (libusb hotplug), and otherwise on a
// timer with exponential backoff (ttys have no arrival signal here). The first transport that
// opens is handed, watched again, to `attach` (the runner's replace_transport), whose driver then
// re-initialises the device with its protocol's reset sequence and reports LinkRestored.
//
// It knows nothing of the kiosk: how to open the port is the `open` function it is given.
// All methods must be called on the io_context thread; nothing runs after destruction.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <expected>
#include <functional>
#include <memory>
#include <string>

#include "devices/transport.hpp"
#include "flows/time.hpp"

namespace kiosk::devices {

// How long to wait before each re-open attempt: `first`, doubling up to `max`.
struct ReconnectBackoff {
  Millis first{250};
  Millis max{5000};
  // The wait before attempt number `attempt` (0 = the first retry). Pure.
  Millis delay(int attempt) const;
};

class DeviceLink {
 public:
  using Open = std::function<std::expected<std::unique_ptr<Transport>, std::string>()>;
  using Attach = std::function<void(std::unique_ptr<Transport>)>;
  // What happened, for the log: "lost" (detail: why), "retry_failed" (detail: the open error; only
  // the first failure of each outage and then every 10th), "reconnected" (detail: the transport).
  using OnNote = std::function<void(const std::string& what, const std::string& detail)>;

  DeviceLink(boost::asio::io_context& io, std::string name, Open open,
             ReconnectBackoff backoff = {});
  ~DeviceLink();
  DeviceLink(const DeviceLink&) = delete;
  DeviceLink& operator=(const DeviceLink&) = delete;

  // Where re-opened transports go (the runner's replace_transport), and where notes go.
  void on_reconnect(Attach attach) { attach_ = std::move(attach); }
  void on_note(OnNote note) { note_ = std::move(note); }
  // Something to keep alive as long as this link (a libusb hotplug watch that calls arrived(), and
  // before it the context it belongs to); released newest first.
  void hold(std::shared_ptr<void> keep) { held_.push_back(std::move(keep)); }

  // Opens the port now (at start-up) and watches the result.
  std::expected<std::unique_ptr<Transport>, std::string> open_now();
  // Wraps `t` so that its loss starts the reconnect loop; hand the result to the runner.
  std::unique_ptr<Transport> watch(std::unique_ptr<Transport> t);
  // The device may be back (a hotplug arrival): while down, try to re-open now.
  void arrived();

  const std::string& name() const { return name_; }
  bool down() const { return down_; }
  int attempts() const { return attempts_; }      // re-open attempts in the current outage
  int reconnects() const { return reconnects_; }  // outages ended by a re-opened transport

 private:
  class Watched;
  void lost(std::uint64_t id, const std::string& why);
  void schedule();
  void try_open();
  void note(const std::string& what, const std::string& detail);

  boost::asio::io_context& io_;
  std::string name_;
  Open open_;
  ReconnectBackoff backoff_;
  Attach attach_;
  OnNote note_;
  boost::asio::steady_timer timer_;
  bool down_ = false;
  int attempts_ = 0;
  int reconnects_ = 0;
  std::uint64_t current_ = 0;  // id of the transport handed out last; older ones are ignored
  std::vector<std::shared_ptr<void>> held_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace kiosk::devices
