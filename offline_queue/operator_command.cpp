#include "offline_queue/operator_command.hpp"

#include "offline_queue/base64.hpp"
#include "offline_queue/canonical_json.hpp"
#include "offline_queue/operator_command_args.hpp"

namespace kiosk::oq {
namespace {

using Json = nlohmann::json;

CommandVerdict refuse(CommandVerdict v, CommandRefusal r, std::string detail) {
  v.refusal = r;
  v.detail = std::move(detail);
  return v;
}

bool is_int(const Json& o, const char* k) { return o.contains(k) && o[k].is_number_integer(); }
bool is_str(const Json& o, const char* k) { return o.contains(k) && o[k].is_string(); }

}  // namespace

const char* to_string(CommandRefusal r) {
  switch (r) {
    case CommandRefusal::Malformed:
      return "malformed";
    case CommandRefusal::BadSignature:
      return "bad_signature";
    case CommandRefusal::WrongKiosk:
      return "wrong_kiosk";
    case CommandRefusal::Expired:
      return "expired";
    case CommandRefusal::Replayed:
      return "replayed";
    case CommandRefusal::UnknownCommand:
      return "unknown_command";
    case CommandRefusal::BadArgs:
      return "bad_args";
    case CommandRefusal::Busy:
      return "busy";
  }
  return "unknown";
}

bool usable_command_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '_' || c == '-' || c == ':'))
      return false;
  return true;
}

int json_text_depth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

std::optional<std::string> command_signing_bytes(const Json& envelope) {
  if (!envelope.is_object()) return std::nullopt;
  Json unsigned_part = envelope;
  unsigned_part.erase("signature");
  auto text = canonical_json(unsigned_part.dump(-1, ' ', false, Json::error_handler_t::strict));
  if (!text) return std::nullopt;
  return *text;
}

Json sign_command(const OperatorCommand& cmd, const Ed25519PrivateKey& key) {
  Json env = {{"id", cmd.id},
              {"kiosk_id", cmd.kiosk_id},
              {"seq", cmd.seq},
              {"issued_at", cmd.issued_at},
              {"expires_at", cmd.expires_at},
              {"command", {{"name", cmd.name}, {"args", cmd.args}}}};
  auto bytes = command_signing_bytes(env);
  env["signature"] = base64_encode(key.sign(bytes.value_or("")));
  return env;
}

CommandVerdict verify_command_text(std::string_view text, const VerifyContext& ctx) {
  if (text.size() > kMaxEnvelopeBytes)
    return refuse({}, CommandRefusal::Malformed, "envelope larger than 16 KiB");
  if (json_text_depth(text, kMaxEnvelopeDepth) > kMaxEnvelopeDepth)
    return refuse({}, CommandRefusal::Malformed, "envelope nested too deep");
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return refuse({}, CommandRefusal::Malformed, "not JSON");
  return verify_command(j, ctx);
}

CommandVerdict verify_command(const Json& env, const VerifyContext& ctx) {
  CommandVerdict v;
  if (!env.is_object()) return refuse(v, CommandRefusal::Malformed, "not a JSON object");
  if (is_str(env, "id") && usable_command_id(env["id"].get_ref<const std::string&>())) {
    v.command.id = env["id"].get<std::string>();
    v.id_usable = true;
  }
  if (json_depth(env, kMaxEnvelopeDepth) > kMaxEnvelopeDepth)
    return refuse(v, CommandRefusal::Malformed, "envelope nested too deep");
  static const char* const kFields[] = {"id",         "kiosk_id", "seq",      "issued_at",
                                        "expires_at", "command",  "signature"};
  for (auto it = env.begin(); it != env.end(); ++it)
    if (std::find(std::begin(kFields), std::end(kFields), it.key()) == std::end(kFields))
      return refuse(v, CommandRefusal::Malformed, "unknown field " + it.key().substr(0, 32));
  if (!v.id_usable)
    return refuse(v, CommandRefusal::Malformed, "id must be 1-64 of A-Z a-z 0-9 . _ - :");
  if (!is_str(env, "kiosk_id") || env["kiosk_id"].get_ref<const std::string&>().empty() ||
      env["kiosk_id"].get_ref<const std::string&>().size() > 64)
    return refuse(v, CommandRefusal::Malformed, "kiosk_id must be text of 1-64 bytes");
  for (const char* k : {"seq", "issued_at", "expires_at"})
    if (!is_int(env, k) || (env[k].is_number_unsigned() &&
                            env[k].get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)))
      return refuse(v, CommandRefusal::Malformed, std::string(k) + " must be an integer");
  if (env["seq"].get<std::int64_t>() < 1)
    return refuse(v, CommandRefusal::Malformed, "seq must be 1 or more");
  const Json* cmd = env.contains("command") ? &env["command"] : nullptr;
  if (cmd == nullptr || !cmd->is_object() || cmd->size() != 2 || !is_str(*cmd, "name") ||
      !cmd->contains("args") || !(*cmd)["args"].is_object())
    return refuse(v, CommandRefusal::Malformed, "command must be {\"name\": text, \"args\": {}}");
  if ((*cmd)["name"].get_ref<const std::string&>().empty() ||
      (*cmd)["name"].get_ref<const std::string&>().size() > 64)
    return refuse(v, CommandRefusal::Malformed, "command.name must be 1-64 bytes");
  if (!is_str(env, "signature"))
    return refuse(v, CommandRefusal::Malformed, "signature must be base64 text");
  auto sig = base64_decode(env["signature"].get_ref<const std::string&>());
  if (!sig || sig->size() != 64)
    return refuse(v, CommandRefusal::Malformed, "signature is not base64 of 64 bytes");
  auto bytes = command_signing_bytes(env);
  if (!bytes)
    return refuse(v, CommandRefusal::Malformed, "no canonical form (a float or bad text)");

  auto& c = v.command;
  c.kiosk_id = env["kiosk_id"].get<std::string>();
  c.seq = env["seq"].get<std::int64_t>();
  c.issued_at = env["issued_at"].get<std::int64_t>();
  c.expires_at = env["expires_at"].get<std::int64_t>();
  c.name = (*cmd)["name"].get<std::string>();
  c.args = (*cmd)["args"];

  if (ctx.key == nullptr || !ctx.key->verify(*bytes, *sig))
    return refuse(v, CommandRefusal::BadSignature, "signature does not verify");
  if (c.kiosk_id != ctx.kiosk_id) return refuse(v, CommandRefusal::WrongKiosk, "for another kiosk");
  if (c.expires_at <= ctx.now_s) return refuse(v, CommandRefusal::Expired, "expires_at has passed");
  if (c.issued_at > ctx.now_s + ctx.max_future_skew_s)
    return refuse(v, CommandRefusal::Expired, "issued_at is too far in the future");
  if (c.seq <= ctx.highest_executed_seq)
    return refuse(v, CommandRefusal::Replayed,
                  "seq " + std::to_string(c.seq) +
                      " <= " + std::to_string(ctx.highest_executed_seq) + " already executed");
  if (find_command(c.name) == nullptr)
    return refuse(v, CommandRefusal::UnknownCommand, "no command named so");
  if (auto p = command_args_problem(c.name, c.args); !p.empty())
    return refuse(v, CommandRefusal::BadArgs, p);
  return v;
}

}  // namespace kiosk::oq
