// A technician badge's optional PIN: hashed with scrypt (slow and memory-hard, so that a copied
// badge does not give its PIN away quickly), and guarded on the kiosk: five wrong tries in a row
// lock that technician out for a period. Pure but for the KDF; the guard is fed the journal's
// `technician.pin_tried` rows (kPinTried) at start, so a restart neither forgets a lock nor resets
// the count.
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "offline_queue/store.hpp"
#include "offline_queue/technician_badge.hpp"

namespace kiosk::app {

inline constexpr const char* kPinTried = "technician.pin_tried";  // {technician, correct}

// 4 to 8 digits.
bool acceptable_pin(std::string_view pin);
// The PIN's hash with `salt` (raw bytes, 16 or more), or why not (a bad PIN, weak parameters).
std::expected<oq::PinHash, std::string> hash_pin(std::string_view pin, std::string salt,
                                                 int log2_n = 15, int r = 8, int p = 1);
// True when `pin` hashes to `h` (compared in constant time).
bool pin_matches(const oq::PinHash& h, std::string_view pin);

struct PinGuardConfig {
  int max_tries = 5;              // wrong tries in a row before a lock
  std::int64_t lock_s = 15 * 60;  // how long the lock lasts
};

class PinGuard {
 public:
  explicit PinGuard(PinGuardConfig config = {}) : config_(config) {}

  enum class Verdict { Accepted, Wrong, Locked };
  struct Answer {
    Verdict verdict = Verdict::Locked;
    int tries_left = 0;               // before a lock (Wrong)
    std::int64_t locked_until_s = 0;  // Locked, and Wrong when that try locked it
  };

  // Locked now? Ask before checking a PIN: a locked technician's PIN is not even hashed.
  std::optional<Answer> locked(const std::string& technician, std::int64_t now_s) const;
  // A try and its result (live, or replayed from the journal at start).
  Answer record(const std::string& technician, bool correct, std::int64_t at_s);

 private:
  struct State {
    int wrong_in_a_row = 0;
    std::int64_t locked_until_s = 0;
  };
  PinGuardConfig config_;
  std::map<std::string, State> by_technician_;
};

// Journals one try (`technician.pin_tried`: the technician's id and whether it was right; never the
// PIN) and records it in `guard`; the journal row comes first, so a crash cannot forget a try.
std::expected<PinGuard::Answer, std::string> journal_pin_try(oq::Store& store, PinGuard& guard,
                                                             const std::string& technician,
                                                             bool correct, std::int64_t at_ms);
// The guard as the journal's tries leave it (at start).
std::expected<PinGuard, std::string> load_pin_guard(oq::Store& store, PinGuardConfig config = {});

}  // namespace kiosk::app
