#include "devices/usb/usb_transport.hpp"

#include <libusb.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdio>

#include "devices/usb/ftdi_wire.hpp"
#include "devices/usb/usb_context.hpp"

namespace kiosk::devices::usb {
namespace {

std::string transfer_error(int status) {
  switch (status) {
    case LIBUSB_TRANSFER_NO_DEVICE:
      return "device gone";
    case LIBUSB_TRANSFER_TIMED_OUT:
      return "timed out";
    case LIBUSB_TRANSFER_STALL:
      return "endpoint stalled";
    case LIBUSB_TRANSFER_OVERFLOW:
      return "overflow";
    default:
      return "I/O error";
  }
}

// A submit refused because the device went away reads like a transfer that ended for that reason.
std::string submit_error(int rc) {
  return rc == LIBUSB_ERROR_NO_DEVICE ? "device gone" : usb_error(rc);
}

// The interfaces a bridge uses, found in the active configuration.
struct Layout {
  int data_interface = -1;
  int comm_interface = -1;  // CDC-ACM
  int alt = 0;
  unsigned char ep_in = 0, ep_out = 0;
  std::size_t in_packet = 64;
};

bool wanted(UsbBridge bridge, const libusb_interface_descriptor& d) {
  switch (bridge) {
    case UsbBridge::CdcAcm:
      return d.bInterfaceClass == LIBUSB_CLASS_DATA;
    case UsbBridge::Printer:
      return d.bInterfaceClass == LIBUSB_CLASS_PRINTER;
    default:
      return d.bInterfaceNumber == 0;
  }
}

std::expected<Layout, std::string> find_layout(libusb_device* dev, UsbBridge bridge) {
  libusb_config_descriptor* cfg = nullptr;
  const int rc = libusb_get_active_config_descriptor(dev, &cfg);
  if (rc != 0) return std::unexpected("config descriptor: " + usb_error(rc));
  Layout l;
  for (int i = 0; i < cfg->bNumInterfaces; ++i) {
    const libusb_interface& itf = cfg->interface[i];
    for (int a = 0; a < itf.num_altsetting; ++a) {
      const libusb_interface_descriptor& d = itf.altsetting[a];
      if (bridge == UsbBridge::CdcAcm && d.bInterfaceClass == LIBUSB_CLASS_COMM &&
          l.comm_interface < 0)
        l.comm_interface = d.bInterfaceNumber;
      if (l.data_interface >= 0 || !wanted(bridge, d)) continue;
      unsigned char in = 0, out = 0;
      std::size_t in_packet = 64;
      for (int e = 0; e < d.bNumEndpoints; ++e) {
        const libusb_endpoint_descriptor& ep = d.endpoint[e];
        if ((ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK) continue;
        if (ep.bEndpointAddress & LIBUSB_ENDPOINT_IN) {
          if (!in) in = ep.bEndpointAddress, in_packet = ep.wMaxPacketSize & 0x7FF;
        } else if (!out) {
          out = ep.bEndpointAddress;
        }
      }
      // A one-way printer (protocol 1) has no bulk IN; it is still usable for printing.
      if (!out || (!in && bridge != UsbBridge::Printer)) continue;
      l.data_interface = d.bInterfaceNumber;
      l.alt = d.bAlternateSetting;
      l.ep_in = in;
      l.ep_out = out;
      l.in_packet = in_packet ? in_packet : 64;
    }
  }
  libusb_free_config_descriptor(cfg);
  if (l.data_interface < 0)
    return std::unexpected("no " + std::string(bridge_name(bridge)) +
                           " interface with bulk endpoints");
  if (bridge == UsbBridge::CdcAcm && l.comm_interface < 0) l.comm_interface = l.data_interface;
  return l;
}

}  // namespace

std::expected<std::unique_ptr<UsbTransport>, std::string> UsbTransport::open(
    std::shared_ptr<UsbContext> ctx, UsbPortConfig config) {
  UsbDeviceInfo info;
  auto h = ctx->open(config.match, &info);
  if (!h) return std::unexpected(h.error());
  std::unique_ptr<UsbTransport> t(new UsbTransport(std::move(ctx), std::move(config), *h, info));
  if (auto ok = t->claim_and_configure(); !ok) {
    t->close();
    return std::unexpected(ok.error());
  }
  return t;
}

UsbTransport::UsbTransport(std::shared_ptr<UsbContext> ctx, UsbPortConfig config,
                           libusb_device_handle* h, UsbDeviceInfo info)
    : ctx_(std::move(ctx)), config_(std::move(config)), handle_(h), info_(std::move(info)) {}

UsbTransport::~UsbTransport() { close(); }

std::string UsbTransport::describe() const {
  return "usb:" + std::string(bridge_name(config_.bridge)) + ":" + format_usb_id(info_.vid) + ":" +
         format_usb_id(info_.pid) + "@" + std::to_string(info_.bus) + "." +
         std::to_string(info_.address);
}

std::expected<void, std::string> UsbTransport::claim_and_configure() {
  auto layout = find_layout(libusb_get_device(handle_), config_.bridge);
  if (!layout) return std::unexpected(layout.error());
  data_interface_ = layout->data_interface;
  printer_alt_ = layout->alt;
  ep_in_ = layout->ep_in;
  ep_out_ = layout->ep_out;
  in_packet_size_ = layout->in_packet;
  std::vector<int> interfaces{data_interface_};
  if (config_.bridge == UsbBridge::CdcAcm) {
    config_.options.comm_interface = static_cast<std::uint8_t>(layout->comm_interface);
    if (layout->comm_interface != data_interface_)
      interfaces.insert(interfaces.begin(), layout->comm_interface);
  }
  for (int itf : interfaces) {
    // Not libusb_set_auto_detach_kernel_driver: some environments (umockdev replays) lack the
    // combined disconnect-and-claim ioctl, and we want to know what to re-attach.
    if (libusb_kernel_driver_active(handle_, itf) == 1) {
      const int rc = libusb_detach_kernel_driver(handle_, itf);
      if (rc != 0 && rc != LIBUSB_ERROR_NOT_FOUND)
        return std::unexpected("detach kernel driver from interface " + std::to_string(itf) + ": " +
                               usb_error(rc));
      if (rc == 0) detached_.push_back(itf);
    }
    const int rc = libusb_claim_interface(handle_, itf);
    if (rc != 0)
      return std::unexpected("claim interface " + std::to_string(itf) + ": " + usb_error(rc));
    claimed_.push_back(itf);
  }
  if (config_.bridge == UsbBridge::Printer && printer_alt_ != 0) {
    const int rc = libusb_set_interface_alt_setting(handle_, data_interface_, printer_alt_);
    if (rc != 0) return std::unexpected("set alt setting: " + usb_error(rc));
  }
  if (config_.bridge == UsbBridge::Ch340) {
    auto version = control(ch341_version_request());
    if (!version) return std::unexpected(version.error());
    if (version->empty()) return std::unexpected("CH340: empty version answer");
    config_.options.ch341_version = (*version)[0];
  }
  auto requests = setup_requests(config_.bridge, config_.options);
  if (!requests) return std::unexpected(requests.error());
  for (const auto& r : *requests) {
    if (auto ok = control(r); !ok) return std::unexpected(ok.error());
  }
  in_ = libusb_alloc_transfer(0);
  out_ = libusb_alloc_transfer(0);
  if (!in_ || !out_) return std::unexpected("libusb_alloc_transfer failed");
  in_buf_.resize(std::max(config_.read_size, in_packet_size_));
  return {};
}

std::expected<Bytes, std::string> UsbTransport::control(const ControlRequest& r) {
  if (!handle_) return std::unexpected("closed");
  Bytes buf = r.is_in() ? Bytes(r.in_length) : r.data;
  const int n = libusb_control_transfer(handle_, r.request_type, r.request, r.value, r.index,
                                        buf.empty() ? nullptr : buf.data(),
                                        static_cast<std::uint16_t>(buf.size()),
                                        static_cast<unsigned>(config_.control_timeout.count()));
  if (n < 0)
    return std::unexpected(std::string(bridge_name(config_.bridge)) + " request " + r.describe() +
                           ": " + usb_error(n));
  if (r.is_in()) buf.resize(static_cast<std::size_t>(n));
  return buf;
}

void UsbTransport::start(OnBytes on_bytes, OnError on_error) {
  on_bytes_ = std::move(on_bytes);
  on_error_ = std::move(on_error);
  std::lock_guard lock(mu_);
  if (closing_ || started_) return;
  started_ = true;
  if (ep_in_) submit_in();
  if (!tx_.empty()) submit_out();
}

void UsbTransport::write(ByteView bytes) {
  if (closed_ || bytes.empty()) return;
  std::lock_guard lock(mu_);
  if (closing_ || failed_) return;
  tx_.emplace_back(bytes.begin(), bytes.end());
  if (started_ && !out_busy_) submit_out();
}

void UsbTransport::submit_in() {
  libusb_fill_bulk_transfer(in_, handle_, ep_in_, in_buf_.data(), static_cast<int>(in_buf_.size()),
                            &UsbTransport::on_in_done, this, 0);
  const int rc = libusb_submit_transfer(in_);
  if (rc != 0) {
    fail("read: " + submit_error(rc));
    return;
  }
  in_busy_ = true;
}

void UsbTransport::submit_out() {
  if (tx_.empty() || out_busy_) return;
  out_buf_ = std::move(tx_.front());
  tx_.pop_front();
  libusb_fill_bulk_transfer(out_, handle_, ep_out_, out_buf_.data(),
                            static_cast<int>(out_buf_.size()), &UsbTransport::on_out_done, this,
                            static_cast<unsigned>(config_.write_timeout.count()));
  const int rc = libusb_submit_transfer(out_);
  if (rc != 0) {
    fail("write: " + submit_error(rc));
    return;
  }
  out_busy_ = true;
}

void UsbTransport::fail(const std::string& why) {
  if (failed_ || closing_) return;
  failed_ = true;
  boost::asio::post(ctx_->io(), [this, alive = alive_, why] {
    if (!*alive) return;
    auto report = std::move(on_error_);  // once; survives a close() from inside it
    on_error_ = nullptr;
    if (report) report(why);
  });
}

void UsbTransport::on_in_done(libusb_transfer* t) {
  auto* self = static_cast<UsbTransport*>(t->user_data);
  std::lock_guard lock(self->mu_);
  self->in_busy_ = false;
  if (t->status == LIBUSB_TRANSFER_COMPLETED) {
    const ByteView got(t->buffer, static_cast<std::size_t>(t->actual_length));
    Bytes data;
    if (self->config_.bridge == UsbBridge::Ftdi) {
      data = ftdi::strip_status(got, self->in_packet_size_);
      for (std::size_t at = 0; at < got.size(); at += self->in_packet_size_)
        if (std::min(self->in_packet_size_, got.size() - at) <= ftdi::kStatusBytes)
          ++self->status_only_packets_;
    } else {
      data.assign(got.begin(), got.end());
    }
    if (!data.empty()) {
      boost::asio::post(self->ctx_->io(), [self, alive = self->alive_, data = std::move(data)] {
        if (!*alive || !self->on_bytes_) return;
        auto deliver = self->on_bytes_;  // survives a close() from inside it
        deliver(data);
      });
    }
    if (!self->closing_ && !self->failed_) self->submit_in();
  } else if (t->status != LIBUSB_TRANSFER_CANCELLED) {
    self->fail("read: " + transfer_error(t->status));
  }
  self->idle_.notify_all();
}

void UsbTransport::on_out_done(libusb_transfer* t) {
  auto* self = static_cast<UsbTransport*>(t->user_data);
  std::lock_guard lock(self->mu_);
  self->out_busy_ = false;
  if (t->status == LIBUSB_TRANSFER_COMPLETED) {
    if (t->actual_length < t->length) {  // a partial write: the rest goes first
      self->tx_.emplace_front(self->out_buf_.begin() + t->actual_length, self->out_buf_.end());
    }
    if (!self->closing_ && !self->failed_) self->submit_out();
  } else if (t->status == LIBUSB_TRANSFER_TIMED_OUT) {
    self->fail("write: not taken within " + std::to_string(self->config_.write_timeout.count()) +
               " ms");
  } else if (t->status != LIBUSB_TRANSFER_CANCELLED) {
    self->fail("write: " + transfer_error(t->status));
  }
  self->idle_.notify_all();
}

void UsbTransport::close() {
  if (closed_) return;
  closed_ = true;
  *alive_ = false;
  on_bytes_ = nullptr;
  on_error_ = nullptr;
  bool drained = true;
  {
    std::unique_lock lock(mu_);
    closing_ = true;
    tx_.clear();
    if (in_busy_) libusb_cancel_transfer(in_);
    if (out_busy_) libusb_cancel_transfer(out_);
    drained =
        idle_.wait_for(lock, std::chrono::seconds(2), [this] { return !in_busy_ && !out_busy_; });
  }
  if (!drained) {
    // The event thread still owns a transfer: leak it (and the handle) rather than free memory
    // it will write to.
    std::fprintf(stderr, "level=error component=usb event=close_stuck transport=%s\n",
                 describe().c_str());
    return;
  }
  release();
}

void UsbTransport::release() {
  if (in_) libusb_free_transfer(in_);
  if (out_) libusb_free_transfer(out_);
  in_ = out_ = nullptr;
  if (!handle_) return;
  for (int itf : claimed_) libusb_release_interface(handle_, itf);
  for (int itf : detached_) {
    const int rc = libusb_attach_kernel_driver(handle_, itf);
    if (rc != 0 && rc != LIBUSB_ERROR_NO_DEVICE)
      std::fprintf(stderr,
                   "level=warn component=usb event=reattach_failed transport=%s interface=%d "
                   "error=%s\n",
                   describe().c_str(), itf, libusb_error_name(rc));
  }
  claimed_.clear();
  libusb_close(handle_);
  handle_ = nullptr;
}

std::expected<printer_class::DeviceId, std::string> UsbTransport::printer_device_id() {
  if (config_.bridge != UsbBridge::Printer) return std::unexpected("not a printer class device");
  const ControlRequest r{kClassInterfaceIn,
                         printer_class::kGetDeviceId,
                         0,
                         static_cast<std::uint16_t>(data_interface_ << 8 | printer_alt_),
                         {},
                         1024};
  auto answer = control(r);
  if (!answer) return std::unexpected(answer.error());
  return printer_class::parse_device_id(*answer);
}

std::expected<printer_class::PortStatus, std::string> UsbTransport::printer_port_status() {
  if (config_.bridge != UsbBridge::Printer) return std::unexpected("not a printer class device");
  const ControlRequest r{kClassInterfaceIn,
                         printer_class::kGetPortStatus,
                         0,
                         static_cast<std::uint16_t>(data_interface_),
                         {},
                         1};
  auto answer = control(r);
  if (!answer) return std::unexpected(answer.error());
  if (answer->empty()) return std::unexpected("printer: empty port status");
  return printer_class::parse_port_status((*answer)[0]);
}

}  // namespace kiosk::devices::usb
