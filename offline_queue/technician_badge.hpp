// Technician badges: what a technician shows the kiosk's camera instead of typing a shared PIN.
// A badge is issued and signed by the operator (the same Ed25519 key as operator commands) and
// names the technician (an id, never a name: it reaches the journal), the kiosks it opens (or
// "*"), what it permits and when it expires; optionally the hash of a PIN the technician must also
// type (scrypt, salted; the kiosk counts wrong tries: kiosk/maintenance/badge_pin.hpp).
//
// The QR payload is `kiosk-badge:` followed by the JSON
//   {"badge": {"id", "technician", "kiosks": [..], "permissions": [..], "issued_at",
//              "expires_at", "pin"?: {"kdf": "scrypt", "log2_n", "r", "p", "salt", "hash"}},
//    "signature": base64(Ed25519(canonical_json(badge)))}
// Pure: payload text, the public key, this kiosk's id and the time in; the badge or the first
// reason to refuse it out, in this order: malformed, bad_signature, wrong_kiosk, expired
// (expires_at passed, or issued_at too far in the future).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "offline_queue/ed25519.hpp"

namespace kiosk::oq {

inline constexpr std::string_view kBadgePrefix = "kiosk-badge:";
inline constexpr std::size_t kMaxBadgeBytes = 2048;  // fits one QR code comfortably

enum class BadgePermission { Refill, Collect, Diagnostics, Config };
const char* to_string(BadgePermission p);
std::optional<BadgePermission> badge_permission_from(std::string_view s);

// A PIN's slow hash. Parameters travel with it so that they can grow; the kiosk refuses weak ones.
struct PinHash {
  int log2_n = 15;  // scrypt N = 2^log2_n; at least kMinPinLog2N
  int r = 8;
  int p = 1;
  std::string salt;  // raw bytes, at least 16
  std::string hash;  // raw bytes, 32
  bool operator==(const PinHash&) const = default;
};
inline constexpr int kMinPinLog2N = 14;
inline constexpr int kMaxPinLog2N = 20;

struct TechnicianBadge {
  std::string id;                   // the badge's own id (a lost badge is revoked by it)
  std::string technician;           // an id such as "T-0042" (never a name)
  std::vector<std::string> kiosks;  // kiosk ids, or {"*"}
  std::vector<BadgePermission> permissions;
  std::int64_t issued_at = 0;  // Unix seconds
  std::int64_t expires_at = 0;
  std::optional<PinHash> pin;

  bool permits(BadgePermission p) const;
  bool opens(std::string_view kiosk_id) const;
};

enum class BadgeRefusal { Malformed, BadSignature, WrongKiosk, Expired };
const char* to_string(BadgeRefusal r);

struct BadgeContext {
  const Ed25519PublicKey* key = nullptr;
  std::string kiosk_id;
  std::int64_t now_s = 0;
  std::int64_t max_future_skew_s = 300;
};

struct BadgeVerdict {
  TechnicianBadge badge;                // filled once the payload is well formed
  std::optional<BadgeRefusal> refusal;  // nullopt: a good badge for this kiosk now
  std::string detail;                   // for the journal; never the PIN hash
  bool ok() const { return !refusal; }
};

// True when a scanned QR payload claims to be a badge (then it must not be read as a wallet).
bool looks_like_badge(std::string_view payload);
BadgeVerdict verify_badge(std::string_view payload, const BadgeContext& ctx);

// The operator's side (`kiosk operator badge`, tests): the QR payload for `badge`.
std::string sign_badge(const TechnicianBadge& badge, const Ed25519PrivateKey& key);

}  // namespace kiosk::oq
