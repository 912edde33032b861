#include "kiosk/observe/ctl_text.hpp"

namespace kiosk::app {

using nlohmann::json;

namespace {

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return "?";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string kzt(const json& v) {
  std::string digits = v.is_number_integer() ? std::to_string(v.get<std::int64_t>()) : "?";
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += ' ';
    out += digits[i];
  }
  return out + " KZT";
}

std::string device_line(const std::string& name, const json& d) {
  std::string detail = str(d, "detail");
  return name + ": " + str(d, "state") +
         (detail.empty() || detail == "?" ? "" : " (" + detail + ")");
}

}  // namespace

std::string ctl_human_text(const std::string& cmd, const json& answer) {
  if (!answer.is_object()) return "unreadable answer\n";
  if (answer.value("ok", false) != true)
    return "refused: " + str(answer, "error") + ": " + str(answer, "message") + "\n";
  const json& r = answer.contains("result") ? answer["result"] : json::object();
  std::string out;
  if (cmd == "status") {
    std::string reason = str(r, "reason");
    out += "kiosk " + str(r, "kiosk_id") + " (version " + str(r, "software_version") + ", up " +
           str(r, "uptime_s") + " s)\n";
    out += "mode: " + str(r, "mode") + (reason.empty() ? "" : " (" + reason + ")") + "\n";
    const json& o = r.value("offers", json::object());
    out += "buy: " +
           std::string(o.value("buy", false) ? "offered"
                                             : "not offered (" + str(o, "buy_reason") + ")") +
           "\n";
    out += "sell: " +
           std::string(o.value("sell", false) ? "offered"
                                              : "not offered (" + str(o, "sell_reason") + ")") +
           "\n";
    out += "customer: " + std::string(r.value("in_session", false) ? "in a session" : "none") +
           " (screen " + str(r, "screen") + ")\n";
    out +=
        "exchange: " + std::string(r.value("exchange_online", false) ? "online" : "offline") + "\n";
    const json& ob = r.value("outbox", json::object());
    out += "outbox: " + str(ob, "depth") + " waiting, oldest " + str(ob, "oldest_age_s") + " s\n";
    const json& jr = r.value("journal", json::object());
    out += "journal: " + str(jr, "head_seq") + " rows, exchange holds through " +
           str(jr, "acked_through") + "\n";
    return out;
  }
  if (cmd == "devices") {
    for (const char* d : {"validator", "dispenser", "printer", "camera"})
      out += device_line(d, r.value(d, json::object())) + "\n";
    return out;
  }
  if (cmd == "cassettes") {
    for (const auto& c : r.value("cassettes", json::array()))
      out += "cassette " + str(c, "index") + ": " + str(c, "count") + " x " +
             kzt(c.value("kzt", json())) + "\n";
    out += "reject tray: " + str(r, "reject_tray_notes") + " notes\n";
    const json& box = r.value("cash_box", json::object());
    out += "cash box: " + str(box, "notes") + " notes, " + kzt(box.value("kzt", json())) + "\n";
    return out;
  }
  if (cmd == "journal_tail") {
    for (const auto& row : r.value("rows", json::array()))
      out += str(row, "seq") + " " + str(row, "type") + " " + str(row, "tx_id") + " " +
             row.value("payload", json()).dump() + "\n";
    return out;
  }
  if (cmd == "test_dispense" && r.contains("moved_to_reject_tray")) {
    out += "test dispense from cassette " + str(r, "cassette") + ": " +
           str(r, "moved_to_reject_tray") + " of " + str(r, "requested") +
           " notes into the reject tray (" + str(r, "result") + ")\n";
    return out;
  }
  if (cmd == "refill") {
    out += "refilled\n";
    const json& rec = r.value("reconciliation", json());
    if (rec.is_object())
      for (const auto& l : rec.value("cassettes", json::array()))
        out += "cassette " + str(l, "index") + ": expected " + str(l, "expected") + ", counted " +
               str(l, "counted") + ", difference " + str(l, "difference") + "\n";
    return out;
  }
  return r.dump(2) + "\n";
}

}  // namespace kiosk::app
