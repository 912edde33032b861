// Operator commands, pulled (DESIGN.md "Remote maintenance"; exchange-api.md "Operator commands"):
// a shell on the io_context that asks GET /v1/commands?after=SEQ every interval, and at once when
// poll_now() is called (a heartbeat answer's commands_after above what the kiosk has). Commands
// are handled one at a time in the order served: each is journaled when received
// (`operator.command_received`), verified (offline_queue/operator_command.hpp) and journaled as
// refused (`operator.command_refused`) or verified (`operator.command_verified`), run through the
// `execute` port, and its result journaled (`operator.command_result`) together with its
// POST /v1/commands/{id}/result in the outbox (one transaction), so a partitioned exchange gets it
// exactly once later. Nothing secret is journaled (no signature, no key).
//
// The highest executed seq and the ids already answered come back from the journal at start; a
// command verified but never answered (the kiosk stopped while it ran) is answered `failed`
// ("interrupted") rather than run again. An id already answered, served again, is not run again
// and gets no second result.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <expected>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "flows/time.hpp"
#include "offline_queue/ed25519.hpp"
#include "offline_queue/exchange_client.hpp"
#include "offline_queue/operator_command.hpp"
#include "offline_queue/store.hpp"

namespace kiosk::app {

inline constexpr const char* kCommandReceived = "operator.command_received";
inline constexpr const char* kCommandRefused = "operator.command_refused";
inline constexpr const char* kCommandVerified = "operator.command_verified";
inline constexpr const char* kCommandResult = "operator.command_result";

struct CommandOutcome {
  std::string status = "executed";  // "executed", "refused" (busy), "failed"
  std::string reason;               // "busy", "not_in_maintenance", ... ("" when executed)
  nlohmann::json output = nullptr;  // what the command reports (status, reconciliation, ...)
};

struct CommandPollerConfig {
  std::string kiosk_id;
  Millis interval{10000};
  std::int64_t max_skew_s = 300;
};

class CommandPoller {
 public:
  using Execute =
      std::function<void(const oq::OperatorCommand&, std::function<void(CommandOutcome)> done)>;

  CommandPoller(boost::asio::io_context& io, oq::ExchangeClient& client, oq::Store& store,
                oq::Ed25519PublicKey key, CommandPollerConfig config,
                std::function<std::int64_t()> wall_ms, Execute execute);
  ~CommandPoller();

  // Restores the ledger from the journal (answering interrupted commands) and starts polling.
  std::expected<void, std::string> start();
  void stop();
  // Polls at once (or right after the poll under way).
  void poll_now();
  // (a) A heartbeat answer's commands_after: polls at once when above the highest executed seq.
  void on_commands_after(std::int64_t seq);
  // Called after a result was queued in the outbox (the runtime kicks the pump).
  void on_result_queued(std::function<void()> f) { result_queued_ = std::move(f); }

  std::int64_t highest_executed_seq() const { return highest_; }
  std::int64_t polls() const { return polls_; }

 private:
  void schedule();
  void poll();
  void on_answer(const oq::ExchangeResult& r);
  void next();
  void handle(const nlohmann::json& env);
  void finish(const oq::OperatorCommand& cmd, const CommandOutcome& o, const char* type,
              const nlohmann::json& extra);
  void journal(const char* type, const nlohmann::json& payload);

  boost::asio::io_context& io_;
  oq::ExchangeClient& client_;
  oq::Store& store_;
  oq::Ed25519PublicKey key_;
  CommandPollerConfig config_;
  std::function<std::int64_t()> wall_ms_;
  Execute execute_;
  std::function<void()> result_queued_;
  boost::asio::steady_timer timer_;

  std::int64_t highest_ = 0;
  std::set<std::string> answered_;      // ids with a result
  std::set<std::string> unanswerable_;  // fingerprints of envelopes without a usable id, journaled
  std::deque<nlohmann::json> pending_;  // served, not yet handled
  bool busy_ = false;                   // a poll or a command is under way
  bool again_ = false;                  // poll_now() while busy
  bool stopped_ = false;
  std::int64_t polls_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace kiosk::app
