#include "offline_queue/kyc_vault.hpp"

#include <algorithm>
#include <functional>

#include "offline_queue/digest.hpp"
#include "offline_queue/exchange_messages.hpp"

namespace kiosk::oq {
namespace {

constexpr std::string_view kVaultColumns =
    "kyc_id, tx_id, state, sealed_body IS NOT NULL, body_sha256, created_at_ms, attempts, "
    "next_attempt_ms, last_status, last_error, status, review_reason, acked_at_ms, purged_at_ms";

StoreError bad_input(std::string what) { return StoreError{StoreError::Kind::BadInput, what}; }

std::optional<KycState> parse_state(std::string_view s) {
  if (s == "pending") return KycState::Pending;
  if (s == "acked") return KycState::Acked;
  if (s == "failed") return KycState::Failed;
  if (s == "purged") return KycState::Purged;
  return std::nullopt;
}

KycRecord read_record(const Statement& st) {
  KycRecord r;
  r.kyc_id = st.text(0);
  r.tx_id = st.text(1);
  r.state = parse_state(st.text(2)).value_or(KycState::Failed);
  r.sealed_data_held = st.int64(3) != 0;
  r.body_sha256 = st.text(4);
  r.created_at_ms = st.int64(5);
  r.attempts = static_cast<int>(st.int64(6));
  r.next_attempt_ms = st.int64(7);
  if (auto s = st.opt_int64(8)) r.last_status = static_cast<int>(*s);
  r.last_error = st.text(9);
  if (!st.is_null(10))
    if (auto status = parse_kyc_status(st.text(10)))
      r.answer = KycAnswer{r.kyc_id, *status,
                           st.is_null(11) ? std::nullopt : std::optional<std::string>(st.text(11))};
  r.acked_at_ms = st.opt_int64(12);
  r.purged_at_ms = st.opt_int64(13);
  return r;
}

// Header-safe: printable ASCII without spaces (the client refuses anything else).
bool is_token(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c >= 0x7f) return false;
  return true;
}

// The exchange's error code, or a short description; never the body itself (it is not ours to
// log and may be large).
std::string describe_failure(const ExchangeResult& r) {
  if (!r) return std::string(to_string(r.error().kind)) + ": " + r.error().what;
  std::string s = "http " + std::to_string(r->status);
  if (auto e = parse_error_body(r->body)) s += " " + e->code;
  return s;
}

}  // namespace

std::string_view to_string(KycState s) {
  switch (s) {
    case KycState::Pending:
      return "pending";
    case KycState::Acked:
      return "acked";
    case KycState::Failed:
      return "failed";
    case KycState::Purged:
      return "purged";
  }
  return "?";
}

KycVault::KycVault(Store& store, SealKey key, OutboxPumpConfig config)
    : store_(store),
      key_(std::move(key)),
      config_(config),
      backoff_(config.backoff, config.seed),
      breaker_(config.breaker) {
  // Deleted content is overwritten with zeros in the database file (it is sealed anyway).
  (void)store_.db().exec("PRAGMA secure_delete=ON");
}

std::expected<std::string, StoreError> KycVault::submit(const KycSubmission& in,
                                                        std::int64_t now_ms) {
  if (in.tx_id.empty()) return std::unexpected(bad_input("a KYC submission needs a tx id"));
  if (in.tier == flows::compliance::Tier::Anonymous)
    return std::unexpected(bad_input("an anonymous tier has nothing to submit"));
  KycSubmission s = in;
  if (s.kyc_id.empty()) s.kyc_id = "kyc-" + s.tx_id;
  if (!is_token(s.kyc_id))
    return std::unexpected(bad_input("the kyc id must be printable ASCII without spaces"));
  std::string body = kyc_body(s);
  if (auto check = parse_kyc_request(body); !check)
    return std::unexpected(bad_input("KYC submission refused: " + check.error().what));
  std::string digest = sha256_hex(body);

  SqliteDb& db = store_.db();
  Transaction tx(db);
  if (tx.begin_error()) return std::unexpected(*tx.begin_error());
  auto existing = db.prepare("SELECT body_sha256 FROM kyc_vault WHERE kyc_id = ?1");
  if (!existing) return std::unexpected(existing.error());
  existing->bind(1, s.kyc_id);
  auto found = existing->step();
  if (!found) return std::unexpected(found.error());
  if (*found) {
    if (existing->text(0) == digest) return s.kyc_id;  // a replay of the same submission
    return std::unexpected(
        StoreError{StoreError::Kind::DuplicateKey, "kyc id " + s.kyc_id + " holds another body"});
  }
  auto box = seal(key_, body, s.kyc_id);
  if (!box) return std::unexpected(StoreError{StoreError::Kind::Io, "seal: " + box.error().what});
  auto ins = db.prepare(
      "INSERT INTO kyc_vault (kyc_id, tx_id, sealed_body, body_sha256, created_at_ms, state, "
      "next_attempt_ms) VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?5)");
  if (!ins) return std::unexpected(ins.error());
  ins->bind(1, s.kyc_id).bind(2, s.tx_id).bind_blob(3, *box).bind(4, digest).bind(5, now_ms);
  if (auto r = ins->run(); !r) return std::unexpected(r.error());
  if (auto r = tx.commit(); !r) return std::unexpected(r.error());
  return s.kyc_id;
}

std::expected<std::optional<KycRecord>, StoreError> KycVault::status(std::string_view kyc_id) {
  auto st = store_.db().prepare("SELECT " + std::string(kVaultColumns) +
                                " FROM kyc_vault WHERE kyc_id = ?1");
  if (!st) return std::unexpected(st.error());
  st->bind(1, kyc_id);
  auto row = st->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<KycRecord>{};
  return std::optional<KycRecord>{read_record(*st)};
}

std::expected<KycSubmission, SealError> KycVault::open(std::string_view kyc_id) {
  auto st = store_.db().prepare(
      "SELECT sealed_body FROM kyc_vault WHERE kyc_id = ?1 AND sealed_body IS NOT NULL");
  if (!st) return std::unexpected(SealError{st.error().what});
  st->bind(1, kyc_id);
  auto row = st->step();
  if (!row) return std::unexpected(SealError{row.error().what});
  if (!*row) return std::unexpected(SealError{"no sealed data held for this kyc id"});
  auto body = open_sealed(key_, st->blob(0), kyc_id);
  if (!body) return std::unexpected(body.error());
  auto parsed = parse_kyc_request(*body);
  if (!parsed)
    return std::unexpected(SealError{"opened body is malformed: " + parsed.error().what});
  return std::move(*parsed);
}

std::expected<std::int64_t, StoreError> KycVault::purge(std::int64_t now_ms,
                                                        std::chrono::milliseconds retention) {
  auto st = store_.db().prepare(
      "UPDATE kyc_vault SET sealed_body = NULL, purged_at_ms = ?1, "
      "state = CASE WHEN state = 'acked' THEN 'acked' ELSE 'purged' END "
      "WHERE sealed_body IS NOT NULL AND created_at_ms < ?2");
  if (!st) return std::unexpected(st.error());
  st->bind(1, now_ms).bind(2, now_ms - static_cast<std::int64_t>(retention.count()));
  if (auto r = st->run(); !r) return std::unexpected(r.error());
  return st->changes();
}

std::expected<void, StoreError> KycVault::retry_failed(std::string_view kyc_id,
                                                       std::int64_t now_ms) {
  auto st = store_.db().prepare(
      "UPDATE kyc_vault SET state = 'pending', next_attempt_ms = ?2 "
      "WHERE kyc_id = ?1 AND state = 'failed' AND sealed_body IS NOT NULL");
  if (!st) return std::unexpected(st.error());
  st->bind(1, kyc_id).bind(2, now_ms);
  if (auto r = st->run(); !r) return std::unexpected(r.error());
  if (st->changes() == 0)
    return std::unexpected(StoreError{StoreError::Kind::NotFound, "no failed submission held"});
  return {};
}

std::expected<std::int64_t, StoreError> KycVault::depth() {
  auto st = store_.db().prepare("SELECT COUNT(*) FROM kyc_vault WHERE state = 'pending'");
  if (!st) return std::unexpected(st.error());
  if (auto r = st->step(); !r) return std::unexpected(r.error());
  return st->int64(0);
}

KycVault::Step KycVault::next(std::int64_t now_ms) {
  const std::int64_t idle_until = now_ms + config_.idle_poll.count();
  if (outstanding_) return Wait{idle_until};
  if (!breaker_.allow(now_ms)) return Wait{std::min(breaker_.open_until_ms(), idle_until)};
  SqliteDb& db = store_.db();
  auto due = db.prepare(
      "SELECT kyc_id, sealed_body, body_sha256 FROM kyc_vault WHERE state = 'pending' "
      "AND sealed_body IS NOT NULL AND next_attempt_ms <= ?1 "
      "ORDER BY next_attempt_ms, created_at_ms LIMIT 16");
  if (!due) return Wait{idle_until};  // the store is unwell: look again later
  due->bind(1, now_ms);
  struct Row {
    std::string kyc_id, box, digest;
  };
  std::vector<Row> rows;
  for (;;) {
    auto row = due->step();
    if (!row || !*row) break;
    rows.push_back(Row{due->text(0), due->blob(1), due->text(2)});
  }
  std::vector<std::string> unopenable;
  std::optional<Send> send;
  for (auto& row : rows) {
    auto body = open_sealed(key_, row.box, row.kyc_id);
    if (!body || sha256_hex(*body) != row.digest) {
      unopenable.push_back(row.kyc_id);
      continue;
    }
    send = Send{row.kyc_id, HttpRequest{"POST", std::string(kPath), std::move(*body), row.kyc_id}};
    break;
  }
  for (const auto& id : unopenable) {
    auto st = db.prepare(
        "UPDATE kyc_vault SET last_error = 'sealed body does not open (wrong key or tampered)', "
        "next_attempt_ms = ?2 WHERE kyc_id = ?1");
    if (st) {
      st->bind(1, id).bind(2, now_ms + config_.backoff.cap.count());
      (void)st->run();
    }
  }
  if (send) {
    outstanding_ = true;
    ++counters_.sent;
    return std::move(*send);
  }
  auto soonest = db.prepare(
      "SELECT MIN(next_attempt_ms) FROM kyc_vault WHERE state = 'pending' "
      "AND sealed_body IS NOT NULL");
  std::int64_t at = idle_until;
  if (soonest && soonest->step().value_or(false)) at = soonest->opt_int64(0).value_or(idle_until);
  return Wait{std::clamp(at, now_ms, idle_until)};
}

KycVault::Settled KycVault::settle(const std::string& kyc_id, const ExchangeResult& result,
                                   std::int64_t now_ms) {
  outstanding_ = false;
  Settled out;
  out.verdict = classify(result);
  if (out.verdict == Verdict::Delivered) {
    auto answer = parse_kyc_answer(result->body);
    if (!answer)
      out.description = "garbage answer: " + answer.error().what;
    else if (answer->kyc_id != kyc_id)
      out.description = "garbage answer: for another kyc id";
    else
      out.answer = std::move(*answer);
    if (!out.answer) out.verdict = Verdict::Retry;
  }
  auto rec = status(kyc_id);
  int attempts = rec && *rec ? (*rec)->attempts : 0;
  std::optional<int> http_status;
  if (result) http_status = result->status;

  std::string sql;
  std::function<void(Statement&)> bind;
  switch (out.verdict) {
    case Verdict::Delivered:
      breaker_.on_success();
      ++counters_.delivered;
      out.description =
          "http " + std::to_string(result->status) + " " + to_string(out.answer->status);
      sql =
          "UPDATE kyc_vault SET state = 'acked', sealed_body = NULL, attempts = attempts + 1, "
          "last_status = ?2, last_error = NULL, status = ?3, review_reason = ?4, "
          "acked_at_ms = ?5 WHERE kyc_id = ?1 AND state = 'pending'";
      bind = [&](Statement& st) {
        st.bind(1, kyc_id).bind(2, http_status).bind(3, to_string(out.answer->status));
        if (out.answer->review_reason)
          st.bind(4, *out.answer->review_reason);
        else
          st.bind_null(4);
        st.bind(5, now_ms);
      };
      break;
    case Verdict::Failed:
      breaker_.on_success();  // the exchange answered: it is reachable
      ++counters_.failed;
      out.description = describe_failure(result);
      sql =
          "UPDATE kyc_vault SET state = 'failed', attempts = attempts + 1, last_status = ?2, "
          "last_error = ?3 WHERE kyc_id = ?1 AND state = 'pending'";
      bind = [&](Statement& st) {
        st.bind(1, kyc_id).bind(2, http_status).bind(3, out.description);
      };
      break;
    case Verdict::Retry: {
      auto before = breaker_.state();
      breaker_.on_failure(now_ms);
      out.breaker_opened =
          before != CircuitBreaker::State::Open && breaker_.state() == CircuitBreaker::State::Open;
      ++counters_.retried;
      if (out.description.empty()) out.description = describe_failure(result);
      out.retry_at_ms = now_ms + backoff_.delay_after(attempts + 1).count();
      sql =
          "UPDATE kyc_vault SET attempts = attempts + 1, next_attempt_ms = ?2, last_status = ?3, "
          "last_error = ?4 WHERE kyc_id = ?1 AND state = 'pending'";
      bind = [&](Statement& st) {
        st.bind(1, kyc_id).bind(2, out.retry_at_ms).bind(3, http_status).bind(4, out.description);
      };
      break;
    }
  }
  auto st = store_.db().prepare(sql);
  if (!st) {
    out.recorded = false;
    out.store_error = st.error().what;
    return out;
  }
  bind(*st);
  if (auto r = st->run(); !r) {
    out.recorded = false;
    out.store_error = r.error().what;
  } else if (st->changes() == 0) {
    out.recorded = false;
    out.store_error = "no pending submission " + kyc_id + " (purged meanwhile?)";
  }
  return out;
}

}  // namespace kiosk::oq
