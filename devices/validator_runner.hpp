// The Asio shell that joins any BillValidatorDriver (CCNET, ID003, SSP) to any Transport.
//
// It ticks the driver on a steady_timer at the driver's tick_interval (no busy waits), feeds it
// received bytes, writes what it asks to send, and delivers its events on the io_context thread,
// in order and never re-entrantly (an event handler may call stack() at once: the command goes out
// immediately and the events it causes follow the current one).
//
// Link loss: a transport error (unplug, EOF) gives one LinkLost event at once. The driver is not
// told directly (the contract has no such call): the runner stops writing to the link until the
// driver has timed out and declared the loss itself, so that when answers come back on the
// replacement transport the driver reports LinkRestored and re-initialises the device. A duplicate
// LinkLost from the driver is not passed on.
//
// All methods must be called on the io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "devices/bill_validator.hpp"
#include "devices/transport.hpp"

namespace kiosk::devices {

class ValidatorRunner {
 public:
  using OnEvent = std::function<void(const ValidatorEvent&)>;

  ValidatorRunner(boost::asio::io_context& io, std::unique_ptr<BillValidatorDriver> driver,
                  std::unique_ptr<Transport> transport, std::function<Instant()> now);
  ~ValidatorRunner();
  ValidatorRunner(const ValidatorRunner&) = delete;
  ValidatorRunner& operator=(const ValidatorRunner&) = delete;

  // Starts the transport and the tick timer; the first poll goes out at once.
  void start(OnEvent on_event);
  void enable(const std::vector<flows::Kzt>& denominations);
  void disable();
  void stack();
  void return_note();
  // Stops ticking and closes the transport; no event is delivered afterwards.
  void stop();
  // A new link after an unplug (or to move to another port). The old transport is closed; if the
  // link was up, this counts as a link loss, and the device is re-initialised over the new one.
  void replace_transport(std::unique_ptr<Transport> transport);

  // For diagnostics (e.g. dynamic_cast to ccnet::CcnetDriver for its snapshot).
  const BillValidatorDriver& driver() const { return *driver_; }
  bool link_up() const { return link_up_; }
  std::string transport_name() const;

 private:
  void arm_timer();
  void start_transport();
  void retire_transport();
  void on_transport_error(std::uint64_t generation, const std::string& why);
  void apply(ValidatorStep step);

  boost::asio::io_context& io_;
  std::unique_ptr<BillValidatorDriver> driver_;
  std::unique_ptr<Transport> transport_;
  std::function<Instant()> now_;
  boost::asio::steady_timer timer_;
  OnEvent on_event_;
  bool running_ = false;
  std::uint64_t generation_ = 0;  // which transport a callback belongs to
  bool link_up_ = true;           // as told to the application
  bool driver_link_up_ = true;    // as the driver last reported it
  bool awaiting_driver_loss_ = false;
  std::deque<ValidatorEvent> events_;
  bool delivering_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace kiosk::devices
