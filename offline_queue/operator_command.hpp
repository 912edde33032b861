// Signed operator commands, verified (exchange-api.md, "Operator commands"). Pure: an envelope
// (JSON text or value), the operator's public key, the kiosk's id, the highest seq it has executed
// and the time in; the command or the first reason to refuse it out, checked in this order:
//
//   malformed       not an envelope of exactly id, kiosk_id, seq, issued_at, expires_at,
//                   command {name, args}, signature, with their types; no canonical form (a
//                   float, bad UTF-8); signature not base64 of 64 bytes; too big or too deep
//   bad_signature   Ed25519 over canonical_json(envelope without "signature") does not verify
//   wrong_kiosk     kiosk_id is not this kiosk's
//   expired         expires_at <= now, or issued_at > now + max_future_skew_s
//   replayed        seq <= the highest seq already executed (whatever the id)
//   unknown_command the name is not in operator_command_args.hpp
//   bad_args        the args do not fit the command's schema
//
// `busy` (the command cannot run now) is the kiosk's to decide after verification.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "offline_queue/ed25519.hpp"

namespace kiosk::oq {

inline constexpr std::size_t kMaxEnvelopeBytes = 16 * 1024;
inline constexpr int kMaxEnvelopeDepth = 8;

enum class CommandRefusal {
  Malformed,
  BadSignature,
  WrongKiosk,
  Expired,
  Replayed,
  UnknownCommand,
  BadArgs,
  Busy,
};
const char* to_string(CommandRefusal r);

struct OperatorCommand {
  std::string id;  // 1-64 of [A-Za-z0-9._:-]: safe in a URL path and a log line
  std::string kiosk_id;
  std::int64_t seq = 0;  // >= 1
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;
  std::string name;
  nlohmann::json args = nlohmann::json::object();
};

struct VerifyContext {
  const Ed25519PublicKey* key = nullptr;
  std::string kiosk_id;
  std::int64_t highest_executed_seq = 0;
  std::int64_t now_s = 0;  // Unix seconds
  std::int64_t max_future_skew_s = 300;
};

struct CommandVerdict {
  // As much of the command as could be read: the id is set whenever the envelope had a usable
  // one (then the refusal can be answered), the rest once the envelope is well formed.
  OperatorCommand command;
  bool id_usable = false;
  std::optional<CommandRefusal> refusal;  // nullopt: verified
  std::string detail;                     // for the journal and the result; never a secret
  bool ok() const { return !refusal; }
};

CommandVerdict verify_command_text(std::string_view envelope_text, const VerifyContext& ctx);
CommandVerdict verify_command(const nlohmann::json& envelope, const VerifyContext& ctx);

// The exact bytes an operator signs: canonical JSON of the envelope without "signature".
std::optional<std::string> command_signing_bytes(const nlohmann::json& envelope);
// A signed envelope for `cmd` (operator side: `kiosk operator sign`, the simulator).
nlohmann::json sign_command(const OperatorCommand& cmd, const Ed25519PrivateKey& key);

// Nesting depth of JSON text (brackets outside strings), counted up to `limit + 1`.
int json_text_depth(std::string_view text, int limit);
bool usable_command_id(std::string_view id);

}  // namespace kiosk::oq
