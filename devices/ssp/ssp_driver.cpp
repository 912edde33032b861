// SSP driver, link layer: one request outstanding at a time, a queue behind it, the SEQ bit,
// sealing and opening eSSP packets, POLL or HOLD when idle, resend on timeout, LinkLost after
// retries, a new session (SYNC + key exchange) at start, after a link loss and on KEY NOT SET.
// The device logic (replies, poll events -> ValidatorEvent) is in ssp_driver_events.cpp.
#include "devices/ssp/ssp_driver.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cassert>

namespace kiosk::devices::ssp {
namespace {

bool always_plain(Command c) {
  return c == Command::Sync || c == Command::SetGenerator || c == Command::SetModulus ||
         c == Command::RequestKeyExchange;
}

void append(Bytes& out, const Bytes& b) { out.insert(out.end(), b.begin(), b.end()); }

}  // namespace

SspDriver::SspDriver(SspDriverConfig config)
    : config_(std::move(config)), prng_(config_.random_seed.value_or(0)) {
  assert(config_.tick.count() > 0 && config_.max_retries >= 0);
  config_.prime_bits = std::clamp(config_.prime_bits, 8, 62);
  begin_session(false);
}

std::uint64_t SspDriver::random64() {
  if (config_.random_seed) return prng_();
  std::uint64_t v = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v) != 1)
    v = prng_() ^ 0x9E3779B97F4A7C15ULL;
  return v;
}

Bytes SspDriver::packing() {
  Bytes p(16);
  for (std::size_t i = 0; i < p.size(); i += 8) {
    const std::uint64_t r = random64();
    for (std::size_t k = 0; k < 8; ++k) p[i + k] = static_cast<std::uint8_t>(r >> (8 * k));
  }
  return p;
}

void SspDriver::begin_session(bool sync_done) {
  queue_.clear();
  session_.reset();
  conditions_.clear();
  rejects_pending_ = 0;
  phase_ = sync_done ? Phase::KeyExchange : Phase::Syncing;
  if (!sync_done) queue_.push_back({Command::Sync, {}});
  if (!config_.encrypt) {
    phase_ = Phase::Configuring;
    queue_.push_back({Command::HostProtocolVersion, {config_.host_protocol_version}});
    queue_.push_back({Command::SetupRequest, {}});
    return;
  }
  // Diffie-Hellman parameters: two primes, the generator above the modulus (as in the manual).
  const int b = config_.prime_bits;
  const std::uint64_t quarter = std::uint64_t{1} << (b - 2);
  modulus_ = next_prime(quarter + random64() % quarter);
  generator_ = next_prime(2 * quarter + quarter + random64() % quarter);
  host_random_ = 1 + random64() % (modulus_ - 2);
  const std::uint64_t host_inter = mod_pow(generator_, host_random_, modulus_);
  queue_.push_back({Command::SetGenerator, le64(generator_)});
  queue_.push_back({Command::SetModulus, le64(modulus_)});
  queue_.push_back({Command::RequestKeyExchange, le64(host_inter)});
}

ValidatorStep SspDriver::on_tick(Instant now) {
  ValidatorStep step;
  if (pending_ && now - pending_->sent_at >= config_.response_timeout) on_timeout(now, step);
  pump(now, step);
  return step;
}

ValidatorStep SspDriver::on_bytes(ByteView rx, Instant now) {
  ValidatorStep step;
  for (auto& result : reader_.feed(rx)) {
    if (!result) {
      ++bad_frames_;
      last_error_ = std::string("frame_") + to_string(result.error().kind);
      continue;  // never acted on: the resend after the timeout gets the answer again
    }
    on_packet(*result, now, step);
  }
  pump(now, step);
  return step;
}

void SspDriver::send(Request r, Instant now, ValidatorStep& step) {
  assert(!pending_);
  Bytes data;
  data.push_back(static_cast<std::uint8_t>(r.cmd));
  append(data, r.params);
  const bool seal = session_.has_value() && config_.encrypt && !always_plain(r.cmd);
  if (seal) data = session_->seal(data, packing());
  const bool seq = r.cmd == Command::Sync ? true : seq_;
  Pending p{std::move(r), encode_packet(config_.address, seq, data), seq, seal, now, 0};
  if (p.req.cmd == Command::Poll || p.req.cmd == Command::Sync) last_poll_ = now;
  if (p.req.cmd == Command::Hold) last_hold_ = now;
  append(step.tx, p.wire);
  pending_ = std::move(p);
}

void SspDriver::pump(Instant now, ValidatorStep& step) {
  if (pending_) return;
  if (!queue_.empty()) {
    Request r = std::move(queue_.front());
    queue_.pop_front();
    send(std::move(r), now, step);
    return;
  }
  const bool poll_due = !last_poll_ || now - *last_poll_ >= config_.poll_interval;
  if (phase_ == Phase::LinkDown) {
    if (poll_due) send({Command::Sync, {}}, now, step);
    return;
  }
  if (phase_ != Phase::Operating) return;
  if (escrow_ && !escrow_->accepting && !escrow_->returning) {
    // The application is deciding: a POLL would accept the note, so keep it held.
    if (!last_hold_ || now - *last_hold_ >= config_.hold_interval)
      send({Command::Hold, {}}, now, step);
    return;
  }
  if (poll_due) send({Command::Poll, {}}, now, step);
}

void SspDriver::on_packet(const Packet& p, Instant now, ValidatorStep& step) {
  if (p.address != config_.address || !pending_) return;  // another slave, or nothing waiting
  if (p.seq != pending_->seq) return;                     // an answer to an older command
  Bytes data;
  if (!p.data.empty() && p.data[0] == kStex) {
    if (!session_) {
      ++crypto_errors_;
      last_error_ = "encrypted_reply_without_key";
      return;
    }
    auto opened = session_->open(p.data);
    if (!opened) {
      ++crypto_errors_;
      last_error_ =
          std::string("essp_") + to_string(opened.error().kind) + " " + opened.error().what;
      return;  // a replayed or forged packet is never acted on
    }
    data = std::move(*opened);
  } else {
    // A plain answer to an encrypted command is only believed when it is a refusal.
    const bool refusal = p.data.size() == 1 && p.data[0] != response::Ok;
    if (pending_->sealed && !refusal) {
      ++crypto_errors_;
      last_error_ = "plain_reply_to_encrypted_command";
      return;
    }
    data = p.data;
  }
  if (data.empty()) return;
  const Request done = std::move(pending_->req);
  pending_.reset();
  seq_ = done.cmd == Command::Sync ? false : !seq_;
  on_answer(done, step);
  if (data[0] == response::Ok)
    on_reply(done, data, now, step);
  else
    on_failed(done, data[0], step);
}

void SspDriver::on_timeout(Instant now, ValidatorStep& step) {
  ++timeouts_;
  reader_.reset();  // a partial packet is stale now
  if (phase_ == Phase::LinkDown) {
    pending_.reset();
    return;
  }
  if (pending_->timeouts < config_.max_retries) {
    ++pending_->timeouts;
    append(step.tx, pending_->wire);  // same SEQ: the unit repeats its answer, never re-executes
    pending_->sent_at = now;
    return;
  }
  link_lost(step, std::string("no_answer cmd=") + to_string(pending_->req.cmd));
}

void SspDriver::link_lost(ValidatorStep& step, std::string why) {
  pending_.reset();
  queue_.clear();  // HOLD/REJECT/POLL must not go out late; the session is rebuilt on restore
  reader_.reset();
  session_.reset();
  phase_ = Phase::LinkDown;
  last_error_ = why;
  if (!link_lost_reported_) {
    link_lost_reported_ = true;
    step.events.push_back({ValidatorEvent::Kind::LinkLost, {}, std::move(why), {}});
  }
}

void SspDriver::queue_front(Request r) {
  std::erase_if(queue_, [&](const Request& q) { return q.cmd == r.cmd; });
  queue_.push_front(std::move(r));
}

void SspDriver::queue_settings() {
  if (phase_ != Phase::Operating || !setup_) return;  // applied once the channels are known
  std::erase_if(queue_, [](const Request& q) {
    return q.cmd == Command::SetInhibits || q.cmd == Command::Enable || q.cmd == Command::Disable;
  });
  const std::uint32_t bits = setup_->inhibit_bits_for(wanted_);
  queue_.push_back({Command::SetInhibits, encode_inhibits(bits, setup_->channels.size())});
  queue_.push_back({bits ? Command::Enable : Command::Disable, {}});
}

ValidatorStep SspDriver::enable(const std::vector<flows::Kzt>& denominations, Instant now) {
  ValidatorStep step;
  wanted_ = denominations;
  std::sort(wanted_.begin(), wanted_.end());
  wanted_.erase(std::unique(wanted_.begin(), wanted_.end()), wanted_.end());
  if (setup_)
    for (const auto& k : wanted_)
      if (setup_->inhibit_bits_for({k}) == 0)
        last_error_ = "denomination_not_in_channels kzt=" + std::to_string(k.value);
  queue_settings();
  pump(now, step);
  return step;
}

ValidatorStep SspDriver::disable(Instant now) { return enable({}, now); }

ValidatorStep SspDriver::stack(Instant now) {
  ValidatorStep step;
  if (!escrow_ || escrow_->accepting || escrow_->returning) {
    last_error_ = "stack_without_escrow";
    return step;
  }
  escrow_->accepting = true;
  queue_front({Command::Poll, {}});  // in SSP a POLL accepts the escrowed note
  pump(now, step);
  return step;
}

ValidatorStep SspDriver::return_note(Instant now) {
  ValidatorStep step;
  if (!escrow_ || escrow_->accepting || escrow_->returning) {
    last_error_ = "return_without_escrow";
    return step;
  }
  escrow_->returning = true;
  queue_front({Command::Reject, {}});
  pump(now, step);
  return step;
}

}  // namespace kiosk::devices::ssp
