#include "tests/usb/umockdev_bench.hpp"

#include <linux/ioctl.h>  // the _IO* macros behind the USBDEVFS_ constants
#include <linux/usbdevice_fs.h>
#include <umockdev.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <deque>
#include <stdexcept>

namespace usb_test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr unsigned kCapabilities = USBDEVFS_CAP_ZERO_PACKET | USBDEVFS_CAP_BULK_CONTINUATION |
                                   USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                                   USBDEVFS_CAP_REAP_AFTER_DISCONNECT;

std::string hex(ByteView b) {
  std::string s;
  char buf[4];
  for (auto c : b) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    s += buf;
  }
  return s;
}

struct Urb {
  UMockdevIoctlData* urb = nullptr;  // the client's struct usbdevfs_urb
  UMockdevIoctlData* buffer = nullptr;
  Clock::time_point submitted;
  usbdevfs_urb* view() const { return reinterpret_cast<usbdevfs_urb*>(urb->data); }
  std::uint8_t* data() const { return buffer ? buffer->data : nullptr; }
};

void release(Urb& u) {
  if (u.buffer) g_object_unref(u.buffer);
  if (u.urb) g_object_unref(u.urb);
  u.buffer = u.urb = nullptr;
}

}  // namespace

struct UsbBench::Slot {
  UsbBench* bench = nullptr;
  std::shared_ptr<UsbDeviceModel> model;
  std::string syspath;
  std::string devnode;
  UMockdevIoctlBase* handler = nullptr;
  bool disconnected = false;
  std::deque<Urb> pending;  // IN URBs waiting for data, held OUT URBs
  std::deque<Urb> done;     // completed, to be reaped in order

  Stats& stats() { return bench->stats_; }

  void finish(Urb u, int status, int actual) {
    u.view()->status = status;
    u.view()->actual_length = actual;
    done.push_back(u);
  }

  void submit(Urb u) {
    usbdevfs_urb* urb = u.view();
    const std::uint8_t ep = urb->endpoint;
    if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
      if (urb->buffer_length < 8 || !u.data()) return finish(u, -EINVAL, 0);
      const std::uint8_t* s = u.data();
      ControlRequest r;
      r.request_type = s[0];
      r.request = s[1];
      r.value = static_cast<std::uint16_t>(s[2] | s[3] << 8);
      r.index = static_cast<std::uint16_t>(s[4] | s[5] << 8);
      const std::uint16_t length = static_cast<std::uint16_t>(s[6] | s[7] << 8);
      if (r.is_in())
        r.in_length = length;
      else
        r.data.assign(s + 8, s + 8 + std::min<int>(length, urb->buffer_length - 8));
      auto answer = model->control(r);
      if (!answer) return finish(u, -EPIPE, 0);
      if (!r.is_in()) return finish(u, 0, static_cast<int>(r.data.size()));
      const std::size_t n = std::min<std::size_t>(
          {answer->size(), length, static_cast<std::size_t>(urb->buffer_length - 8)});
      std::memcpy(u.data() + 8, answer->data(), n);
      return finish(u, 0, static_cast<int>(n));
    }
    if (urb->type != USBDEVFS_URB_TYPE_BULK && urb->type != USBDEVFS_URB_TYPE_INTERRUPT)
      return finish(u, -EINVAL, 0);
    if (ep & 0x80) {
      pending.push_back(u);
      return;
    }
    if (model->hold_out) {
      pending.push_back(u);
      return;
    }
    model->bulk_out(ep, ByteView(u.data(), static_cast<std::size_t>(urb->buffer_length)));
    finish(u, 0, urb->buffer_length);
  }

  // Completes the IN URBs the model now has data for.
  void progress() {
    const auto now = Clock::now();
    for (auto it = pending.begin(); it != pending.end();) {
      usbdevfs_urb* urb = it->view();
      if (!(urb->endpoint & 0x80)) {
        ++it;
        continue;
      }
      const auto waited = std::chrono::duration_cast<Millis>(now - it->submitted);
      auto data =
          model->bulk_in(urb->endpoint, static_cast<std::size_t>(urb->buffer_length), waited);
      if (!data) {
        ++it;
        continue;
      }
      const std::size_t n = std::min(data->size(), static_cast<std::size_t>(urb->buffer_length));
      if (n) std::memcpy(it->data(), data->data(), n);
      Urb u = *it;
      it = pending.erase(it);
      finish(u, 0, static_cast<int>(n));
    }
  }

  void disconnect() {
    disconnected = true;
    while (!pending.empty()) {
      Urb u = pending.front();
      pending.pop_front();
      finish(u, -ENODEV, 0);
    }
  }
};

namespace {

gboolean on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer user) {
  auto* slot = static_cast<UsbBench::Slot*>(user);
  return slot->bench->with([&]() -> gboolean {
    const gulong request = umockdev_ioctl_client_get_request(client);
    UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
    GError* err = nullptr;
    auto resolve = [&](gsize len) { return umockdev_ioctl_data_resolve(arg, 0, len, &err); };
    auto done = [&](long res, int e) {
      umockdev_ioctl_client_complete(client, res, e);
      return TRUE;
    };
    auto* model = slot->model.get();
    switch (request) {
      case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData* d = resolve(sizeof(std::uint32_t));
        if (!d) return FALSE;
        const std::uint32_t caps = kCapabilities;
        std::memcpy(d->data, &caps, sizeof caps);
        umockdev_ioctl_client_complete(client, 0, 0);
        g_object_unref(d);
        return TRUE;
      }
      case USBDEVFS_CLAIMINTERFACE:
      case USBDEVFS_RELEASEINTERFACE:
      case USBDEVFS_SETINTERFACE:
      case USBDEVFS_SETCONFIGURATION:
      case USBDEVFS_CLEAR_HALT:
      case USBDEVFS_RESET:
      case USBDEVFS_RESETEP:
        return slot->disconnected ? done(-1, ENODEV) : done(0, 0);
      case USBDEVFS_GETDRIVER: {
        UMockdevIoctlData* d = resolve(sizeof(usbdevfs_getdriver));
        if (!d) return FALSE;
        auto* g = reinterpret_cast<usbdevfs_getdriver*>(d->data);
        const std::string drv = model->kernel_drivers[static_cast<int>(g->interface)];
        if (drv.empty()) {
          g_object_unref(d);
          return done(-1, ENODATA);
        }
        std::snprintf(g->driver, sizeof g->driver, "%s", drv.c_str());
        umockdev_ioctl_client_complete(client, 0, 0);
        g_object_unref(d);
        return TRUE;
      }
      case USBDEVFS_IOCTL: {
        UMockdevIoctlData* d = resolve(sizeof(usbdevfs_ioctl));
        if (!d) return FALSE;
        auto* c = reinterpret_cast<usbdevfs_ioctl*>(d->data);
        const int itf = c->ifno;
        const auto code = static_cast<unsigned long>(c->ioctl_code);
        g_object_unref(d);
        if (code == USBDEVFS_DISCONNECT) {
          if (model->kernel_drivers[itf].empty()) return done(-1, ENODATA);
          model->kernel_drivers[itf].clear();
          model->driver_log.push_back("detach " + std::to_string(itf));
          return done(0, 0);
        }
        if (code == USBDEVFS_CONNECT) {
          model->kernel_drivers[itf] = "reattached";
          model->driver_log.push_back("attach " + std::to_string(itf));
          return done(1, 0);  // the kernel returns 1 when a driver bound
        }
        return done(-1, ENOTTY);
      }
      case USBDEVFS_SUBMITURB: {
        ++slot->stats().submits;
        if (slot->disconnected) return done(-1, ENODEV);
        Urb u;
        u.urb = resolve(sizeof(usbdevfs_urb));
        if (!u.urb) return FALSE;
        const int len = u.view()->buffer_length;
        if (len > 0) {
          u.buffer = umockdev_ioctl_data_resolve(u.urb, offsetof(usbdevfs_urb, buffer),
                                                 static_cast<gsize>(len), &err);
          if (!u.buffer) {
            release(u);
            return FALSE;
          }
        }
        u.submitted = Clock::now();
        slot->submit(u);
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
      }
      case USBDEVFS_REAPURB:
      case USBDEVFS_REAPURBNDELAY: {
        ++slot->stats().reaps;
        slot->progress();
        if (slot->done.empty()) return done(-1, slot->disconnected ? ENODEV : EAGAIN);
        Urb u = slot->done.front();
        slot->done.pop_front();
        UMockdevIoctlData* d = resolve(sizeof(void*));
        if (!d) return FALSE;
        umockdev_ioctl_data_set_ptr(d, 0, u.urb);
        umockdev_ioctl_client_complete(client, 0, 0);
        g_object_unref(d);
        release(u);
        return TRUE;
      }
      case USBDEVFS_DISCARDURB: {
        ++slot->stats().discards;
        gulong addr = 0;
        std::memcpy(&addr, arg->data, sizeof addr);
        for (auto it = slot->pending.begin(); it != slot->pending.end(); ++it) {
          if (it->urb->client_addr != addr) continue;
          Urb u = *it;
          slot->pending.erase(it);
          slot->finish(u, -ENOENT, 0);
          return done(0, 0);
        }
        return done(-1, EINVAL);
      }
      default:
        ++slot->stats().unknown;
        return done(-1, ENOTTY);
    }
  });
}

}  // namespace

UsbBench::UsbBench() : tb_(umockdev_testbed_new()) {
  if (!tb_) throw std::runtime_error("umockdev_testbed_new failed");
}

UsbBench::~UsbBench() {
  for (auto& [port, slot] : slots_) retired_.push_back(std::move(slot));
  for (auto& slot : retired_) {
    if (slot->handler) {
      umockdev_testbed_detach_ioctl(tb_, slot->devnode.c_str(), nullptr);
      g_object_unref(slot->handler);
    }
    for (auto* q : {&slot->pending, &slot->done})
      for (auto& u : *q) release(u);
  }
  g_object_unref(tb_);
}

UsbBench::Stats UsbBench::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void UsbBench::plug(std::shared_ptr<UsbDeviceModel> model, int port, int address) {
  char node[32];
  std::snprintf(node, sizeof node, "bus/usb/001/%03d", address);
  const std::string syspath = "/devices/pci0000:00/0000:00:14.0/usb1/1-" + std::to_string(port);
  const auto& d = model->desc();
  char product[32];
  std::snprintf(product, sizeof product, "%x/%x/%x", d.vid, d.pid, d.bcd_device);
  std::string rec = "P: " + syspath + "\nN: " + node + "\n";
  rec += "E: DEVNAME=" + std::string(node) + "\n";  // libudev's devnode; libusb skips without
  rec += "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: DRIVER=usb\n";
  rec += "E: PRODUCT=" + std::string(product) + "\n";
  rec += "E: BUSNUM=001\nE: DEVNUM=" + std::string(node + 12) + "\n";
  rec += "E: MAJOR=189\nE: MINOR=" + std::to_string(address - 1) + "\n";
  rec += "A: busnum=1\nA: devnum=" + std::to_string(address) + "\n";
  rec += "A: speed=12\nA: bConfigurationValue=1\nA: bNumConfigurations=1\n";
  char ids[64];
  std::snprintf(ids, sizeof ids, "A: idVendor=%04x\nA: idProduct=%04x\n", d.vid, d.pid);
  rec += ids;
  rec += "A: serial=" + d.serial + "\n";
  rec += "H: descriptors=" + hex(descriptor_blob(d)) + "\n";

  auto slot = std::make_unique<Slot>();
  slot->bench = this;
  slot->model = std::move(model);
  slot->syspath = "/sys" + syspath;
  slot->devnode = "/dev/" + std::string(node);
  slot->handler = umockdev_ioctl_base_new();
  g_signal_connect(slot->handler, "handle-ioctl", G_CALLBACK(on_ioctl), slot.get());
  GError* err = nullptr;
  if (!umockdev_testbed_add_from_string(tb_, rec.c_str(), &err))
    throw std::runtime_error(std::string("umockdev add: ") + (err ? err->message : "?"));
  if (!umockdev_testbed_attach_ioctl(tb_, slot->devnode.c_str(), slot->handler, &err))
    throw std::runtime_error(std::string("umockdev attach_ioctl: ") + (err ? err->message : "?"));
  std::lock_guard lock(mu_);
  if (auto old = slots_.find(port); old != slots_.end()) retired_.push_back(std::move(old->second));
  slots_[port] = std::move(slot);
}

void UsbBench::unplug(int port) {
  std::string syspath;
  {
    std::lock_guard lock(mu_);
    auto it = slots_.find(port);
    if (it == slots_.end()) return;
    it->second->disconnect();
    syspath = it->second->syspath;
  }
  // The uevent first, while sysfs still has the device (libusb reads it for the LEFT event).
  umockdev_testbed_uevent(tb_, syspath.c_str(), "remove");
  umockdev_testbed_remove_device(tb_, syspath.c_str());
}

}  // namespace usb_test
