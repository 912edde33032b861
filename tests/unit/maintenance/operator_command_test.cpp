// The operator command contract (offline_queue/exchange-api.md, "Operator commands"): the test
// vector signed by the simulator's key pair (config/sim-operator-command.{key,pub}), and every
// refusal reason in its order.
#include "offline_queue/operator_command.hpp"

#include <doctest/doctest.h>

#include "kiosk/source_tree.hpp"
#include "offline_queue/base64.hpp"
#include "offline_queue/operator_command_args.hpp"

using namespace kiosk::oq;
using Json = nlohmann::json;

namespace {

const char* kVector =
    R"({"id":"cmd-0001","kiosk_id":"sim-ast-001","seq":1,"issued_at":1767225600,)"
    R"("expires_at":1767225900,"command":{"name":"enter_maintenance","args":{}},)"
    R"("signature":"NOP/PcTo3y2Y0jvxziFGHxj1mtDOf9b38UKGsHoMWMr/wxitwFTYLCw/7aPisTvzo9bPdyhe6+SkUta41Lx+BA=="})";
const char* kVectorSigned =
    R"({"command":{"args":{},"name":"enter_maintenance"},"expires_at":1767225900,)"
    R"("id":"cmd-0001","issued_at":1767225600,"kiosk_id":"sim-ast-001","seq":1})";
constexpr std::int64_t kNow = 1767225700;

Ed25519PublicKey sim_public() {
  auto k = Ed25519PublicKey::from_pem_file(kiosk::app::source_tree() +
                                           "/config/sim-operator-command.pub");
  REQUIRE(k);
  return *k;
}
Ed25519PrivateKey sim_private() {
  auto k = Ed25519PrivateKey::from_pem_file(kiosk::app::source_tree() +
                                            "/config/sim-operator-command.key");
  REQUIRE(k);
  return *k;
}

VerifyContext ctx(const Ed25519PublicKey& key, std::int64_t highest = 0) {
  return VerifyContext{&key, "sim-ast-001", highest, kNow, 300};
}

OperatorCommand command(std::string id, std::int64_t seq, std::string name,
                        Json args = Json::object()) {
  return OperatorCommand{std::move(id),   "sim-ast-001",  seq, kNow - 10, kNow + 300,
                         std::move(name), std::move(args)};
}

std::string reason(const CommandVerdict& v) { return v.refusal ? to_string(*v.refusal) : "ok"; }

}  // namespace

TEST_CASE("the contract's test vector verifies with the simulator's public key") {
  auto key = sim_public();
  auto j = Json::parse(kVector);
  CHECK(command_signing_bytes(j) == std::string(kVectorSigned));
  auto v = verify_command_text(kVector, ctx(key));
  CHECK(reason(v) == "ok");
  CHECK(v.command.name == "enter_maintenance");
  CHECK(v.command.seq == 1);
  // Ed25519 is deterministic: the simulator's private key signs the same bytes the same way.
  auto env = sign_command(v.command, sim_private());
  CHECK(env["signature"] == j["signature"]);
}

TEST_CASE("each refusal reason, in the order of the contract") {
  auto key = sim_public();
  auto priv = sim_private();
  auto signed_env = [&](const OperatorCommand& c) { return sign_command(c, priv); };

  SUBCASE("malformed: not JSON, not an object, missing or mistyped fields, bad base64") {
    CHECK(reason(verify_command_text("{", ctx(key))) == "malformed");
    CHECK(reason(verify_command_text("[1,2]", ctx(key))) == "malformed");
    auto env = signed_env(command("c-1", 1, "status"));
    for (const char* field :
         {"id", "kiosk_id", "seq", "issued_at", "expires_at", "command", "signature"}) {
      Json e = env;
      e.erase(field);
      CHECK_MESSAGE(reason(verify_command(e, ctx(key))) == "malformed", field);
    }
    Json e = env;
    e["seq"] = "1";  // a number as text
    CHECK(reason(verify_command(e, ctx(key))) == "malformed");
    e = env;
    e["seq"] = 1.5;
    CHECK(reason(verify_command(e, ctx(key))) == "malformed");
    e = env;
    e["seq"] = 0;
    CHECK(reason(verify_command(e, ctx(key))) == "malformed");
    e = env;
    e["command"]["args"] = Json::array();
    CHECK(reason(verify_command(e, ctx(key))) == "malformed");
    e = env;
    e["command"]["extra"] = 1;
    CHECK(reason(verify_command(e, ctx(key))) == "malformed");
    e = env;
    e["extra"] = 1;  // every field is signed; an unknown one is refused, not ignored
    CHECK(reason(verify_command(e, ctx(key))) == "malformed");
    e = env;
    e["signature"] = "not base64!";
    CHECK(reason(verify_command(e, ctx(key))) == "malformed");
    e = env;
    e["signature"] = base64_encode("short");
    CHECK(reason(verify_command(e, ctx(key))) == "malformed");
    e = env;
    e["id"] = "../../v1/cash-in";  // the id goes into a URL path
    auto v = verify_command(e, ctx(key));
    CHECK(reason(v) == "malformed");
    CHECK_FALSE(v.id_usable);
  }
  SUBCASE("bad_signature: tampered args, seq, or another key") {
    auto env =
        signed_env(command("c-1", 5, "refill",
                           Json{{"cassettes", Json::array({Json{{"kzt", 5000}, {"count", 10}}})}}));
    CHECK(reason(verify_command(env, ctx(key))) == "ok");
    Json e = env;
    e["command"]["args"]["cassettes"][0]["count"] = 11;
    CHECK(reason(verify_command(e, ctx(key))) == "bad_signature");
    e = env;
    e["seq"] = 6;
    CHECK(reason(verify_command(e, ctx(key))) == "bad_signature");
    auto other = Ed25519PrivateKey::generate();
    REQUIRE(other);
    auto forged = sign_command(command("c-1", 5, "status"), *other);
    auto v = verify_command(forged, ctx(key));
    CHECK(reason(v) == "bad_signature");
    CHECK(v.id_usable);  // a forged command is still answered by its id
  }
  SUBCASE("wrong_kiosk comes after the signature") {
    auto c = command("c-1", 1, "status");
    c.kiosk_id = "sim-alm-001";
    CHECK(reason(verify_command(signed_env(c), ctx(key))) == "wrong_kiosk");
  }
  SUBCASE("expired: past expires_at, or issued too far in the future") {
    auto c = command("c-1", 1, "status");
    c.expires_at = kNow;
    CHECK(reason(verify_command(signed_env(c), ctx(key))) == "expired");
    c = command("c-1", 1, "status");
    c.issued_at = kNow + 301;
    c.expires_at = kNow + 900;
    CHECK(reason(verify_command(signed_env(c), ctx(key))) == "expired");
    c.issued_at = kNow + 300;  // within the allowed skew
    CHECK(reason(verify_command(signed_env(c), ctx(key))) == "ok");
  }
  SUBCASE("replayed: a seq at or below the highest executed, whatever the id") {
    CHECK(reason(verify_command(signed_env(command("c-9", 7, "status")), ctx(key, 7))) ==
          "replayed");
    CHECK(reason(verify_command(signed_env(command("c-9", 6, "status")), ctx(key, 7))) ==
          "replayed");
    CHECK(reason(verify_command(signed_env(command("c-9", 8, "status")), ctx(key, 7))) == "ok");
  }
  SUBCASE("unknown_command") {
    CHECK(reason(verify_command(signed_env(command("c-1", 1, "format_disk")), ctx(key))) ==
          "unknown_command");
  }
  SUBCASE("bad_args: wrong types, ranges, unknown keys, sizes, nesting") {
    auto check = [&](const char* name, Json args) {
      return reason(verify_command(signed_env(command("c-1", 1, name, std::move(args))), ctx(key)));
    };
    CHECK(check("status", Json{{"verbose", true}}) == "bad_args");
    CHECK(check("out_of_service", Json{{"message", 42}}) == "bad_args");
    CHECK(check("out_of_service", Json{{"message", std::string(201, 'x')}}) == "bad_args");
    CHECK(check("out_of_service", Json{{"message", "Back at 14:00"}}) == "ok");
    CHECK(check("refill", Json::object()) == "bad_args");
    CHECK(check("refill", Json{{"cassettes", "5000:10"}}) == "bad_args");
    CHECK(check("refill", Json{{"cassettes", Json::array({Json{{"kzt", 5000}, {"count", -1}}})}}) ==
          "bad_args");
    CHECK(check("refill", Json{{"cassettes", Json::array({Json{{"kzt", 5000}}})}}) == "bad_args");
    Json many = Json::array();
    for (int i = 0; i < 9; ++i) many.push_back(Json{{"kzt", 5000}, {"count", 1}});
    CHECK(check("refill", Json{{"cassettes", many}}) == "bad_args");
    CHECK(check("test_dispense", Json{{"cassette", 0}, {"count", 6}}) == "bad_args");
    CHECK(check("lift_cash_out_suspension", Json{{"note", ""}}) == "bad_args");
    CHECK(check("lift_cash_out_suspension", Json{{"note", "bad\x01"}}) == "bad_args");
    CHECK(check("export_journal", Json{{"from", 1}, {"to", 200}}) == "ok");
    CHECK(check("export_journal", Json{{"from", 1}, {"to", 201}}) == "bad_args");
    CHECK(check("export_journal", Json{{"from", 10}, {"to", 5}}) == "bad_args");
    CHECK(check("export_journal", Json{{"from", 0}, {"to", 5}}) == "bad_args");
    Json deep = Json::object();
    for (int i = 0; i < 5; ++i) deep = Json{{"k", deep}};
    CHECK(check("status", deep) == "bad_args");
  }
}

TEST_CASE("huge or deeply nested envelopes are refused before they are parsed") {
  auto key = sim_public();
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(reason(verify_command_text(deep, ctx(key))) == "malformed");
  std::string huge = R"({"id":")" + std::string(20000, 'a') + R"("})";
  CHECK(reason(verify_command_text(huge, ctx(key))) == "malformed");
  // Brackets inside strings do not count.
  CHECK(json_text_depth(R"({"a":"[[[[[[[[[[[[[[[["})", 8) == 1);
}

TEST_CASE("a signed envelope with a float has no canonical form: malformed") {
  auto key = sim_public();
  auto env = sign_command(command("c-1", 1, "status"), sim_private());
  env["issued_at"] = 1.0e9;
  CHECK(reason(verify_command(env, ctx(key))) == "malformed");
}

TEST_CASE("keys: PEM round trip; a non-Ed25519 or garbage PEM is refused with a reason") {
  auto k = Ed25519PrivateKey::generate();
  REQUIRE(k);
  auto pub = Ed25519PublicKey::from_pem(k->public_pem());
  REQUIRE(pub);
  CHECK(pub->verify("hello", k->sign("hello")));
  CHECK_FALSE(pub->verify("hellO", k->sign("hello")));
  CHECK_FALSE(Ed25519PublicKey::from_pem("garbage"));
  CHECK_FALSE(Ed25519PublicKey::from_pem(k->pem()));  // a private key where the public one goes
  CHECK_FALSE(Ed25519PublicKey::from_pem_file("/nonexistent/key.pub"));
}
