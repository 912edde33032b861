#include "sim/exchange/heartbeat_desk.hpp"

#include "offline_queue/exchange_messages.hpp"

namespace kiosk::sim {

SimResponse HeartbeatDesk::receive(const std::string& kiosk, const std::string& body,
                                   std::int64_t now_ms, std::int64_t commands_after) {
  if (!oq::json_read::parse_object(body))
    return SimResponse{400, oq::error_body("bad_request", "heartbeat body must be a JSON object")};
  HeartbeatSeen& seen = latest_[kiosk];
  seen.body = body;
  seen.received_at_ms = now_ms;
  ++seen.count;
  auto parsed = oq::parse_heartbeat(body);
  seen.parsed = parsed ? std::optional<oq::Heartbeat>(*parsed) : std::nullopt;
  seen.problem = parsed ? "" : parsed.error().what;
  return SimResponse{200, oq::heartbeat_answer_body(commands_after)};
}

std::optional<std::string> HeartbeatDesk::last_body(const std::string& kiosk) const {
  auto it = latest_.find(kiosk);
  if (it == latest_.end()) return std::nullopt;
  return it->second.body;
}

nlohmann::json HeartbeatDesk::to_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [kiosk, seen] : latest_) {
    nlohmann::json j = {{"kiosk_id", kiosk},
                        {"received_at_ms", seen.received_at_ms},
                        {"count", seen.count},
                        {"valid", seen.parsed.has_value()},
                        {"heartbeat", nlohmann::json::parse(seen.body, nullptr, false)}};
    if (!seen.problem.empty()) j["problem"] = seen.problem;
    list.push_back(std::move(j));
  }
  return {{"kiosks", std::move(list)}};
}

nlohmann::json HeartbeatDesk::fleet(std::int64_t now_ms) const {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& [kiosk, seen] : latest_) {
    nlohmann::json line = {
        {"kiosk_id", kiosk},
        {"last_seen_s", std::max<std::int64_t>(0, now_ms - seen.received_at_ms) / 1000},
        {"valid", seen.parsed.has_value()}};
    if (seen.parsed) {
      const oq::Heartbeat& h = *seen.parsed;
      std::int64_t cassettes = 0;
      for (const auto& c : h.cassettes) cassettes += c.kzt * c.count;
      line["mode"] = h.mode;
      line["reason"] = h.reason;
      line["outbox_depth"] = h.outbox_depth;
      line["cash_box_kzt"] = h.cash_box_kzt;
      line["cassettes_kzt"] = cassettes;
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace kiosk::sim
