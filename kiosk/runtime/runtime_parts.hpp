// Small builders the runtime uses: each turns config into one piece.
#pragma once

#include <boost/asio/io_context.hpp>
#include <expected>
#include <memory>
#include <string>

#include "devices/bill_validator.hpp"
#include "devices/device_link.hpp"
#include "devices/escpos/escpos_profile.hpp"
#include "devices/transport.hpp"
#include "flows/cash_in/cash_in_flow.hpp"
#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/shell/random_source.hpp"

namespace kiosk::app {

// The exchange secret from `secret_file` (resolved from the config file's folder), read by the one
// key-file rule (offline_queue/key_file.hpp).
std::expected<std::string, std::string> read_secret(const KioskConfig& c);

// Transaction ids unique across restarts: "<kiosk>-<unix ms in base 36>-<4 random hex>". The
// random part comes from `random` (the simulation passes a seeded source; by default the
// system's entropy).
flows::cash_in::TxIdSource make_tx_ids(std::string kiosk_id, std::function<std::int64_t()> wall_ms,
                                       RandomSource random = system_random_source());

// The wallet QR check for the chosen asset, on flows/wallet's parser (mainnet only).
flows::cash_in::WalletResolver make_wallet_resolver();

devices::EscPosProfile printer_profile(const PrinterConfig& p);

// The validator driver for the config's protocol ("ccnet", "id003").
std::unique_ptr<devices::BillValidatorDriver> make_validator_driver(const DeviceConfig& d);

// A tty or usb transport from the config (usb: libusb, one shared context per io_context).
std::expected<std::unique_ptr<devices::Transport>, std::string> open_serial(
    boost::asio::io_context& io, const TransportConfig& t);

// Re-opens `t` (tty or usb) after its device is lost, on a backoff timer; for usb, a libusb
// hotplug arrival of the configured VID:PID retries at once. Outages are logged as `device.link`.
std::unique_ptr<devices::DeviceLink> make_device_link(boost::asio::io_context& io,
                                                      const std::string& name,
                                                      const TransportConfig& t);

// The bill validator driver for `devices.validator.protocol` ("ccnet", "ssp").
std::unique_ptr<devices::BillValidatorDriver> make_validator_driver(const DeviceConfig& v);

}  // namespace kiosk::app
