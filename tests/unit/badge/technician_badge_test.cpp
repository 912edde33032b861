// Technician badges (offline_queue/technician_badge.hpp): signed by the operator's key, naming
// the kiosks and permissions, expiring; refused with the first reason that applies.
#include "offline_queue/technician_badge.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "kiosk/source_tree.hpp"

using namespace kiosk::oq;
using Json = nlohmann::json;

namespace {

constexpr std::int64_t kNow = 1767225700;

Ed25519PrivateKey sim_private() {
  auto k = Ed25519PrivateKey::from_pem_file(kiosk::app::source_tree() +
                                            "/config/sim-operator-command.key");
  REQUIRE(k);
  return *k;
}

TechnicianBadge badge() {
  TechnicianBadge b;
  b.id = "badge-0007";
  b.technician = "T-0042";
  b.kiosks = {"sim-ast-001", "ala-002"};
  b.permissions = {BadgePermission::Refill, BadgePermission::Diagnostics};
  b.issued_at = kNow - 3600;
  b.expires_at = kNow + 8 * 3600;
  return b;
}

std::string reason(const BadgeVerdict& v) { return v.refusal ? to_string(*v.refusal) : "ok"; }

struct Keys {
  Ed25519PrivateKey priv = sim_private();
  Ed25519PublicKey pub = priv.public_key();
  BadgeContext ctx(std::string kiosk = "sim-ast-001", std::int64_t now = kNow) const {
    return BadgeContext{&pub, std::move(kiosk), now, 300};
  }
};

// The payload's JSON, edited, put back (its signature left as it was).
std::string edited(const std::string& payload, const std::function<void(Json&)>& edit) {
  Json doc = Json::parse(payload.substr(kBadgePrefix.size()));
  edit(doc);
  return std::string(kBadgePrefix) + doc.dump();
}

}  // namespace

TEST_CASE("a badge signed by the operator opens the kiosks it names, with its permissions") {
  Keys k;
  const std::string qr = sign_badge(badge(), k.priv);
  CHECK(looks_like_badge(qr));
  CHECK(qr.size() < kMaxBadgeBytes);
  auto v = verify_badge(qr, k.ctx());
  REQUIRE(reason(v) == "ok");
  CHECK(v.badge.technician == "T-0042");
  CHECK(v.badge.permits(BadgePermission::Refill));
  CHECK(v.badge.permits(BadgePermission::Diagnostics));
  CHECK_FALSE(v.badge.permits(BadgePermission::Collect));
  CHECK_FALSE(v.badge.permits(BadgePermission::Config));
  CHECK(reason(verify_badge(qr, k.ctx("ala-002"))) == "ok");
}

TEST_CASE("\"*\" opens every kiosk") {
  Keys k;
  auto b = badge();
  b.kiosks = {"*"};
  CHECK(reason(verify_badge(sign_badge(b, k.priv), k.ctx("any-kiosk-9"))) == "ok");
}

TEST_CASE("refusals, each with the first reason that applies") {
  Keys k;
  const std::string qr = sign_badge(badge(), k.priv);
  SUBCASE("another kiosk") { CHECK(reason(verify_badge(qr, k.ctx("ast-003"))) == "wrong_kiosk"); }
  SUBCASE("expired") {
    CHECK(reason(verify_badge(qr, k.ctx("sim-ast-001", kNow + 9 * 3600))) == "expired");
  }
  SUBCASE("issued in the future beyond the skew") {
    auto b = badge();
    b.issued_at = kNow + 3600;
    CHECK(reason(verify_badge(sign_badge(b, k.priv), k.ctx())) == "expired");
  }
  SUBCASE("a permission added after signing") {
    auto forged = edited(qr, [](Json& d) { d["badge"]["permissions"].push_back("config"); });
    CHECK(reason(verify_badge(forged, k.ctx())) == "bad_signature");
  }
  SUBCASE("the expiry pushed back") {
    auto forged = edited(qr, [](Json& d) { d["badge"]["expires_at"] = kNow + 999999; });
    CHECK(reason(verify_badge(forged, k.ctx())) == "bad_signature");
  }
  SUBCASE("signed by another key") {
    auto other = Ed25519PrivateKey::generate();
    REQUIRE(other);
    CHECK(reason(verify_badge(sign_badge(badge(), *other), k.ctx())) == "bad_signature");
  }
  SUBCASE("a bad signature on a badge for another kiosk is a bad signature first") {
    auto forged = edited(qr, [](Json& d) { d["badge"]["kiosks"] = Json::array({"ast-003"}); });
    CHECK(reason(verify_badge(forged, k.ctx("sim-ast-001"))) == "bad_signature");
  }
  SUBCASE("malformed") {
    for (auto edit : std::vector<std::function<void(Json&)>>{
             [](Json& d) { d.erase("signature"); },
             [](Json& d) { d["signature"] = "not base64!"; },
             [](Json& d) { d["signature"] = "AAAA"; },
             [](Json& d) { d["extra"] = 1; },
             [](Json& d) { d["badge"]["permissions"] = Json::array({"open_safe"}); },
             [](Json& d) {
               d["badge"]["permissions"] = Json::array({"refill", "refill"});
             },
             [](Json& d) { d["badge"]["permissions"] = Json::array(); },
             [](Json& d) { d["badge"]["kiosks"] = Json::array(); },
             [](Json& d) { d["badge"]["kiosks"] = "sim-ast-001"; },
             [](Json& d) { d["badge"]["technician"] = "Aigerim Nurlanovna"; },
             [](Json& d) { d["badge"]["expires_at"] = 1.5; },
             [](Json& d) { d["badge"]["expires_at"] = d["badge"]["issued_at"]; },
             [](Json& d) { d["badge"]["role"] = "admin"; },
             [](Json& d) {
               d["badge"]["pin"] = {{"kdf", "md5"}};
             },
             [](Json& d) { d["badge"]["kiosks"] = Json::array({Json::array({Json::array()})}); },
         }) {
      auto bad = edited(qr, edit);
      CAPTURE(bad);
      CHECK(reason(verify_badge(bad, k.ctx())) == "malformed");
    }
    CHECK(reason(verify_badge("bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", k.ctx())) ==
          "malformed");
    CHECK_FALSE(looks_like_badge("bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));
    CHECK(reason(verify_badge("kiosk-badge:{", k.ctx())) == "malformed");
    CHECK(reason(verify_badge("kiosk-badge:" + std::string(3000, ' '), k.ctx())) == "malformed");
    CHECK(reason(verify_badge("kiosk-badge:" + std::string(500, '[') + std::string(500, ']'),
                              k.ctx())) == "malformed");
  }
}
