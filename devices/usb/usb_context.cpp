#include "devices/usb/usb_context.hpp"

#include <libusb.h>

#include <boost/asio/post.hpp>
#include <cstdio>

namespace kiosk::devices::usb {

std::string usb_error(int rc) { return libusb_error_name(rc); }

namespace {

std::string read_string(libusb_device_handle* h, std::uint8_t index) {
  if (!h || index == 0) return {};
  unsigned char buf[128] = {};
  const int n = libusb_get_string_descriptor_ascii(h, index, buf, sizeof buf);
  if (n <= 0) return {};
  return std::string(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

}  // namespace

std::string UsbDeviceInfo::describe() const {
  std::string s = format_usb_id(vid) + ":" + format_usb_id(pid) + " bus " + std::to_string(bus) +
                  " addr " + std::to_string(address);
  if (!serial.empty()) s += " serial " + serial;
  return s;
}

bool UsbDeviceInfo::matches(const UsbMatch& m) const {
  return vid == m.vid && pid == m.pid && (m.serial.empty() || m.serial == serial);
}

UsbDeviceInfo describe_device(libusb_device* dev, libusb_device_handle* h) {
  UsbDeviceInfo info;
  libusb_device_descriptor d{};
  if (libusb_get_device_descriptor(dev, &d) == 0) {
    info.vid = d.idVendor;
    info.pid = d.idProduct;
    info.device_class = d.bDeviceClass;
    info.serial = read_string(h, d.iSerialNumber);
    info.manufacturer = read_string(h, d.iManufacturer);
    info.product = read_string(h, d.iProduct);
  }
  info.bus = libusb_get_bus_number(dev);
  info.address = libusb_get_device_address(dev);
  return info;
}

// ---- hotplug ----

struct HotplugWatch::State {
  std::weak_ptr<UsbContext> ctx;
  libusb_context* raw = nullptr;
  boost::asio::io_context* io = nullptr;
  UsbContext::OnHotplug on_change;
  libusb_hotplug_callback_handle handle = 0;
  std::shared_ptr<std::atomic<bool>> alive = std::make_shared<std::atomic<bool>>(true);
};

namespace {

int LIBUSB_CALL on_hotplug(libusb_context*, libusb_device* dev, libusb_hotplug_event event,
                           void* user) {
  auto* st = static_cast<HotplugWatch::State*>(user);
  const bool arrived = event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED;
  // Runs on the libusb event thread: no blocking I/O here. The serial number is read on the
  // io_context for arrivals.
  libusb_ref_device(dev);
  boost::asio::post(*st->io, [st_alive = st->alive, on_change = st->on_change, dev, arrived] {
    libusb_device_handle* h = nullptr;
    if (arrived && *st_alive && libusb_open(dev, &h) != 0) h = nullptr;
    const UsbDeviceInfo info = describe_device(dev, h);
    if (h) libusb_close(h);
    libusb_unref_device(dev);
    if (*st_alive) on_change(info, arrived);
  });
  return 0;  // stay registered
}

}  // namespace

HotplugWatch::~HotplugWatch() {
  *state_->alive = false;
  if (auto ctx = state_->ctx.lock())
    libusb_hotplug_deregister_callback(state_->raw, state_->handle);
}

// ---- context ----

std::expected<std::shared_ptr<UsbContext>, std::string> UsbContext::create(
    boost::asio::io_context& io) {
  libusb_context* ctx = nullptr;
  const int rc = libusb_init(&ctx);
  if (rc != 0) return std::unexpected("libusb_init: " + usb_error(rc));
  auto self = std::shared_ptr<UsbContext>(new UsbContext(io, ctx));
  self->events_ = std::thread([raw = self.get()] { raw->run_events(); });
  return self;
}

UsbContext::UsbContext(boost::asio::io_context& io, libusb_context* ctx) : io_(io), ctx_(ctx) {}

UsbContext::~UsbContext() {
  stop_ = true;
  libusb_interrupt_event_handler(ctx_);
  if (events_.joinable()) events_.join();
  libusb_exit(ctx_);
}

void UsbContext::run_events() {
  unsigned long errors = 0;
  while (!stop_) {
    timeval tv{0, 100'000};
    const int rc = libusb_handle_events_timeout_completed(ctx_, &tv, nullptr);
    if (rc != 0 && rc != LIBUSB_ERROR_INTERRUPTED && rc != LIBUSB_ERROR_TIMEOUT &&
        errors++ % 1000 == 0) {  // the first, then one in a thousand: a log, not a flood
      std::fprintf(stderr, "level=warn component=usb event=event_loop_error error=%s count=%lu\n",
                   libusb_error_name(rc), errors);
    }
  }
}

std::vector<UsbDeviceInfo> UsbContext::list(bool read_strings) {
  std::vector<UsbDeviceInfo> out;
  libusb_device** devs = nullptr;
  const ssize_t n = libusb_get_device_list(ctx_, &devs);
  for (ssize_t i = 0; i < n; ++i) {
    libusb_device_handle* h = nullptr;
    if (read_strings && libusb_open(devs[i], &h) != 0) h = nullptr;
    out.push_back(describe_device(devs[i], h));
    if (h) libusb_close(h);
  }
  if (devs) libusb_free_device_list(devs, 1);
  return out;
}

std::expected<libusb_device_handle*, std::string> UsbContext::open(const UsbMatch& m,
                                                                   UsbDeviceInfo* info_out) {
  libusb_device** devs = nullptr;
  const ssize_t n = libusb_get_device_list(ctx_, &devs);
  if (n < 0) return std::unexpected("libusb_get_device_list: " + usb_error(static_cast<int>(n)));
  libusb_device_handle* found = nullptr;
  UsbDeviceInfo found_info;
  int alike = 0;
  std::string last_error = "no device " + m.describe();
  for (ssize_t i = 0; i < n; ++i) {
    libusb_device_descriptor d{};
    if (libusb_get_device_descriptor(devs[i], &d) != 0) continue;
    if (d.idVendor != m.vid || d.idProduct != m.pid) continue;
    libusb_device_handle* h = nullptr;
    const int rc = libusb_open(devs[i], &h);
    if (rc != 0) {
      last_error = "open " + m.describe() + ": " + usb_error(rc);
      continue;
    }
    const UsbDeviceInfo info = describe_device(devs[i], h);
    if (!info.matches(m)) {
      libusb_close(h);
      continue;
    }
    ++alike;
    if (found) {
      libusb_close(h);
      continue;
    }
    found = h;
    found_info = info;
  }
  libusb_free_device_list(devs, 1);
  if (!found) return std::unexpected(last_error);
  if (alike > 1 && m.serial.empty()) {
    libusb_close(found);
    return std::unexpected(std::to_string(alike) + " devices " + m.describe() +
                           " attached: name one by its serial number");
  }
  if (info_out) *info_out = found_info;
  return found;
}

bool UsbContext::hotplug_supported() const {
  return libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) != 0;
}

std::expected<std::unique_ptr<HotplugWatch>, std::string> UsbContext::watch(std::uint16_t vid,
                                                                            std::uint16_t pid,
                                                                            OnHotplug on_change) {
  if (!hotplug_supported()) return std::unexpected("libusb has no hotplug on this platform");
  auto st = std::make_shared<HotplugWatch::State>();
  st->ctx = weak_from_this();
  st->raw = ctx_;
  st->io = &io_;
  st->on_change = std::move(on_change);
  const int rc = libusb_hotplug_register_callback(
      ctx_,
      static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED |
                                        LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
      LIBUSB_HOTPLUG_NO_FLAGS, vid ? vid : LIBUSB_HOTPLUG_MATCH_ANY,
      pid ? pid : LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug, st.get(),
      &st->handle);
  if (rc != 0) return std::unexpected("libusb_hotplug_register_callback: " + usb_error(rc));
  return std::unique_ptr<HotplugWatch>(new HotplugWatch(std::move(st)));
}

}  // namespace kiosk::devices::usb
