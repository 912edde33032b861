// Operator commands on the simulator's side, sans-IO (exchange-api.md, "Operator commands"):
//
//   GET  /v1/commands?after=SEQ  -> {"commands": [envelope, ...]}: every queued envelope, in the
//                                   order enqueued, until a result has been posted for its id
//                                   (`after` is not used to filter: a compromised exchange may
//                                   serve anything, and the kiosk must cope)
//   POST /v1/commands/{id}/result <- {"seq", "status": "executed"|"refused"|"failed", "reason"?,
//                                   "output"?} -> {}
//   POST /sim/commands          <- any JSON value, queued exactly as given (signed or not)
//   POST /sim/commands/sign     <- {"kiosk_id"?, "name", "args"?, "ttl_s"?, "seq"?, "id"?}: signs
//                                   with the test key, the next seq unless given -> the envelope
//   GET  /sim/commands          -> {"queued": [envelope, ...]}
//   POST /sim/commands/clear    -> drops every queued envelope
//   GET  /sim/commands/results  -> {"results": [{"kiosk_id","id","seq","status","reason",
//                                   "output","at_ms"}]} in the order received
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "offline_queue/ed25519.hpp"
#include "sim/exchange/exchange_service_types.hpp"

namespace kiosk::sim {

struct CommandResult {
  std::string kiosk_id, id;
  std::int64_t seq = 0;
  std::string status, reason;
  nlohmann::json output;
  std::int64_t at_ms = 0;
};

class CommandDesk {
 public:
  // The key /sim/commands/sign signs with (none: that endpoint answers 409).
  void set_signing_key(std::optional<oq::Ed25519PrivateKey> key) { key_ = std::move(key); }
  void set_default_kiosk(std::string kiosk_id) { default_kiosk_ = std::move(kiosk_id); }

  SimResponse poll(const std::string& kiosk) const;
  // The highest seq among the envelopes still served to `kiosk` (0: none), for the heartbeat's
  // answer `commands_after`.
  std::int64_t highest_seq(const std::string& kiosk) const;
  SimResponse post_result(const std::string& kiosk, const std::string& id, const std::string& body,
                          std::int64_t now_ms);

  SimResponse enqueue(const std::string& body);
  SimResponse sign(const std::string& body, std::int64_t now_ms);
  SimResponse queued_json() const;
  SimResponse results_json() const;
  void clear() { queue_.clear(); }

  const std::vector<CommandResult>& results() const { return results_; }

 private:
  std::optional<oq::Ed25519PrivateKey> key_;
  std::string default_kiosk_;
  std::vector<nlohmann::json> queue_;
  std::set<std::string> answered_;
  std::vector<CommandResult> results_;
  std::int64_t next_seq_ = 1;
};

}  // namespace kiosk::sim
