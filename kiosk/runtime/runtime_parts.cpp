#include "kiosk/runtime/runtime_parts.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>

#include "devices/ccnet/ccnet_driver.hpp"
#include "devices/id003/id003_driver.hpp"
#include "devices/ssp/ssp_driver.hpp"
#include "devices/tty_transport.hpp"
#include "devices/usb/usb_transport.hpp"
#include "flows/wallet/parse_wallet.hpp"
#include "kiosk/config/key_files.hpp"
#include "kiosk/log.hpp"

namespace kiosk::app {

std::expected<std::string, std::string> read_secret(const KioskConfig& c) {
  return read_exchange_secret(c);
}

flows::cash_in::TxIdSource make_tx_ids(std::string kiosk_id, std::function<std::int64_t()> wall_ms,
                                       RandomSource random) {
  return
      [kiosk_id = std::move(kiosk_id), wall_ms = std::move(wall_ms), random = std::move(random)] {
        static const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        auto ms = static_cast<std::uint64_t>(wall_ms());
        std::string t;
        do {
          t.insert(t.begin(), digits[ms % 36]);
          ms /= 36;
        } while (ms);
        char rnd[8];
        std::snprintf(rnd, sizeof rnd, "%04x", static_cast<unsigned>(random() & 0xffff));
        return kiosk_id + "-" + t + "-" + rnd;
      };
}

flows::cash_in::WalletResolver make_wallet_resolver() {
  using namespace flows::cash_in;
  return [](std::string_view payload,
            const std::string& asset_id) -> std::expected<WalletCheck, WalletRefusal> {
    auto slash = asset_id.find('/');
    flows::WalletParseOptions o;
    o.asset = asset_id.substr(0, slash);
    o.network = slash == std::string::npos ? "" : asset_id.substr(slash + 1);
    auto r = flows::parse_wallet(payload, o);
    if (!r) return std::unexpected(WalletRefusal{r.error().code, r.error().message});
    return WalletCheck{r->address, r->warnings, r->amount};
  };
}

devices::EscPosProfile printer_profile(const PrinterConfig& p) {
  devices::EscPosProfile prof = devices::EscPosProfile::paper_80mm();
  prof.columns = p.columns;
  prof.code_page = static_cast<std::uint8_t>(p.codepage);
  prof.kazakh = p.kazakh_letters == "cp866_kz" ? devices::KazakhLetters::CustomB0
                                               : devices::KazakhLetters::Transliterate;
  return prof;
}

namespace {

// One libusb context (and event thread) per io_context, shared by the USB transports on it and
// released with the last of them.
std::expected<std::shared_ptr<devices::usb::UsbContext>, std::string> usb_context_for(
    boost::asio::io_context& io) {
  static std::mutex mu;
  static std::map<boost::asio::io_context*, std::weak_ptr<devices::usb::UsbContext>> contexts;
  std::lock_guard lock(mu);
  if (auto ctx = contexts[&io].lock()) return ctx;
  auto ctx = devices::usb::UsbContext::create(io);
  if (ctx) contexts[&io] = *ctx;
  return ctx;
}

std::expected<std::unique_ptr<devices::Transport>, std::string> open_usb(
    boost::asio::io_context& io, const TransportConfig& t, const devices::SerialSettings& line) {
  if (!t.usb) return std::unexpected("usb transport without vid/pid");
  const auto bridge = devices::usb::parse_bridge(t.bridge.empty() ? "ftdi" : t.bridge);
  if (!bridge) return std::unexpected("unknown usb bridge '" + t.bridge + "'");
  auto ctx = usb_context_for(io);
  if (!ctx) return std::unexpected(ctx.error());
  devices::usb::UsbPortConfig cfg;
  cfg.bridge = *bridge;
  cfg.match = devices::usb::UsbMatch{t.usb->vid, t.usb->pid, t.usb->serial};
  cfg.options.line = line;
  auto usb = devices::usb::UsbTransport::open(*ctx, cfg);
  if (!usb) return std::unexpected(usb.error());
  return std::unique_ptr<devices::Transport>(std::move(*usb));
}

}  // namespace

std::expected<std::unique_ptr<devices::Transport>, std::string> open_serial(
    boost::asio::io_context& io, const TransportConfig& t) {
  if (t.type != "tty" && t.type != "usb")
    return std::unexpected("transport type '" + t.type + "' is not supported by this build yet");
  devices::SerialSettings s;
  s.path = t.path;
  s.baud = static_cast<unsigned>(t.baud);
  s.data_bits = static_cast<unsigned>(t.data_bits);
  s.parity = t.parity == "even"  ? devices::SerialSettings::Parity::Even
             : t.parity == "odd" ? devices::SerialSettings::Parity::Odd
                                 : devices::SerialSettings::Parity::None;
  s.stop_bits = static_cast<unsigned>(t.stop_bits);
  if (t.type == "usb") return open_usb(io, t, s);
  auto tty = devices::TtyTransport::open(io, s);
  if (!tty) return std::unexpected(tty.error());
  return std::unique_ptr<devices::Transport>(std::move(*tty));
}

std::unique_ptr<devices::DeviceLink> make_device_link(boost::asio::io_context& io,
                                                      const std::string& name,
                                                      const TransportConfig& t) {
  auto link =
      std::make_unique<devices::DeviceLink>(io, name, [&io, t] { return open_serial(io, t); });
  link->on_note([name](const std::string& what, const std::string& detail) {
    log_event(what == "reconnected" ? LogLevel::Info : LogLevel::Warn, "device.link",
              {{"device", name}, {"what", what}, {"detail", detail}});
  });
  if (t.type == "usb" && t.usb) {
    auto ctx = usb_context_for(io);
    if (ctx && (*ctx)->hotplug_supported()) {
      link->hold(*ctx);      // released after the watch
      auto* l = link.get();  // the watch is held by the link: no callback outlives it
      auto w = (*ctx)->watch(t.usb->vid, t.usb->pid,
                             [l](const devices::usb::UsbDeviceInfo&, bool arrived) {
                               if (arrived) l->arrived();
                             });
      if (w) link->hold(std::shared_ptr<devices::usb::HotplugWatch>(std::move(*w)));
    }
  }
  return link;
}

std::unique_ptr<devices::BillValidatorDriver> make_validator_driver(const DeviceConfig& v) {
  if (v.protocol == "ssp") {
    devices::ssp::SspDriverConfig c;
    c.fixed_key = v.essp_fixed_key;
    return std::make_unique<devices::ssp::SspDriver>(c);
  }
  if (v.protocol == "id003") return std::make_unique<devices::id003::Id003Driver>();
  return std::make_unique<devices::ccnet::CcnetDriver>();
}

}  // namespace kiosk::app
