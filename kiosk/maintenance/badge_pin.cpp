#include "kiosk/maintenance/badge_pin.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace kiosk::app {

bool acceptable_pin(std::string_view pin) {
  return pin.size() >= 4 && pin.size() <= 8 &&
         std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

std::optional<std::string> scrypt(std::string_view pin, const oq::PinHash& params) {
  std::string out(32, '\0');
  const std::uint64_t n = std::uint64_t{1} << params.log2_n;
  const std::uint64_t maxmem =
      256ull * n * static_cast<std::uint64_t>(params.r) * static_cast<std::uint64_t>(params.p) +
      (std::uint64_t{1} << 20);
  if (EVP_PBE_scrypt(pin.data(), pin.size(),
                     reinterpret_cast<const unsigned char*>(params.salt.data()), params.salt.size(),
                     n, static_cast<std::uint64_t>(params.r), static_cast<std::uint64_t>(params.p),
                     maxmem, reinterpret_cast<unsigned char*>(out.data()), out.size()) != 1)
    return std::nullopt;
  return out;
}

}  // namespace

std::expected<oq::PinHash, std::string> hash_pin(std::string_view pin, std::string salt, int log2_n,
                                                 int r, int p) {
  if (!acceptable_pin(pin)) return std::unexpected("a PIN is 4 to 8 digits");
  if (salt.size() < 16) return std::unexpected("the salt is shorter than 16 bytes");
  if (log2_n < oq::kMinPinLog2N || log2_n > oq::kMaxPinLog2N || r < 1 || r > 32 || p < 1 || p > 4)
    return std::unexpected("scrypt parameters out of range");
  oq::PinHash h{log2_n, r, p, std::move(salt), {}};
  auto hash = scrypt(pin, h);
  if (!hash) return std::unexpected("scrypt failed");
  h.hash = std::move(*hash);
  return h;
}

bool pin_matches(const oq::PinHash& h, std::string_view pin) {
  if (!acceptable_pin(pin) || h.hash.size() != 32) return false;
  auto hash = scrypt(pin, h);
  return hash && CRYPTO_memcmp(hash->data(), h.hash.data(), 32) == 0;
}

std::optional<PinGuard::Answer> PinGuard::locked(const std::string& technician,
                                                 std::int64_t now_s) const {
  auto it = by_technician_.find(technician);
  if (it == by_technician_.end() || it->second.locked_until_s <= now_s) return std::nullopt;
  return Answer{Verdict::Locked, 0, it->second.locked_until_s};
}

PinGuard::Answer PinGuard::record(const std::string& technician, bool correct, std::int64_t at_s) {
  State& s = by_technician_[technician];
  if (s.locked_until_s > at_s) return {Verdict::Locked, 0, s.locked_until_s};
  if (s.locked_until_s != 0) s = {};  // a lock that ran out starts the count again
  if (correct) {
    s = {};
    return {Verdict::Accepted, config_.max_tries, 0};
  }
  ++s.wrong_in_a_row;
  if (s.wrong_in_a_row >= config_.max_tries) {
    s.locked_until_s = at_s + config_.lock_s;
    return {Verdict::Wrong, 0, s.locked_until_s};
  }
  return {Verdict::Wrong, config_.max_tries - s.wrong_in_a_row, 0};
}

std::expected<PinGuard::Answer, std::string> journal_pin_try(oq::Store& store, PinGuard& guard,
                                                             const std::string& technician,
                                                             bool correct, std::int64_t at_ms) {
  const nlohmann::json payload = {{"technician", technician}, {"correct", correct ? 1 : 0}};
  if (auto r = store.append(oq::JournalEntry{"", kPinTried, payload.dump(), at_ms}); !r)
    return std::unexpected(r.error().what);
  return guard.record(technician, correct, at_ms / 1000);
}

std::expected<PinGuard, std::string> load_pin_guard(oq::Store& store, PinGuardConfig config) {
  PinGuard guard(config);
  auto rows = store.rows_of_types({kPinTried});
  if (!rows) return std::unexpected(rows.error().what);
  for (const auto& r : *rows) {
    auto p = nlohmann::json::parse(r.payload, nullptr, false);
    if (!p.is_object() || !p.contains("technician") || !p["technician"].is_string()) continue;
    guard.record(p["technician"].get<std::string>(), p.value("correct", 0) == 1, r.at_ms / 1000);
  }
  return guard;
}

}  // namespace kiosk::app
