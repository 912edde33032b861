#include "sim/exchange/command_desk.hpp"

#include <algorithm>

#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/operator_command.hpp"

namespace kiosk::sim {
namespace {

using Json = nlohmann::json;

SimResponse bad(std::string_view why) {
  return SimResponse{400, oq::error_body("bad_request", why)};
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::optional<std::string> id_of(const Json& env) {
  if (env.is_object() && env.contains("id") && env["id"].is_string())
    return env["id"].get<std::string>();
  return std::nullopt;
}

}  // namespace

SimResponse CommandDesk::poll(const std::string&) const {
  Json list = Json::array();
  for (const auto& env : queue_) {
    auto id = id_of(env);
    if (id && answered_.contains(*id)) continue;
    list.push_back(env);
  }
  return SimResponse{200, dump(Json{{"commands", list}})};
}

std::int64_t CommandDesk::highest_seq(const std::string& kiosk) const {
  std::int64_t highest = 0;
  for (const auto& env : queue_) {
    if (!env.is_object() || !env.contains("seq") || !env["seq"].is_number_integer()) continue;
    if (env.contains("kiosk_id") && env["kiosk_id"] != kiosk) continue;
    auto id = id_of(env);
    if (id && answered_.contains(*id)) continue;
    highest = std::max(highest, env["seq"].get<std::int64_t>());
  }
  return highest;
}

SimResponse CommandDesk::post_result(const std::string& kiosk, const std::string& id,
                                     const std::string& body, std::int64_t now_ms) {
  Json j = Json::parse(body, nullptr, false);
  if (!j.is_object()) return bad("a result is a JSON object");
  if (!j.contains("seq") || !j["seq"].is_number_integer()) return bad("seq must be an integer");
  if (!j.contains("status") || !j["status"].is_string()) return bad("status must be text");
  std::string status = j["status"];
  if (status != "executed" && status != "refused" && status != "failed")
    return bad("status must be executed, refused or failed");
  CommandResult r{kiosk, id, j["seq"].get<std::int64_t>(), status, "", nullptr, now_ms};
  if (j.contains("reason") && j["reason"].is_string()) r.reason = j["reason"];
  if (j.contains("output")) r.output = j["output"];
  results_.push_back(std::move(r));
  answered_.insert(id);
  return SimResponse{200, "{}"};
}

SimResponse CommandDesk::enqueue(const std::string& body) {
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) return bad("the envelope must be JSON (it is queued as given)");
  if (j.is_object() && j.contains("seq") && j["seq"].is_number_integer())
    next_seq_ = std::max(next_seq_, j["seq"].get<std::int64_t>() + 1);
  queue_.push_back(j);
  return SimResponse{200, dump(Json{{"queued", queue_.size()}, {"envelope", j}})};
}

SimResponse CommandDesk::sign(const std::string& body, std::int64_t now_ms) {
  if (!key_) return SimResponse{409, oq::error_body("no_key", "no operator test key loaded")};
  Json j = Json::parse(body, nullptr, false);
  if (!j.is_object()) return bad("a JSON object: {\"name\", \"args\"?, \"kiosk_id\"?, ...}");
  auto text = [&](const char* k, std::string def) -> std::optional<std::string> {
    if (!j.contains(k)) return def;
    if (!j[k].is_string()) return std::nullopt;
    return j[k].get<std::string>();
  };
  auto integer = [&](const char* k, std::int64_t def) -> std::optional<std::int64_t> {
    if (!j.contains(k)) return def;
    if (!j[k].is_number_integer()) return std::nullopt;
    return j[k].get<std::int64_t>();
  };
  auto name = text("name", "");
  auto kiosk = text("kiosk_id", default_kiosk_);
  auto ttl = integer("ttl_s", 300);
  auto seq = integer("seq", next_seq_);
  if (!name || name->empty()) return bad("name must be text");
  if (!kiosk || !ttl || !seq) return bad("kiosk_id is text; ttl_s and seq are integers");
  auto id = text("id", "sim-cmd-" + std::to_string(*seq));
  if (!id) return bad("id must be text");
  Json args = j.contains("args") ? j["args"] : Json::object();
  const std::int64_t now_s = now_ms / 1000;
  oq::OperatorCommand c{*id, *kiosk, *seq, now_s, now_s + *ttl, *name, args};
  if (j.contains("issued_at")) {
    auto at = integer("issued_at", now_s);
    if (!at) return bad("issued_at must be an integer");
    c.issued_at = *at;
  }
  Json env = oq::sign_command(c, *key_);
  if (!oq::command_signing_bytes(env))
    return bad("the command has no canonical form (floats are refused)");
  next_seq_ = std::max(next_seq_, *seq + 1);
  queue_.push_back(env);
  return SimResponse{200, dump(env)};
}

SimResponse CommandDesk::queued_json() const {
  return SimResponse{200, dump(Json{{"queued", queue_}})};
}

SimResponse CommandDesk::results_json() const {
  Json list = Json::array();
  for (const auto& r : results_)
    list.push_back({{"kiosk_id", r.kiosk_id},
                    {"id", r.id},
                    {"seq", r.seq},
                    {"status", r.status},
                    {"reason", r.reason.empty() ? Json(nullptr) : Json(r.reason)},
                    {"output", r.output},
                    {"at_ms", r.at_ms}});
  return SimResponse{200, dump(Json{{"results", list}})};
}

}  // namespace kiosk::sim
