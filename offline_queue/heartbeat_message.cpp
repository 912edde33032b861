#include "offline_queue/heartbeat_message.hpp"

namespace kiosk::oq {
namespace {

using nlohmann::json;

constexpr std::int64_t kMaxCount = 1'000'000'000'000'000;  // 10^15: Unix ms fit

json device_json(const DeviceHealthReport& d) { return {{"state", d.state}, {"detail", d.detail}}; }

std::expected<std::int64_t, MessageError> count(const json& obj, std::string_view key) {
  auto v = json_read::int64(obj, key);
  if (!v) return v;
  if (*v < 0 || *v > kMaxCount)
    return std::unexpected(
        MessageError{"'" + std::string(key) + "' must be 0.." + std::to_string(kMaxCount)});
  return v;
}

std::expected<const json*, MessageError> object(const json& obj, std::string_view key) {
  const json* f = json_read::field(obj, key);
  if (f == nullptr || !f->is_object())
    return std::unexpected(MessageError{"'" + std::string(key) + "' must be an object"});
  return f;
}

std::expected<DeviceHealthReport, MessageError> parse_device(const json& devices,
                                                             std::string_view name) {
  const json* d = nullptr;
  KIOSK_TRY_ASSIGN(d, object(devices, name));
  DeviceHealthReport r;
  KIOSK_TRY_ASSIGN(r.state, json_read::string(*d, "state"));
  if (r.state != "ok" && r.state != "fault" && r.state != "absent" && r.state != "unknown")
    return std::unexpected(MessageError{"devices." + std::string(name) +
                                        ".state must be ok, fault, absent or unknown"});
  KIOSK_TRY_ASSIGN(r.detail, json_read::string(*d, "detail", true));
  return r;
}

}  // namespace

std::string heartbeat_body(const Heartbeat& h) {
  json cassettes = json::array();
  for (const auto& c : h.cassettes)
    cassettes.push_back({{"index", c.index}, {"kzt", c.kzt}, {"count", c.count}});
  json j = {
      {"kiosk_id", h.kiosk_id},
      {"sent_at_ms", h.sent_at_ms},
      {"software_version", h.software_version},
      {"uptime_s", h.uptime_s},
      {"mode", h.mode},
      {"reason", h.reason},
      {"offers", {{"buy", h.buy_offered}, {"sell", h.sell_offered}}},
      {"devices",
       {{"validator", device_json(h.validator)},
        {"dispenser", device_json(h.dispenser)},
        {"printer", device_json(h.printer)},
        {"camera", device_json(h.camera)}}},
      {"cassettes", std::move(cassettes)},
      {"reject_tray_notes", h.reject_tray_notes},
      {"cash_box", {{"notes", h.cash_box_notes}, {"kzt", h.cash_box_kzt}}},
      {"outbox", {{"depth", h.outbox_depth}, {"oldest_age_s", h.outbox_oldest_age_s}}},
      {"journal", {{"head_seq", h.journal_head_seq}, {"acked_through", h.journal_acked_through}}}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::expected<Heartbeat, MessageError> parse_heartbeat(std::string_view body) {
  json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(body));
  Heartbeat h;
  KIOSK_TRY_ASSIGN(h.kiosk_id, json_read::string(root, "kiosk_id"));
  KIOSK_TRY_ASSIGN(h.sent_at_ms, count(root, "sent_at_ms"));
  KIOSK_TRY_ASSIGN(h.software_version, json_read::string(root, "software_version"));
  KIOSK_TRY_ASSIGN(h.uptime_s, count(root, "uptime_s"));
  KIOSK_TRY_ASSIGN(h.mode, json_read::string(root, "mode"));
  KIOSK_TRY_ASSIGN(h.reason, json_read::string(root, "reason", true));
  const json* offers = nullptr;
  KIOSK_TRY_ASSIGN(offers, object(root, "offers"));
  KIOSK_TRY_ASSIGN(h.buy_offered, json_read::boolean(*offers, "buy"));
  KIOSK_TRY_ASSIGN(h.sell_offered, json_read::boolean(*offers, "sell"));
  const json* devices = nullptr;
  KIOSK_TRY_ASSIGN(devices, object(root, "devices"));
  KIOSK_TRY_ASSIGN(h.validator, parse_device(*devices, "validator"));
  KIOSK_TRY_ASSIGN(h.dispenser, parse_device(*devices, "dispenser"));
  KIOSK_TRY_ASSIGN(h.printer, parse_device(*devices, "printer"));
  KIOSK_TRY_ASSIGN(h.camera, parse_device(*devices, "camera"));
  const json* cassettes = json_read::field(root, "cassettes");
  if (cassettes == nullptr || !cassettes->is_array() || cassettes->size() > 16)
    return std::unexpected(MessageError{"'cassettes' must be a list of at most 16"});
  for (const auto& c : *cassettes) {
    CassetteReport r;
    std::int64_t index = 0;
    KIOSK_TRY_ASSIGN(index, count(c, "index"));
    if (index > 16) return std::unexpected(MessageError{"cassette 'index' must be 0..16"});
    r.index = static_cast<int>(index);
    KIOSK_TRY_ASSIGN(r.kzt, count(c, "kzt"));
    KIOSK_TRY_ASSIGN(r.count, count(c, "count"));
    h.cassettes.push_back(r);
  }
  KIOSK_TRY_ASSIGN(h.reject_tray_notes, count(root, "reject_tray_notes"));
  const json* box = nullptr;
  KIOSK_TRY_ASSIGN(box, object(root, "cash_box"));
  KIOSK_TRY_ASSIGN(h.cash_box_notes, count(*box, "notes"));
  KIOSK_TRY_ASSIGN(h.cash_box_kzt, count(*box, "kzt"));
  const json* outbox = nullptr;
  KIOSK_TRY_ASSIGN(outbox, object(root, "outbox"));
  KIOSK_TRY_ASSIGN(h.outbox_depth, count(*outbox, "depth"));
  KIOSK_TRY_ASSIGN(h.outbox_oldest_age_s, count(*outbox, "oldest_age_s"));
  const json* journal = nullptr;
  KIOSK_TRY_ASSIGN(journal, object(root, "journal"));
  KIOSK_TRY_ASSIGN(h.journal_head_seq, count(*journal, "head_seq"));
  KIOSK_TRY_ASSIGN(h.journal_acked_through, count(*journal, "acked_through"));
  return h;
}

std::string heartbeat_answer_body(std::int64_t commands_after) {
  return json{{"commands_after", commands_after}}.dump();
}

std::expected<std::int64_t, MessageError> parse_heartbeat_answer(std::string_view body) {
  json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(body));
  return count(root, "commands_after");
}

}  // namespace kiosk::oq
