// A stand-in for the kiosk application, for the browser tests: serves ui/www with the sim console
// on, and pushes a scripted cash-in sequence of screens in answer to touches and sim console
// actions. It is a fixture, not a flow: amounts are computed with the money helpers only to show
// realistic text. Prints the UI server's "event=ui.listening ... port=N" line on stderr when ready.
//
//   ui_fixture_server [--port N] [--www DIR] [--deadline SECONDS] [--max-kzt N]
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "flows/money.hpp"
#include "ui/ui_server.hpp"

namespace {
using kiosk::flows::format_kzt;
using kiosk::flows::Kzt;
using kiosk::ui::Channel;
using nlohmann::json;

struct FixtureAsset {
  std::string id, name, symbol, rate;
  int decimals;
  std::string masked_address;
};

const std::vector<FixtureAsset> kAssets = {
    {"BTC/bitcoin", "Bitcoin", "BTC", "48231000", 8, "bc1qw5…f3t4"},
    {"ETH/ethereum", "Ethereum", "ETH", "1650000", 18, "0x52908…5c2d"},
    {"USDT/tron", "Tether (TRON)", "USDT", "520", 6, "TQn9Y…dLhM"},
};
constexpr int kFeeBps = 200;

class ScriptedKiosk {
 public:
  ScriptedKiosk(boost::asio::io_context& ioc, kiosk::ui::UiServer& ui, int deadline_s, Kzt max_kzt)
      : ioc_(ioc), ui_(ui), deadline_s_(deadline_s), max_kzt_(max_kzt) {
    devices_ = {{"validator", {{"state", "idle"}, {"plugged", true}, {"jammed", false}}},
                {"printer", {{"paper", "ok"}, {"plugged", true}}},
                {"camera", {{"state", "idle"}}},
                {"exchange", {{"partitioned", false}}}};
  }

  void begin() {
    welcome();
    push_sim_state();
  }

  void on_message(Channel ch, const json& msg) {
    const std::string type = msg.value("type", "");
    const std::string action = msg.value("action", "");
    if (ch == Channel::Customer && type == "action") on_action(action, msg.value("value", json()));
    if (ch == Channel::Sim && type == "sim") on_sim(action, msg);
  }

 private:
  void on_action(const std::string& action, const json& value) {
    log("touch action=" + action);
    if (action == "choose_language" && screen_ == "welcome" && value.is_string()) {
      lang_ = value.get<std::string>();
      return choose_asset();
    }
    if (action == "choose_asset" && screen_ == "choose_asset" && value.is_string()) {
      for (std::size_t i = 0; i < kAssets.size(); ++i) {
        if (kAssets[i].id == value.get<std::string>()) asset_ = i;
      }
      return scan_wallet(nullptr);
    }
    if (action == "confirm" && screen_ == "insert_notes" && inserted_.value > 0) return confirm();
    if (action == "cancel") return cancelled();
    if (action == "finish") return welcome();
  }

  void on_sim(const std::string& action, const json& msg) {
    log("sim action=" + action);
    if (action == "present_qr" && screen_ == "scan_wallet") {
      if (msg.contains("payload")) return scan_wallet("invalid_qr");
      if (msg.value("asset", "") != kAssets[asset_].id) return scan_wallet("wrong_asset");
      if (!msg.value("valid", false)) return scan_wallet("invalid_qr");
      return insert_notes(nullptr);
    }
    if (action == "insert_note" && screen_ == "insert_notes") {
      const Kzt note{msg.value("kzt", 0)};
      if (inserted_ + note > max_kzt_) return insert_notes("note_over_limit");
      inserted_ += note;
      auto& count = stacked_[std::to_string(note.value)];
      count = count.is_number() ? count.get<int>() + 1 : 1;
      return insert_notes(nullptr);
    }
    if (action == "insert_fake" && screen_ == "insert_notes") return insert_notes("note_rejected");
    if (action == "jam_validator") devices_["validator"]["jammed"] = true;
    if (action == "clear_jam") devices_["validator"]["jammed"] = false;
    if (action == "unplug") devices_[msg.value("device", "validator")]["plugged"] = false;
    if (action == "replug") devices_[msg.value("device", "validator")]["plugged"] = true;
    if (action == "printer_paper") devices_["printer"]["paper"] = msg.value("state", "ok");
    if (action == "cut_exchange") devices_["exchange"]["partitioned"] = true;
    if (action == "restore_exchange") devices_["exchange"]["partitioned"] = false;
    push_sim_state();
  }

  json asset_json() const {
    const auto& a = kAssets[asset_];
    return {{"id", a.id},
            {"name", a.name},
            {"symbol", a.symbol},
            {"price_kzt", format_kzt(Kzt{std::stoll(a.rate)})}};
  }

  std::string crypto_text() const {
    const auto& a = kAssets[asset_];
    const auto fee = kiosk::flows::fee_for(inserted_, kFeeBps);
    const auto atoms = kiosk::flows::crypto_for_fiat(
        inserted_ - fee, *kiosk::flows::Rate::parse(a.rate), a.decimals);
    return kiosk::flows::atoms_to_units(atoms.value_or(0), a.decimals) + " " + a.symbol;
  }

  void welcome() {
    inserted_ = Kzt{0};
    lang_ = "ru";
    json prices = json::array();
    for (std::size_t i = 0; i < kAssets.size(); ++i) {
      asset_ = i;
      prices.push_back(asset_json());
    }
    asset_ = 0;
    show("welcome", json{{"languages", {"kk", "ru", "en"}}, {"prices", prices}}, false);
  }

  void choose_asset() {
    json assets = json::array();
    for (std::size_t i = 0; i < kAssets.size(); ++i) {
      asset_ = i;
      assets.push_back(asset_json());
    }
    asset_ = 0;
    show("choose_asset", {{"assets", assets}}, true);
  }

  void scan_wallet(const char* error) {
    show("scan_wallet", {{"asset", asset_json()}, {"error", error ? json(error) : json()}}, true);
  }

  void insert_notes(const char* message) {
    json denominations = json::array();
    const Kzt room = max_kzt_ - inserted_;
    for (int d : {1000, 2000, 5000, 10000, 20000})
      if (Kzt{d} <= room) denominations.push_back(format_kzt(Kzt{d}));
    json text = message ? json(message) : json();
    if (message && std::string(message) == "note_over_limit")
      text = {{"key", message}, {"params", {{"kzt", format_kzt(room)}}}};
    const bool offline = devices_["exchange"]["partitioned"].get<bool>();
    show("insert_notes",
         {{"asset", asset_json()},
          {"address", kAssets[asset_].masked_address},
          {"inserted_kzt", format_kzt(inserted_)},
          {"fee_kzt", format_kzt(kiosk::flows::fee_for(inserted_, kFeeBps))},
          {"crypto", crypto_text()},
          {"max_kzt", format_kzt(max_kzt_)},
          {"remaining_kzt", format_kzt(room)},
          {"limit_reached", inserted_.value > 0 && denominations.empty()},
          {"denominations", denominations},
          {"offline", offline},
          {"note_in_escrow", false},
          {"can_confirm", inserted_.value > 0},
          {"message", text}},
         true);
    push_sim_state();
  }

  void confirm() {
    show("processing", {{"message", "sending"}}, false);
    timer_.expires_after(std::chrono::milliseconds(300));
    timer_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      ++tx_count_;
      const std::string tx_id = "TX-" + std::to_string(1000 + tx_count_);
      receipts_.push_back({{"lines",
                            {"KIOSK RECEIPT", "Paid: " + format_kzt(inserted_),
                             "Crypto: " + crypto_text(), "Tx: " + tx_id}},
                           {"qr", {tx_id}}});
      show("done",
           {{"tx_id", tx_id},
            {"fiat_kzt", format_kzt(inserted_)},
            {"crypto", crypto_text()},
            {"address", kAssets[asset_].masked_address},
            {"offline", devices_["exchange"]["partitioned"].get<bool>()},
            {"receipt_printed", true},
            {"message", nullptr}},
           false);
      push_sim_state();
    });
  }

  void cancelled() {
    show("session_ended",
         {{"reason", "cancelled"},
          {"owed_kzt", inserted_.value > 0 ? json(format_kzt(inserted_)) : json()},
          {"message", nullptr}},
         true);
  }

  void show(const std::string& screen, json data, bool timed) {
    screen_ = screen;
    ui_.broadcast(Channel::Customer, {{"type", "screen"},
                                      {"screen", screen},
                                      {"lang", lang_},
                                      {"deadline_s", timed ? json(deadline_s_) : json()},
                                      {"data", std::move(data)}});
  }

  void push_sim_state() {
    ui_.broadcast(Channel::Sim, {{"type", "sim_state"},
                                 {"devices", devices_},
                                 {"receipts", receipts_},
                                 {"notes_stacked", stacked_},
                                 {"log", log_}});
  }

  void log(std::string line) {
    log_.push_back(std::move(line));
    if (log_.size() > 200) log_.erase(log_.begin());
  }

  boost::asio::io_context& ioc_;
  kiosk::ui::UiServer& ui_;
  boost::asio::steady_timer timer_{ioc_};
  int deadline_s_;
  Kzt max_kzt_;
  std::string screen_;
  std::string lang_ = "ru";
  std::size_t asset_ = 0;
  Kzt inserted_{0};
  int tx_count_ = 0;
  json devices_;
  json receipts_ = json::array();
  json stacked_ = json::object();
  json log_ = json::array();
};

}  // namespace

int main(int argc, char** argv) {
  kiosk::ui::UiServerConfig config;
  config.port = 0;
  config.www_dir = KIOSK_SOURCE_DIR "/ui/www";
  config.sim_console = true;
  int deadline_s = 90;
  Kzt max_kzt{500000};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--port")
      config.port = static_cast<std::uint16_t>(std::atoi(argv[i + 1]));
    else if (flag == "--www")
      config.www_dir = argv[i + 1];
    else if (flag == "--deadline")
      deadline_s = std::atoi(argv[i + 1]);
    else if (flag == "--max-kzt")
      max_kzt = Kzt{std::atoll(argv[i + 1])};
    else {
      std::cerr << "usage: ui_fixture_server [--port N] [--www DIR] [--deadline SECONDS] "
                   "[--max-kzt N]\n";
      return 2;
    }
  }

  boost::asio::io_context ioc;
  kiosk::ui::UiServer ui(ioc, config);
  ScriptedKiosk kiosk(ioc, ui, deadline_s, max_kzt);
  ui.on_message([&](Channel ch, const json& msg) { kiosk.on_message(ch, msg); });
  if (auto started = ui.start(); !started) {
    std::cerr << started.error() << "\n";
    return 1;
  }
  kiosk.begin();

  // On SIGTERM: close the clients (going away), give the closing handshakes a moment, then exit.
  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  boost::asio::steady_timer grace(ioc);
  signals.async_wait([&](boost::system::error_code, int) {
    ui.stop();
    grace.expires_after(std::chrono::milliseconds(100));
    grace.async_wait([&](boost::system::error_code) { ioc.stop(); });
  });
  ioc.run();
  return 0;
}
