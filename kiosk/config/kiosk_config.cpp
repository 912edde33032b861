#include "kiosk/config/kiosk_config.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosk/config/cash_out_config.hpp"
#include "kiosk/config/compliance_config.hpp"
#include "kiosk/config/json_reader.hpp"
#include "kiosk/source_tree.hpp"

namespace kiosk::app {
namespace {

using flows::Kzt;
using nlohmann::json;
constexpr std::int64_t kMaxKzt = 1'000'000'000'000;

std::uint16_t hex16(const std::string& s, const std::string& path, ConfigProblems& p) {
  if (s.size() != 4 || s.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
    p.add(path, "must be 4 hex digits like \"0403\"");
    return 0;
  }
  return static_cast<std::uint16_t>(std::stoul(s, nullptr, 16));
}

TransportConfig read_transport(const json& j, const std::string& path, ConfigProblems& p) {
  JsonObjectReader r(j, path, p);
  TransportConfig t;
  t.type = r.str("type");
  if (t.type != "sim" && t.type != "tty" && t.type != "usb")
    p.add(r.path("type"), "must be \"sim\", \"tty\" or \"usb\"");
  t.path = r.str("path", "");
  if (t.type == "tty" && t.path.empty()) p.add(r.path("path"), "is required for a tty transport");
  t.baud = static_cast<int>(r.integer("baud", 1200, 3'000'000, 9600));
  t.data_bits = static_cast<int>(r.integer("data_bits", 7, 8, 8));
  t.parity = r.str("parity", "none");
  if (t.parity != "none" && t.parity != "even" && t.parity != "odd")
    p.add(r.path("parity"), "must be \"none\", \"even\" or \"odd\"");
  t.stop_bits = static_cast<int>(r.integer("stop_bits", 1, 2, 1));
  t.bridge = r.str("bridge", "");
  if (!t.bridge.empty() && t.bridge != "ftdi" && t.bridge != "ch340" && t.bridge != "pl2303" &&
      t.bridge != "cdc_acm" && t.bridge != "printer")
    p.add(r.path("bridge"), "must be \"ftdi\", \"ch340\", \"pl2303\", \"cdc_acm\" or \"printer\"");
  if (r.has("usb")) {
    JsonObjectReader u(r.raw("usb"), r.path("usb"), p);
    UsbMatch m;
    m.vid = hex16(u.str("vid"), u.path("vid"), p);
    m.pid = hex16(u.str("pid"), u.path("pid"), p);
    m.serial = u.str("serial", "");
    t.usb = m;
  } else if (r.has("vid") || r.has("pid")) {  // the flat form: {"type": "usb", "vid": ...}
    UsbMatch m;
    m.vid = hex16(r.str("vid"), r.path("vid"), p);
    m.pid = hex16(r.str("pid"), r.path("pid"), p);
    m.serial = r.str("serial", "");
    t.usb = m;
  } else if (t.type == "usb") {
    p.add(r.path("usb"),
          "is required for a usb transport ({\"vid\": \"0403\", \"pid\": \"6001\"})");
  }
  return t;
}

DeviceConfig read_device(JsonObjectReader& r, const std::vector<std::string>& protocols) {
  DeviceConfig d;
  d.protocol = r.str("protocol");
  if (std::find(protocols.begin(), protocols.end(), d.protocol) == protocols.end()) {
    std::string list;
    for (auto& s : protocols) list += (list.empty() ? "" : ", ") + s;
    r.problems().add(r.path("protocol"), "must be one of: " + list);
  }
  d.transport = read_transport(r.raw("transport"), r.path("transport"), r.problems());
  return d;
}

void read_devices(const json& j, KioskConfig& c, ConfigProblems& p) {
  JsonObjectReader r(j, "$.devices", p);
  {
    JsonObjectReader v(r.raw("validator"), r.path("validator"), p);
    c.validator = read_device(v, {"ccnet", "id003", "ssp"});
    if (v.has("essp_fixed_key")) {  // 16 hex digits, as the unit's key is written: 0123456701234567
      const std::string k = v.str("essp_fixed_key");
      if (c.validator.protocol != "ssp")
        p.add(v.path("essp_fixed_key"), "is only for protocol \"ssp\"");
      else if (k.size() != 16 || k.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
        p.add(v.path("essp_fixed_key"), "must be 16 hex digits like \"0123456701234567\"");
      else
        c.validator.essp_fixed_key = std::stoull(k, nullptr, 16);
    }
  }
  {
    JsonObjectReader pr(r.raw("printer"), r.path("printer"), p);
    static_cast<DeviceConfig&>(c.printer) = read_device(pr, {"escpos"});
    if (c.printer.transport.type == "usb" && c.printer.transport.bridge.empty())
      c.printer.transport.bridge = "printer";  // a USB printer is a printer class device unless
                                               // the config names its serial bridge
    c.printer.columns = static_cast<int>(pr.integer("columns", 24, 64, 42));
    c.printer.codepage = static_cast<int>(pr.integer("codepage", 0, 255, 17));
    c.printer.kazakh_letters = pr.str("kazakh_letters", "transliterate");
    if (c.printer.kazakh_letters != "transliterate" && c.printer.kazakh_letters != "cp866_kz")
      p.add(pr.path("kazakh_letters"), "must be \"transliterate\" or \"cp866_kz\"");
  }
  {
    JsonObjectReader cam(r.raw("camera"), r.path("camera"), p);
    c.camera.type = cam.str("type");
    const auto& t = c.camera.type;
    if (t != "sim" && t != "v4l2" && t != "video" && t != "images")
      p.add(cam.path("type"), "must be \"sim\", \"v4l2\", \"video\" or \"images\"");
    c.camera.device = cam.str("device", "");
    const auto& d = c.camera.device;
    if ((t == "v4l2" || t == "video" || t == "images") && d.empty())
      p.add(cam.path("device"), t == "v4l2"    ? "required: a path (/dev/video0) or an index (0)"
                                : t == "video" ? "required: the video file to replay"
                                               : "required: the image folder to replay");
    if (t == "v4l2" && !d.empty() && d.rfind("/dev/", 0) != 0 &&
        d.find_first_not_of("0123456789") != std::string::npos)
      p.add(cam.path("device"), "must be a /dev/ path or a camera index (0, 1, ...)");
    c.camera.loop = cam.boolean("loop", false);
    c.camera.width = static_cast<int>(cam.integer("width", 160, 7680, 1280));
    c.camera.height = static_cast<int>(cam.integer("height", 120, 4320, 720));
    c.camera.fps = static_cast<int>(cam.integer("fps", 1, 120, 30));
  }
  if (r.has("dispenser")) {
    JsonObjectReader d(r.raw("dispenser"), r.path("dispenser"), p);
    DispenserConfig dc;
    static_cast<DeviceConfig&>(dc) = read_device(d, {"lcdm1000", "lcdm2000", "lcdm4000"});
    const json& cs = d.raw("cassettes");
    if (!cs.is_array() || cs.empty() || cs.size() > 4)
      p.add(d.path("cassettes"), "must be a list of 1 to 4 cassettes");
    else
      for (size_t i = 0; i < cs.size(); ++i) {
        JsonObjectReader cr(cs[i], d.path("cassettes") + "[" + std::to_string(i) + "]", p);
        dc.cassettes.push_back(
            {cr.integer("kzt", 1, 1'000'000), static_cast<int>(cr.integer("count", 0, 5000))});
      }
    c.dispenser = dc;
  }
}

// $.operator.support_phone and nearby_kiosks: shown to customers, so short and printable.
void read_support(JsonObjectReader& op, SupportConfig& s, ConfigProblems& p) {
  s.phone = op.str("support_phone", "");
  if (!s.phone.empty() &&
      (s.phone.size() > 24 || s.phone.find_first_not_of("+0123456789 ()-") != std::string::npos ||
       s.phone.find_first_of("0123456789") == std::string::npos))
    p.add(op.path("support_phone"), "must be a phone number: digits, spaces, + ( ) -, at most 24");
  s.nearby_kiosks = op.str_list("nearby_kiosks", std::vector<std::string>{});
  if (s.nearby_kiosks.size() > 5) p.add(op.path("nearby_kiosks"), "at most 5 places");
  for (const auto& k : s.nearby_kiosks)
    if (k.empty() || k.size() > 120) p.add(op.path("nearby_kiosks"), "each 1-120 bytes of text");
}

void read_cash_in(JsonObjectReader& root, KioskConfig& c, ConfigProblems& p) {
  auto& pol = c.cash_in;
  pol.languages = c.languages;
  {
    JsonObjectReader op(root.raw("operator"), "$.operator", p);
    pol.operator_name = op.str("name");
    pol.operator_info = op.str_list("info", std::vector<std::string>{});
    pol.receipt_qr_prefix = op.str("receipt_qr_prefix", "");
    read_support(op, c.support, p);
    c.commands.public_key_file = op.str("command_public_key_file", "");
    c.commands.poll_ms = static_cast<int>(op.integer("command_poll_ms", 200, 3'600'000, 10000));
    c.commands.max_skew_s = static_cast<int>(op.integer("command_max_skew_s", 0, 3600, 300));
    c.commands.technician_idle_s =
        static_cast<int>(op.integer("technician_idle_s", 30, 86'400, 600));
    read_heartbeat_interval(op, c.observability);
  }
  {
    JsonObjectReader f(root.raw("fees"), "$.fees", p);
    pol.fee_bps = static_cast<int>(f.integer("cash_in_bps", 0, 5000));
  }
  {
    JsonObjectReader l(root.raw("limits"), "$.limits", p);
    pol.max_tx = Kzt{l.integer("max_tx_kzt", 1, kMaxKzt)};
  }
  {
    JsonObjectReader ci(root.raw("cash_in"), "$.cash_in", p);
    for (auto d : ci.int_list("denominations_kzt", 1, 1'000'000))
      pol.denominations.push_back(Kzt{d});
    if (pol.denominations.empty())
      p.add(ci.path("denominations_kzt"), "must list at least one note");
    pol.max_rate_age = std::chrono::seconds(ci.integer("max_rate_age_s", 5, 3600, 120));
    pol.quote_ttl = std::chrono::seconds(ci.integer("quote_ttl_s", 10, 3600, 600));
    if (ci.has("timeouts_s")) {
      JsonObjectReader t(ci.raw("timeouts_s"), ci.path("timeouts_s"), p);
      auto& to = pol.timeouts;
      auto sec = [&](const char* key, Millis& out) {
        out = std::chrono::seconds(
            t.integer(key, 1, 3600, std::chrono::duration_cast<std::chrono::seconds>(out).count()));
      };
      sec("choose_asset", to.choose_asset);
      sec("scan_wallet", to.scan_wallet);
      sec("insert_notes", to.insert_notes);
      sec("escrow", to.escrow);
      sec("receipt", to.receipt);
      sec("done", to.done);
      sec("ended", to.ended);
      sec("identify", to.identify);
      sec("scan_document", to.scan_document);
      sec("checking_customer", to.checking_customer);
      sec("selfie", to.selfie);
    }
  }
  {
    JsonObjectReader o(root.raw("offline"), "$.offline", p);
    pol.offline.enabled = o.boolean("enabled");
    pol.offline.max_rate_age = std::chrono::seconds(o.integer("max_rate_age_s", 0, 7 * 86400));
    pol.offline.max_tx = Kzt{o.integer("max_tx_kzt", 0, kMaxKzt)};
    pol.offline.cap = Kzt{o.integer("cap_kzt", 0, kMaxKzt)};
  }
}

KioskConfig read_root(const json& j, ConfigProblems& p) {
  KioskConfig c;
  JsonObjectReader r(j, "$", p);
  c.kiosk_id = r.str("kiosk_id");
  if (c.kiosk_id.empty() || c.kiosk_id.size() > 64 ||
      c.kiosk_id.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != std::string::npos)
    p.add("$.kiosk_id", "must be 1-64 letters, digits, '-' or '_'");
  c.languages = r.str_list("languages");
  for (auto& l : c.languages)
    if (l != "kk" && l != "ru" && l != "en")
      p.add("$.languages", "unknown language \"" + l + "\" (kk, ru, en)");
  if (c.languages.empty()) p.add("$.languages", "must list at least one language");
  const json& assets = r.raw("assets");
  if (!assets.is_array() || assets.empty()) p.add("$.assets", "must be a non-empty list");
  for (size_t i = 0; assets.is_array() && i < assets.size(); ++i) {
    JsonObjectReader a(assets[i], "$.assets[" + std::to_string(i) + "]", p);
    AssetConfig ac{a.str("id"), a.str("name"), a.str("symbol")};
    if (ac.id.find('/') == std::string::npos)
      p.add(a.path("id"), "must be ASSET/NETWORK, e.g. BTC/bitcoin");
    c.assets.push_back(ac);
  }
  read_cash_in(r, c, p);
  read_devices(r.raw("devices"), c, p);
  read_cash_out(r, c, p);
  read_compliance(r, c, p);
  {
    JsonObjectReader e(r.raw("exchange"), "$.exchange", p);
    c.exchange.url = e.str("url");
    if (c.exchange.url != "sim" && !c.exchange.url.starts_with("http://") &&
        !c.exchange.url.starts_with("https://"))
      p.add(e.path("url"), "must be \"sim\" or an http(s):// URL");
    c.exchange.secret_file = e.str("secret_file");
    c.exchange.ca_file = e.str("ca_file", "");
    c.exchange.timeout_ms = static_cast<int>(e.integer("timeout_ms", 100, 120000, 5000));
    c.exchange.rates_refresh_s = static_cast<int>(e.integer("rates_refresh_s", 1, 3600, 30));
  }
  {
    JsonObjectReader s(r.raw("storage"), "$.storage", p);
    c.db_path = s.str("db_path");
  }
  {
    JsonObjectReader u(r.raw("ui"), "$.ui", p);
    c.ui_port = static_cast<int>(u.integer("port", 0, 65535, 8080));
    c.www_dir = u.str("www_dir", "");
  }
  read_ctl(r, c.observability);
  return c;
}

}  // namespace

std::expected<KioskConfig, ConfigError> load_config_text(const std::string& text,
                                                         const std::string& source) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    return std::unexpected(ConfigError{{source + ": not valid JSON: " + e.what()}});
  }
  ConfigProblems p;
  KioskConfig c;
  {
    c = read_root(j, p);  // readers report unknown keys as they go out of scope
  }
  if (!p.empty()) return std::unexpected(ConfigError{p.list()});
  c.source_path = source;
  return c;
}

std::expected<KioskConfig, ConfigError> load_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::unexpected(ConfigError{{path + ": cannot open the file"}});
  std::stringstream ss;
  ss << in.rdbuf();
  return load_config_text(ss.str(), path);
}

std::string config_relative(const KioskConfig& c, const std::string& file) {
  std::filesystem::path p = file;
  if (p.is_relative() && !c.source_path.empty())
    p = std::filesystem::path(c.source_path).parent_path() / p;
  return p.string();
}

std::string default_sim_config_path() { return sim_config_dir() + "/sim.json"; }

}  // namespace kiosk::app
