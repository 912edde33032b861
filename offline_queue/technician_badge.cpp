#include "offline_queue/technician_badge.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "offline_queue/base64.hpp"
#include "offline_queue/canonical_json.hpp"
#include "offline_queue/operator_command.hpp"  // usable_command_id

namespace kiosk::oq {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxKiosks = 64;

BadgeVerdict refuse(BadgeVerdict v, BadgeRefusal r, std::string detail) {
  v.refusal = r;
  v.detail = std::move(detail);
  return v;
}

bool exactly_keys(const Json& o, std::initializer_list<const char*> required,
                  std::initializer_list<const char*> optional = {}) {
  if (!o.is_object()) return false;
  std::size_t have = 0;
  for (const char* k : required) {
    if (!o.contains(k)) return false;
    ++have;
  }
  for (const char* k : optional) have += o.contains(k) ? 1 : 0;
  return o.size() == have;
}

bool int_in(const Json& v, std::int64_t lo, std::int64_t hi) {
  if (!v.is_number_integer()) return false;
  const auto x = v.get<std::int64_t>();
  return x >= lo && x <= hi;
}

// The pin object, or a reason it is not one.
std::expected<PinHash, std::string> read_pin(const Json& o) {
  if (!exactly_keys(o, {"kdf", "log2_n", "r", "p", "salt", "hash"}))
    return std::unexpected("pin: not {kdf, log2_n, r, p, salt, hash}");
  if (o["kdf"] != "scrypt") return std::unexpected("pin: kdf is not scrypt");
  if (!int_in(o["log2_n"], kMinPinLog2N, kMaxPinLog2N))
    return std::unexpected("pin: log2_n outside " + std::to_string(kMinPinLog2N) + ".." +
                           std::to_string(kMaxPinLog2N));
  if (!int_in(o["r"], 1, 32) || !int_in(o["p"], 1, 4))
    return std::unexpected("pin: r or p out of range");
  if (!o["salt"].is_string() || !o["hash"].is_string())
    return std::unexpected("pin: salt and hash are base64 strings");
  PinHash h;
  h.log2_n = o["log2_n"].get<int>();
  h.r = o["r"].get<int>();
  h.p = o["p"].get<int>();
  auto salt = base64_decode(o["salt"].get<std::string>());
  auto hash = base64_decode(o["hash"].get<std::string>());
  if (!salt || salt->size() < 16 || salt->size() > 64)
    return std::unexpected("pin: salt is not base64 of 16-64 bytes");
  if (!hash || hash->size() != 32) return std::unexpected("pin: hash is not base64 of 32 bytes");
  h.salt = std::move(*salt);
  h.hash = std::move(*hash);
  return h;
}

// The badge object read strictly, or a reason (malformed).
std::expected<TechnicianBadge, std::string> read_badge(const Json& o) {
  if (!exactly_keys(o, {"id", "technician", "kiosks", "permissions", "issued_at", "expires_at"},
                    {"pin"}))
    return std::unexpected(
        "badge: not {id, technician, kiosks, permissions, issued_at, expires_at, pin?}");
  TechnicianBadge b;
  if (!o["id"].is_string() || !usable_command_id(o["id"].get<std::string>()))
    return std::unexpected("badge: id is not 1-64 of [A-Za-z0-9._:-]");
  if (!o["technician"].is_string() || !usable_command_id(o["technician"].get<std::string>()))
    return std::unexpected("badge: technician is not 1-64 of [A-Za-z0-9._:-]");
  b.id = o["id"];
  b.technician = o["technician"];
  const Json& ks = o["kiosks"];
  if (!ks.is_array() || ks.empty() || ks.size() > kMaxKiosks)
    return std::unexpected("badge: kiosks is not a list of 1-64 kiosk ids");
  for (const auto& k : ks) {
    if (!k.is_string() || (k != "*" && !usable_command_id(k.get<std::string>())))
      return std::unexpected("badge: a kiosk is not a kiosk id or \"*\"");
    b.kiosks.push_back(k);
  }
  const Json& ps = o["permissions"];
  if (!ps.is_array() || ps.empty() || ps.size() > 8)
    return std::unexpected("badge: permissions is not a list of 1-8 permissions");
  std::set<BadgePermission> seen;
  for (const auto& p : ps) {
    auto perm = p.is_string() ? badge_permission_from(p.get<std::string>()) : std::nullopt;
    if (!perm) return std::unexpected("badge: unknown permission " + p.dump());
    if (!seen.insert(*perm).second) return std::unexpected("badge: a permission is repeated");
    b.permissions.push_back(*perm);
  }
  if (!o["issued_at"].is_number_integer() || !o["expires_at"].is_number_integer())
    return std::unexpected("badge: issued_at and expires_at are integers (Unix seconds)");
  b.issued_at = o["issued_at"];
  b.expires_at = o["expires_at"];
  if (b.expires_at <= b.issued_at) return std::unexpected("badge: expires before it is issued");
  if (o.contains("pin")) {
    auto pin = read_pin(o["pin"]);
    if (!pin) return std::unexpected(pin.error());
    b.pin = std::move(*pin);
  }
  return b;
}

Json badge_json(const TechnicianBadge& b) {
  Json o = {{"id", b.id},
            {"technician", b.technician},
            {"kiosks", b.kiosks},
            {"permissions", Json::array()},
            {"issued_at", b.issued_at},
            {"expires_at", b.expires_at}};
  for (auto p : b.permissions) o["permissions"].push_back(to_string(p));
  if (b.pin)
    o["pin"] = {{"kdf", "scrypt"},
                {"log2_n", b.pin->log2_n},
                {"r", b.pin->r},
                {"p", b.pin->p},
                {"salt", base64_encode(b.pin->salt)},
                {"hash", base64_encode(b.pin->hash)}};
  return o;
}

}  // namespace

const char* to_string(BadgePermission p) {
  switch (p) {
    case BadgePermission::Refill:
      return "refill";
    case BadgePermission::Collect:
      return "collect";
    case BadgePermission::Diagnostics:
      return "diagnostics";
    case BadgePermission::Config:
      return "config";
  }
  return "unknown";
}

std::optional<BadgePermission> badge_permission_from(std::string_view s) {
  for (auto p : {BadgePermission::Refill, BadgePermission::Collect, BadgePermission::Diagnostics,
                 BadgePermission::Config})
    if (s == to_string(p)) return p;
  return std::nullopt;
}

const char* to_string(BadgeRefusal r) {
  switch (r) {
    case BadgeRefusal::Malformed:
      return "malformed";
    case BadgeRefusal::BadSignature:
      return "bad_signature";
    case BadgeRefusal::WrongKiosk:
      return "wrong_kiosk";
    case BadgeRefusal::Expired:
      return "expired";
  }
  return "unknown";
}

bool TechnicianBadge::permits(BadgePermission p) const {
  return std::find(permissions.begin(), permissions.end(), p) != permissions.end();
}

bool TechnicianBadge::opens(std::string_view kiosk_id) const {
  return std::any_of(kiosks.begin(), kiosks.end(),
                     [&](const std::string& k) { return k == "*" || k == kiosk_id; });
}

bool looks_like_badge(std::string_view payload) { return payload.starts_with(kBadgePrefix); }

BadgeVerdict verify_badge(std::string_view payload, const BadgeContext& ctx) {
  BadgeVerdict v;
  if (!looks_like_badge(payload)) return refuse(v, BadgeRefusal::Malformed, "not a badge");
  if (payload.size() > kMaxBadgeBytes)
    return refuse(v, BadgeRefusal::Malformed, "longer than " + std::to_string(kMaxBadgeBytes));
  const std::string_view text = payload.substr(kBadgePrefix.size());
  if (json_text_depth(text, 4) > 4) return refuse(v, BadgeRefusal::Malformed, "nested too deep");
  Json doc = Json::parse(text, nullptr, false);
  if (!exactly_keys(doc, {"badge", "signature"}))
    return refuse(v, BadgeRefusal::Malformed, "not {badge, signature}");
  auto badge = read_badge(doc["badge"]);
  if (!badge) return refuse(v, BadgeRefusal::Malformed, badge.error());
  v.badge = std::move(*badge);
  auto sig = doc["signature"].is_string() ? base64_decode(doc["signature"].get<std::string>())
                                          : std::nullopt;
  if (!sig || sig->size() != 64)
    return refuse(v, BadgeRefusal::Malformed, "signature is not base64 of 64 bytes");
  auto signed_bytes = canonical_json(doc["badge"].dump());
  if (!signed_bytes) return refuse(v, BadgeRefusal::Malformed, signed_bytes.error());
  if (!ctx.key || !ctx.key->verify(*signed_bytes, *sig))
    return refuse(v, BadgeRefusal::BadSignature, "the operator's key did not sign this badge");
  if (!v.badge.opens(ctx.kiosk_id))
    return refuse(v, BadgeRefusal::WrongKiosk, "the badge does not name this kiosk");
  if (v.badge.expires_at <= ctx.now_s)
    return refuse(v, BadgeRefusal::Expired, "expired at " + std::to_string(v.badge.expires_at));
  if (v.badge.issued_at > ctx.now_s + ctx.max_future_skew_s)
    return refuse(v, BadgeRefusal::Expired, "issued in the future (clock skew)");
  return v;
}

std::string sign_badge(const TechnicianBadge& badge, const Ed25519PrivateKey& key) {
  Json b = badge_json(badge);
  auto bytes = canonical_json(b.dump());
  Json doc = {{"badge", b}, {"signature", base64_encode(key.sign(bytes.value_or("")))}};
  return std::string(kBadgePrefix) + doc.dump();
}

}  // namespace kiosk::oq
