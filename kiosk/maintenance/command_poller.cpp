#include "kiosk/maintenance/command_poller.hpp"

#include <boost/asio/post.hpp>
#include <map>

#include "kiosk/log.hpp"
#include "offline_queue/digest.hpp"

namespace kiosk::app {
namespace {

using Json = nlohmann::json;
constexpr std::size_t kMaxAnswerBytes = 1024 * 1024;
constexpr int kMaxAnswerDepth = 10;
constexpr std::size_t kMaxCommandsPerPoll = 64;

std::string clip(std::string s, std::size_t n = 160) {
  if (s.size() > n) s.resize(n);
  return s;
}

}  // namespace

CommandPoller::CommandPoller(boost::asio::io_context& io, oq::ExchangeClient& client,
                             oq::Store& store, oq::Ed25519PublicKey key, CommandPollerConfig config,
                             std::function<std::int64_t()> wall_ms, Execute execute)
    : io_(io),
      client_(client),
      store_(store),
      key_(std::move(key)),
      config_(std::move(config)),
      wall_ms_(std::move(wall_ms)),
      execute_(std::move(execute)),
      timer_(io) {}

CommandPoller::~CommandPoller() { *alive_ = false; }

void CommandPoller::journal(const char* type, const Json& payload) {
  auto row = store_.append(oq::JournalEntry{"", type, payload.dump(), wall_ms_()});
  if (!row)
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", type}, {"error", row.error().what}});
}

std::expected<void, std::string> CommandPoller::start() {
  auto rows = store_.rows_of_types({kCommandVerified, kCommandResult, kCommandRefused});
  if (!rows) return std::unexpected("operator commands: " + rows.error().what);
  std::map<std::string, std::int64_t> verified;  // id -> seq, not yet answered
  for (const auto& row : *rows) {
    Json p = Json::parse(row.payload, nullptr, false);
    if (!p.is_object() || !p.contains("id") || !p["id"].is_string()) continue;
    std::string id = p["id"];
    std::int64_t seq = p.value("seq", std::int64_t{0});
    if (row.type == kCommandVerified) {
      verified[id] = seq;
      continue;
    }
    verified.erase(id);
    answered_.insert(id);
    std::string status = p.value("status", "");
    if (row.type == kCommandResult && (status == "executed" || status == "failed"))
      highest_ = std::max(highest_, seq);
  }
  // Verified, never answered: the kiosk stopped while it ran. Not run again: answered failed.
  for (const auto& [id, seq] : verified) {
    oq::OperatorCommand c;
    c.id = id;
    c.seq = seq;
    finish(c, CommandOutcome{"failed", "interrupted", nullptr}, kCommandResult, Json::object());
  }
  log_event(LogLevel::Info, "operator.commands_started",
            {{"highest_seq", std::to_string(highest_)},
             {"answered", std::to_string(answered_.size())},
             {"interval_ms", std::to_string(config_.interval.count())}});
  poll();
  return {};
}

void CommandPoller::stop() {
  stopped_ = true;
  timer_.cancel();
}

void CommandPoller::on_commands_after(std::int64_t seq) {
  if (seq > highest_) poll_now();
}

void CommandPoller::poll_now() {
  if (stopped_) return;
  if (busy_) {
    again_ = true;
    return;
  }
  timer_.cancel();
  poll();
}

void CommandPoller::schedule() {
  if (stopped_) return;
  if (again_) {
    again_ = false;
    boost::asio::post(io_, [this, alive = alive_] {
      if (*alive && !busy_) poll();
    });
    return;
  }
  timer_.expires_after(config_.interval);
  timer_.async_wait([this, alive = alive_](auto ec) {
    if (!ec && *alive && !busy_) poll();
  });
}

void CommandPoller::poll() {
  if (stopped_ || busy_) return;
  busy_ = true;
  ++polls_;
  oq::HttpRequest req;
  req.method = "GET";
  req.target = "/v1/commands?after=" + std::to_string(highest_);
  client_.request(req, [this, alive = alive_](oq::ExchangeResult r) {
    if (!*alive || stopped_) return;
    on_answer(r);
  });
}

void CommandPoller::on_answer(const oq::ExchangeResult& r) {
  auto fail = [this](const std::string& why) {
    log_event(LogLevel::Warn, "operator.poll_failed", {{"why", clip(why)}});
    busy_ = false;
    schedule();
  };
  if (!r) return fail(std::string(oq::to_string(r.error().kind)) + ": " + r.error().what);
  if (r->status != 200) return fail("status " + std::to_string(r->status));
  if (r->body.size() > kMaxAnswerBytes ||
      oq::json_text_depth(r->body, kMaxAnswerDepth) > kMaxAnswerDepth)
    return fail("answer too large or nested too deep");
  Json j = Json::parse(r->body, nullptr, false);
  if (!j.is_object() || !j.contains("commands") || !j["commands"].is_array())
    return fail("answer is not {\"commands\": [...]}");
  for (auto& env : j["commands"]) {
    if (pending_.size() >= kMaxCommandsPerPoll) break;
    pending_.push_back(std::move(env));
  }
  next();
}

void CommandPoller::next() {
  if (stopped_) return;
  if (pending_.empty()) {
    busy_ = false;
    schedule();
    return;
  }
  Json env = std::move(pending_.front());
  pending_.pop_front();
  handle(env);
}

void CommandPoller::finish(const oq::OperatorCommand& cmd, const CommandOutcome& o,
                           const char* type, const Json& extra) {
  Json body = {{"seq", cmd.seq}, {"status", o.status}};
  if (!o.reason.empty()) body["reason"] = o.reason;
  if (!o.output.is_null()) body["output"] = o.output;
  Json payload = extra;
  payload["id"] = cmd.id;
  payload["seq"] = cmd.seq;
  payload["status"] = o.status;
  if (!cmd.name.empty()) payload["name"] = cmd.name;
  if (!o.reason.empty()) payload["reason"] = o.reason;
  if (!o.output.is_null()) payload["output"] = o.output;
  oq::OutboxRequest req;
  req.idempotency_key = "cmd-result:" + cmd.id;
  req.method = "POST";
  req.path = "/v1/commands/" + cmd.id + "/result";
  req.body = body.dump();
  auto row =
      store_.append(oq::JournalEntry{"operator:" + cmd.id, type, payload.dump(), wall_ms_()}, req);
  if (!row) {
    log_event(LogLevel::Error, "journal.append_failed",
              {{"type", type}, {"error", row.error().what}});
    return;  // not answered: served again, handled again
  }
  answered_.insert(cmd.id);
  if (o.status == "executed" || o.status == "failed") highest_ = std::max(highest_, cmd.seq);
  (void)store_.put_state("operator.highest_seq", std::to_string(highest_));
  log_event(o.status == "executed" ? LogLevel::Info : LogLevel::Warn, "operator.command_result",
            {{"id", cmd.id},
             {"seq", std::to_string(cmd.seq)},
             {"name", clip(cmd.name, 64)},
             {"status", o.status},
             {"reason", o.reason}});
  if (result_queued_) result_queued_();
}

void CommandPoller::handle(const Json& env) {
  const bool has_id = env.is_object() && env.contains("id") && env["id"].is_string();
  const std::string id = has_id ? env["id"].get<std::string>() : "";
  if (has_id && answered_.contains(id)) return next();  // answered already: no second result
  const std::string fingerprint =
      oq::sha256_hex(env.dump(-1, ' ', false, Json::error_handler_t::replace));
  oq::VerifyContext ctx{&key_, config_.kiosk_id, highest_, wall_ms_() / 1000, config_.max_skew_s};
  oq::CommandVerdict v = oq::verify_command(env, ctx);
  if (!v.id_usable) {
    // Cannot be answered (no usable id): journaled once, never run.
    if (unanswerable_.insert(fingerprint).second) {
      journal(kCommandRefused, {{"reason", oq::to_string(*v.refusal)},
                                {"detail", clip(v.detail)},
                                {"envelope_sha256", fingerprint}});
      log_event(LogLevel::Warn, "operator.command_refused",
                {{"reason", oq::to_string(*v.refusal)}, {"detail", clip(v.detail)}});
    }
    return next();
  }
  const auto& c = v.command;
  journal(kCommandReceived, {{"id", c.id},
                             {"seq", c.seq},
                             {"name", clip(c.name, 64)},
                             {"kiosk_id", clip(c.kiosk_id, 64)},
                             {"envelope_sha256", fingerprint}});
  if (!v.ok()) {
    finish(c, CommandOutcome{"refused", oq::to_string(*v.refusal), nullptr}, kCommandRefused,
           {{"detail", clip(v.detail)}});
    return next();
  }
  journal(kCommandVerified, {{"id", c.id}, {"seq", c.seq}, {"name", c.name}, {"args", c.args}});
  execute_(c, [this, alive = alive_, c](CommandOutcome o) {
    if (!*alive) return;
    boost::asio::post(io_, [this, alive, c, o = std::move(o)] {
      if (!*alive) return;
      finish(c, o, kCommandResult, Json::object());
      next();
    });
  });
}

}  // namespace kiosk::app
