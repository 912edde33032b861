// A Transport over a USB device driven from user space with libusb: a USB-serial bridge (FTDI,
// CH340/CH341, PL2303, CDC-ACM) or a USB printer class interface.
//
// open() finds the device (VID:PID, serial), detaches any kernel driver bound to the interfaces
// it needs (re-attached by close()), claims them and sends the bridge's setup requests
// (bridge_setup.hpp). start() keeps one bulk IN transfer in flight; what it reads (for FTDI,
// without the two status bytes of each packet) is posted to the io_context. write() queues bulk
// OUT transfers, one in flight at a time, in order. The first failure (device gone, I/O error,
// a write not taken within write_timeout) calls OnError once, on the io_context.
//
// Threads: transfers complete on the UsbContext's event thread; callbacks run on the io_context.
// start/write/close and the printer requests are for the io_context's thread. close() waits (a
// few ms) until no transfer is in flight, so nothing touches the transport after it returns.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <expected>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "devices/transport.hpp"
#include "devices/usb/bridge_setup.hpp"
#include "devices/usb/usb_context.hpp"
#include "devices/usb/usb_printer_wire.hpp"
#include "flows/time.hpp"

struct libusb_transfer;

namespace kiosk::devices::usb {

struct UsbPortConfig {
  UsbBridge bridge = UsbBridge::Ftdi;
  UsbMatch match;
  BridgeOptions options;        // line settings etc.; options.comm_interface is found by open()
  Millis write_timeout{2000};   // a bulk OUT not taken by then is a link failure
  Millis control_timeout{500};  // each setup / printer class request
  std::size_t read_size = 512;  // bytes per bulk IN transfer (a multiple of the packet size)
};

class UsbTransport final : public Transport {
 public:
  static std::expected<std::unique_ptr<UsbTransport>, std::string> open(
      std::shared_ptr<UsbContext> ctx, UsbPortConfig config);
  ~UsbTransport() override;

  void start(OnBytes on_bytes, OnError on_error) override;
  void write(ByteView bytes) override;
  void close() override;
  // "usb:ftdi:0403:6001@1.2"
  std::string describe() const override;

  // USB printer class requests (blocking, at most control_timeout each). Error for other bridges.
  std::expected<printer_class::DeviceId, std::string> printer_device_id();
  std::expected<printer_class::PortStatus, std::string> printer_port_status();

  const UsbDeviceInfo& device() const { return info_; }
  const UsbPortConfig& config() const { return config_; }
  // FTDI: bulk IN packets that carried only the two status bytes (the latency timer's idle
  // packets), and the last status seen.
  std::uint64_t status_only_packets() const { return status_only_packets_; }
  // Interfaces whose kernel driver open() detached (re-attached by close()).
  const std::vector<int>& detached_interfaces() const { return detached_; }

 private:
  UsbTransport(std::shared_ptr<UsbContext> ctx, UsbPortConfig config, libusb_device_handle* h,
               UsbDeviceInfo info);
  std::expected<void, std::string> claim_and_configure();
  std::expected<Bytes, std::string> control(const ControlRequest& r);
  void release();
  void submit_in();                   // with mu_ held
  void submit_out();                  // with mu_ held
  void fail(const std::string& why);  // with mu_ held
  static void on_in_done(libusb_transfer* t);
  static void on_out_done(libusb_transfer* t);

  std::shared_ptr<UsbContext> ctx_;
  UsbPortConfig config_;
  libusb_device_handle* handle_;
  UsbDeviceInfo info_;
  std::vector<int> claimed_;
  std::vector<int> detached_;
  int data_interface_ = 0;
  int printer_alt_ = 0;
  unsigned char ep_in_ = 0, ep_out_ = 0;
  std::size_t in_packet_size_ = 64;

  // Shared with the event thread.
  std::mutex mu_;
  std::condition_variable idle_;
  libusb_transfer* in_ = nullptr;
  libusb_transfer* out_ = nullptr;
  Bytes in_buf_, out_buf_;
  std::deque<Bytes> tx_;
  bool in_busy_ = false, out_busy_ = false;
  bool started_ = false, closing_ = false, failed_ = false;
  std::atomic<std::uint64_t> status_only_packets_{0};

  // io_context side.
  OnBytes on_bytes_;
  OnError on_error_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool closed_ = false;
};

}  // namespace kiosk::devices::usb
