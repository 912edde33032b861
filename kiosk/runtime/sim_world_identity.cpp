// The simulator's identification actions: an ID document or a face shown to the camera, and the
// exchange's side of compliance (the blocked list, a person's usage, a forced KYC outcome).
#include "flows/compliance/document_identity.hpp"
#include "kiosk/runtime/sim_world.hpp"
#include "sim/camera/synthetic_document_selfie.hpp"
#include "sim/camera/synthetic_face.hpp"
#include "sim/camera/synthetic_id.hpp"

namespace kiosk::app {

namespace {

flows::identity::MrzFields sim_fields(const nlohmann::json& msg) {
  bool passport = msg.value("kind", "id_card") == "passport";
  auto kind = passport ? sim::IdDocumentKind::Passport : sim::IdDocumentKind::KazakhIdCard;
  auto f = sim::sample_identity(msg.value("seed", 1u), kind);
  if (passport) {  // a Russian passport: the common foreign customer here
    f.issuing_state = f.nationality = "RUS";
    f.optional_data.clear();
  }
  if (msg.value("expired", false)) f.expiry_date = "240101";
  return f;
}

}  // namespace

cv::Mat render_sim_document(const nlohmann::json& msg) {
  bool passport = msg.value("kind", "id_card") == "passport";
  sim::SyntheticIdOptions o;
  o.seed = msg.value("seed", 1u);
  o.kind = passport ? sim::IdDocumentKind::Passport : sim::IdDocumentKind::KazakhIdCard;
  o.fields = sim_fields(msg);
  o.pitch_px = 22;  // an easy, well-held document: the reader's limits are measured in bench/mrz
  o.rotation_deg = 2;
  o.glare = false;
  return sim::render_id_scene(o).image;
}

flows::compliance::CustomerIdentity sim_document_holder(const nlohmann::json& msg) {
  auto lines = flows::identity::compose_mrz(sim_fields(msg));
  auto today = std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  if (!lines) return {};
  auto record = flows::identity::parse_mrz(*lines, today);
  if (!record) return {};
  return flows::compliance::identity_from_document(*record).value_or(
      flows::compliance::CustomerIdentity{});
}

std::optional<std::expected<std::string, std::string>> SimWorld::act_identity(
    const nlohmann::json& msg) {
  using R = std::expected<std::string, std::string>;
  std::string a = msg.value("action", "");
  if (a == "present_id") {  // {"kind": "id_card" | "passport", "seed": n, "expired": bool}
    camera_.present_scene(render_sim_document(msg), 150);
    return R("identity document shown to the camera");
  }
  if (a == "clear_camera") {  // the customer takes the document or steps away
    camera_.clear();
    return R("nothing in front of the camera");
  }
  if (a == "present_selfie") {  // {"faces": 0 | 1 | 2, "seed": n}
    sim::SelfieSceneOptions o;
    o.seed = msg.value("seed", 1u);
    o.faces = std::clamp(msg.value("faces", 1), 0, 2);
    camera_.present_scene(sim::render_selfie_scene(o).image, 150);  // about 10 s at 15 fps
    return R(std::to_string(o.faces) + " face(s) in front of the camera");
  }
  if (a == "present_document_selfie") {  // {"kind": ..., "seed": n, "beside_face": bool}
    sim::DocumentSelfieOptions o;
    o.seed = msg.value("seed", 1u);
    o.kind = msg.value("kind", "id_card") == "passport" ? sim::IdDocumentKind::Passport
                                                        : sim::IdDocumentKind::KazakhIdCard;
    o.rotation_deg = 5;  // a portrait the detector sees (strong tilts read as no face at all)
    o.beside_face = msg.value("beside_face", false);
    camera_.present_scene(sim::render_document_selfie(o).image, 150);
    return R("an identity document held up to the selfie camera");
  }
  if (a != "block_person" && a != "set_usage" && a != "decide_review") return std::nullopt;
  if (!exchange_) return R(std::unexpected("the exchange is external in this run"));
  auto who = sim_document_holder(msg);
  if (who.key.empty()) return R(std::unexpected("no valid person for that document"));
  auto& desk = exchange_->service().kyc_desk();
  if (a == "block_person") {  // the exchange lists the person: by IIN, else by name + birth date
    flows::compliance::BlockedEntry e;
    if (who.kind == flows::compliance::CustomerIdentity::Kind::Resident) {
      e.iin = who.key.substr(4);
    } else {
      e.name = who.name;
      e.birth_date = who.birth_date;
    }
    auto version = desk.edit_blocked({e}, {});
    if (blocked_list_changed_) blocked_list_changed_();
    return R("blocked list version " + std::to_string(version));
  }
  if (!pseudonym_) return R(std::unexpected("the kiosk does not identify customers"));
  if (a == "decide_review") {  // {"kind": ..., "seed": n, "state": "approved" | "rejected" | ...}
    auto state = flows::compliance::parse_review_state(msg.value("state", ""));
    if (!state) return R(std::unexpected("state: none, pending, approved or rejected"));
    desk.decide_review(pseudonym_(who), *state);
    return R(std::string("review ") + flows::compliance::to_string(*state));
  }
  // {"action": "set_usage", "kind": ..., "seed": n, "day_kzt": n, "month_kzt": n}
  flows::compliance::Usage u{flows::Kzt{msg.value("day_kzt", std::int64_t{0})},
                             flows::Kzt{msg.value("month_kzt", std::int64_t{0})}};
  desk.set_usage_baseline(pseudonym_(who), u);
  return R("usage set");
}

}  // namespace kiosk::app
