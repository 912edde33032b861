#include "kiosk/runtime/runtime_parts.hpp"

#include <filesystem>
#include <fstream>
#include <random>

#include "devices/ccnet/ccnet_driver.hpp"
#include "devices/ssp/ssp_driver.hpp"
#include "devices/tty_transport.hpp"
#include "flows/wallet/parse_wallet.hpp"

namespace kiosk::app {

std::expected<std::string, std::string> read_secret(const KioskConfig& c) {
  std::filesystem::path p = c.exchange.secret_file;
  if (p.is_relative() && !c.source_path.empty())
    p = std::filesystem::path(c.source_path).parent_path() / p;
  std::ifstream in(p);
  std::string line;
  if (!in || !std::getline(in, line) || line.empty())
    return std::unexpected("exchange.secret_file " + p.string() + ": missing or empty");
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

flows::cash_in::TxIdSource make_tx_ids(std::string kiosk_id,
                                       std::function<std::int64_t()> wall_ms) {
  auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [kiosk_id = std::move(kiosk_id), wall_ms = std::move(wall_ms), rng] {
    static const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    auto ms = static_cast<std::uint64_t>(wall_ms());
    std::string t;
    do {
      t.insert(t.begin(), digits[ms % 36]);
      ms /= 36;
    } while (ms);
    char rnd[8];
    std::snprintf(rnd, sizeof rnd, "%04x", static_cast<unsigned>((*rng)() & 0xffff));
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

std::expected<std::unique_ptr<devices::Transport>, std::string> open_serial(
    boost::asio::io_context& io, const TransportConfig& t) {
  if (t.type != "tty")
    return std::unexpected("transport type '" + t.type + "' is not supported by this build yet");
  devices::SerialSettings s;
  s.path = t.path;
  s.baud = static_cast<unsigned>(t.baud);
  s.data_bits = static_cast<unsigned>(t.data_bits);
  s.parity = t.parity == "even"  ? devices::SerialSettings::Parity::Even
             : t.parity == "odd" ? devices::SerialSettings::Parity::Odd
                                 : devices::SerialSettings::Parity::None;
  s.stop_bits = static_cast<unsigned>(t.stop_bits);
  auto tty = devices::TtyTransport::open(io, s);
  if (!tty) return std::unexpected(tty.error());
  return std::unique_ptr<devices::Transport>(std::move(*tty));
}

std::unique_ptr<devices::BillValidatorDriver> make_validator_driver(const DeviceConfig& v) {
  if (v.protocol == "ssp") {
    devices::ssp::SspDriverConfig c;
    c.fixed_key = v.essp_fixed_key;
    return std::make_unique<devices::ssp::SspDriver>(c);
  }
  return std::make_unique<devices::ccnet::CcnetDriver>();
}

}  // namespace kiosk::app
