#include "offline_queue/journal_sync.hpp"

#include <algorithm>

#include "offline_queue/exchange_messages.hpp"

namespace kiosk::oq {
namespace {

std::string describe(const ExchangeResult& r) {
  if (!r) return std::string(to_string(r.error().kind)) + ": " + r.error().what;
  std::string s = "http " + std::to_string(r->status);
  if (auto e = parse_error_body(r->body)) s += " " + e->code;
  return s;
}

std::int64_t stored_ack(Store& store) {
  auto v = store.get_state(kAckedThroughKey);
  if (!v || !*v) return 0;
  try {
    return std::max<std::int64_t>(0, std::stoll(**v));
  } catch (...) {
    return 0;  // unreadable: start over; the exchange accepts rows it already holds
  }
}

}  // namespace

JournalSync::JournalSync(Store& store, JournalSyncConfig config)
    : store_(store),
      config_(config),
      backoff_(config.backoff, config.seed),
      breaker_(config.breaker),
      acked_(stored_ack(store)) {}

JournalSync::Step JournalSync::next(std::int64_t now_ms) {
  const std::int64_t idle_until = now_ms + config_.idle_poll.count();
  if (outstanding_ || halted_) return Wait{idle_until};
  if (now_ms < not_before_ms_) return Wait{std::min(not_before_ms_, idle_until)};
  auto last = store_.last_row();
  if (!last) return Wait{idle_until};  // the store is unwell: look again later
  std::int64_t last_seq = *last ? (*last)->seq : 0;
  if (last_seq < acked_) {
    halted_ = "the exchange acknowledged seq " + std::to_string(acked_) +
              " but the local journal ends at " + std::to_string(last_seq);
    return Wait{idle_until};
  }
  if (last_seq == acked_) return Wait{idle_until};
  if (!breaker_.allow(now_ms)) return Wait{std::min(breaker_.open_until_ms(), idle_until)};
  std::int64_t from = acked_ + 1;
  std::int64_t to = std::min(last_seq, acked_ + std::max<std::int64_t>(1, config_.batch_rows));
  auto rows = store_.rows_range(from, to);
  if (!rows || rows->empty()) return Wait{idle_until};
  to = rows->back().seq;
  Batch b{from, to,
          HttpRequest{"POST", "/v1/journal", journal_batch_body(*rows),
                      "journal-" + std::to_string(from) + "-" + std::to_string(to)}};
  outstanding_ = true;
  ++sent_;
  return Send{std::move(b)};
}

JournalSync::Settled JournalSync::settle(const Batch& sent, const ExchangeResult& result,
                                         std::int64_t now_ms) {
  outstanding_ = false;
  Settled out;
  out.verdict = classify(result);
  out.description = describe(result);
  if (out.verdict == Verdict::Retry) return retry(std::move(out), now_ms);

  breaker_.on_success();  // the exchange answered: it is reachable
  failures_ = 0;
  auto ack = parse_journal_ack(result->body);
  if (out.verdict == Verdict::Delivered) {
    if (!ack || *ack < 0) {
      out.verdict = Verdict::Retry;
      out.description += ": no acked_through in the answer";
      return retry(std::move(out), now_ms);
    }
    auto last = store_.last_row();
    std::int64_t last_seq = last && *last ? (*last)->seq : sent.to_seq;
    if (*ack > last_seq) {
      halted_ = "the exchange holds seq " + std::to_string(*ack) +
                " but the local journal ends at " + std::to_string(last_seq);
      out.verdict = Verdict::Failed;
      out.description += ": " + *halted_;
      out.acked_through = acked_;
      return out;
    }
    ++acked_batches_;
    out.recorded = record(*ack);
  } else {
    auto err = parse_error_body(result->body);
    bool gap = result->status == 409 && err && err->code == "gap" && ack && *ack >= 0 &&
               *ack < sent.from_seq;
    if (gap) {
      out.recorded = record(*ack);  // resume from what the exchange holds
      out.description += ": resuming after seq " + std::to_string(*ack);
    } else {
      halted_ = out.description + (err ? ": " + err->message : "");
    }
  }
  out.acked_through = acked_;
  return out;
}

JournalSync::Settled JournalSync::retry(Settled out, std::int64_t now_ms) {
  auto before = breaker_.state();
  breaker_.on_failure(now_ms);
  out.breaker_opened =
      before != CircuitBreaker::State::Open && breaker_.state() == CircuitBreaker::State::Open;
  ++failures_;
  ++retries_;
  out.retry_at_ms = now_ms + backoff_.delay_after(failures_).count();
  not_before_ms_ = out.retry_at_ms;
  out.acked_through = acked_;
  return out;
}

bool JournalSync::record(std::int64_t acked) {
  acked_ = acked;
  return store_.put_state(kAckedThroughKey, std::to_string(acked)).has_value();
}

JournalSync::Status JournalSync::status() const {
  return Status{acked_, sent_, acked_batches_, retries_, halted_, breaker_.state()};
}

}  // namespace kiosk::oq
