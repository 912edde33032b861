// The kiosk's one config file (JSON), as typed values. `load_config` validates everything at
// start-up and returns every problem with its JSON path; unknown keys are errors.
// config/sim.json is the embedded default for `kiosk run --sim`; config/README.md documents keys.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "flows/cash_in/cash_in_types.hpp"
#include "flows/cash_out/cash_out_types.hpp"
#include "kiosk/config/compliance_config.hpp"
#include "kiosk/config/observability_config.hpp"

namespace kiosk::app {

struct UsbMatch {
  std::uint16_t vid = 0, pid = 0;
  std::string serial;  // empty: any
};

struct TransportConfig {
  std::string type;  // "sim" (in-process simulator), "tty", "usb"
  std::string path;  // tty: /dev/ttyUSB0
  int baud = 9600;
  int data_bits = 8;
  std::string parity = "none";  // none, even, odd
  int stop_bits = 1;
  std::optional<UsbMatch> usb;
  std::string bridge;  // usb: ftdi, ch340, pl2303, cdc_acm, printer; empty: ftdi (printer class
                       // for the printer)
};

struct DeviceConfig {
  std::string protocol;  // validator: ccnet, id003, ssp; printer: escpos
  TransportConfig transport;
  std::uint64_t essp_fixed_key = 0x0123456701234567ULL;  // validator "ssp": the eSSP preset key
};

struct PrinterConfig : DeviceConfig {
  int columns = 42;
  int codepage = 17;
  std::string kazakh_letters = "transliterate";  // or "cp866_kz" (Custom printers)
};

struct CameraConfig {
  std::string type = "sim";  // "sim", "v4l2", "video", "images"
  std::string device;        // v4l2: /dev/video0 or an index; video: a file; images: a folder
  int width = 1280, height = 720, fps = 30;
  bool loop = false;  // video, images: replay from the start at the end
};

struct CassetteConfig {
  std::int64_t kzt = 0;
  int count = 0;
};

struct DispenserConfig : DeviceConfig {
  std::vector<CassetteConfig> cassettes;
};

struct AssetConfig {
  std::string id, name, symbol;
};

struct ExchangeConfig {
  std::string url;          // "sim" = the in-process exchange simulator
  std::string secret_file;  // HMAC secret, one line
  std::string ca_file;      // HTTPS CA bundle; empty: system default
  int timeout_ms = 5000;
  int rates_refresh_s = 30;
};

// Where a customer gets help, shown on the screens that send them to the operator ($.operator).
struct SupportConfig {
  std::string phone;                       // "+7 717 000 00 00"; empty: none configured
  std::vector<std::string> nearby_kiosks;  // "Mega Silk Way, Kabanbay Batyr 62", at most 5
};

// Signed operator commands, pulled from the exchange ($.operator.command_*; kiosk/maintenance/).
struct OperatorCommandsConfig {
  std::string public_key_file;  // PEM Ed25519 public key; empty: commands are not polled
  int poll_ms = 10000;          // GET /v1/commands interval
  int max_skew_s = 300;         // an issued_at further ahead than this is refused (expired)
  int technician_idle_s = 600;  // a technician badge's screen logs out after this without a touch
};

struct KioskConfig {
  std::string kiosk_id;
  SupportConfig support;
  OperatorCommandsConfig commands;
  std::vector<std::string> languages;
  std::vector<AssetConfig> assets;
  flows::cash_in::Policy cash_in;  // languages, fees, limits, timeouts, offline policy, operator
  DeviceConfig validator;
  PrinterConfig printer;
  CameraConfig camera;
  std::optional<DispenserConfig> dispenser;
  bool cash_out_enabled = false;
  flows::cash_out::Policy cash_out;  // amounts, limits, timeouts (kiosk/config/cash_out_config)
  ComplianceConfig compliance;       // identification and limits (kiosk/config/compliance_config)
  ExchangeConfig exchange;
  ObservabilityConfig observability;  // heartbeat interval, ctl socket
  std::string db_path;
  int ui_port = 8080;
  std::string www_dir;
  std::string source_path;  // the file this came from, for messages
};

struct ConfigError {
  std::vector<std::string> problems;  // "$.path: what is wrong"
};

std::expected<KioskConfig, ConfigError> load_config_file(const std::string& path);
std::expected<KioskConfig, ConfigError> load_config_text(const std::string& text,
                                                         const std::string& source);
// A file named in the config (a key file, ...): relative paths are resolved from the config
// file's folder.
std::string config_relative(const KioskConfig& c, const std::string& file);
// The embedded default used by `kiosk run --sim` (config/sim.json from the source tree).
std::string default_sim_config_path();

}  // namespace kiosk::app
