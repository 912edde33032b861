#include "offline_queue/kyc_messages.hpp"

#include <array>
#include <utility>

#include "offline_queue/base64.hpp"

namespace kiosk::oq {
namespace {

using flows::compliance::BlockedEntry;
using flows::compliance::BlockedListUpdate;
using flows::compliance::Tier;

using json_read::dump;

constexpr std::array<std::pair<Tier, const char*>, 3> kTiers = {
    {{Tier::Document, "document"},
     {Tier::DocumentSelfie, "document_selfie"},
     {Tier::ManualReview, "manual_review"}}};

constexpr std::array<std::pair<KycStatus, const char*>, 3> kStatuses = {
    {{KycStatus::Accepted, "accepted"},
     {KycStatus::Review, "review"},
     {KycStatus::Rejected, "rejected"}}};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool is_date(std::string_view s) {
  return s.size() == 10 && all_digits(s.substr(0, 4)) && s[4] == '-' &&
         all_digits(s.substr(5, 2)) && s[7] == '-' && all_digits(s.substr(8, 2));
}

std::expected<std::string, MessageError> date_field(const nlohmann::json& obj,
                                                    std::string_view key) {
  std::string s;
  KIOSK_TRY_ASSIGN(s, json_read::string(obj, key));
  if (!is_date(s))
    return std::unexpected(MessageError{"'" + std::string(key) + "' must be YYYY-MM-DD"});
  return s;
}

const nlohmann::json* object_field(const nlohmann::json& obj, std::string_view key) {
  const nlohmann::json* f = json_read::field(obj, key);
  return f != nullptr && f->is_object() ? f : nullptr;
}

std::expected<std::string, MessageError> image_field(const nlohmann::json& obj,
                                                     std::string_view key) {
  std::string text;
  KIOSK_TRY_ASSIGN(text, json_read::string(obj, key));
  auto bytes = base64_decode(text);
  if (!bytes || bytes->empty())
    return std::unexpected(MessageError{"'" + std::string(key) + "' must be non-empty base64"});
  return std::move(*bytes);
}

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == ':';
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::expected<CustomerUsage, MessageError> bad_usage(std::string what) {
  return std::unexpected(MessageError{std::move(what)});
}

}  // namespace

// ---- POST /v1/kyc ----------------------------------------------------------------------------

bool is_customer_key(std::string_view s) {
  if (s.size() != 34 || !s.starts_with("p-")) return false;
  for (char c : s.substr(2))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string kyc_body(const KycSubmission& s) {
  const char* tier = "document";
  for (const auto& [t, name] : kTiers)
    if (t == s.tier) tier = name;
  const auto& id = s.identity;
  nlohmann::json images = {{"document_jpeg_b64", base64_encode(s.document_jpeg)}};
  if (s.selfie_jpeg) images["selfie_jpeg_b64"] = base64_encode(*s.selfie_jpeg);
  nlohmann::json j = {{"kyc_id", s.kyc_id},
                      {"tx_id", s.tx_id},
                      {"identity",
                       {{"kind", id.kind == KycIdentity::Kind::Resident ? "resident" : "foreign"},
                        {"key", id.key},
                        {"name", id.name},
                        {"birth_date", id.birth_date},
                        {"sex", id.sex},
                        {"nationality", id.nationality},
                        {"document",
                         {{"type", id.document.type},
                          {"number", id.document.number},
                          {"issuing_state", id.document.issuing_state},
                          {"expiry", id.document.expiry}}}}},
                      {"consent",
                       {{"text_version", s.consent.text_version},
                        {"lang", s.consent.lang},
                        {"given_at", s.consent.given_at}}},
                      {"tier", tier},
                      {"images", std::move(images)},
                      {"captured_at", s.captured_at}};
  if (!s.customer_key.empty()) j["customer_key"] = s.customer_key;
  return dump(j);
}

std::expected<KycSubmission, MessageError> parse_kyc_request(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  KycSubmission s;
  KIOSK_TRY_ASSIGN(s.kyc_id, json_read::string(root, "kyc_id"));
  KIOSK_TRY_ASSIGN(s.tx_id, json_read::string(root, "tx_id"));
  KIOSK_TRY_ASSIGN(s.captured_at, json_read::string(root, "captured_at"));
  if (json_read::field(root, "customer_key") != nullptr) {
    KIOSK_TRY_ASSIGN(s.customer_key, json_read::string(root, "customer_key"));
    if (!is_customer_key(s.customer_key))
      return std::unexpected(MessageError{"'customer_key' must be p- and 32 lower-case hex"});
  }

  const nlohmann::json* id = object_field(root, "identity");
  if (id == nullptr) return std::unexpected(MessageError{"'identity' must be an object"});
  std::string kind;
  KIOSK_TRY_ASSIGN(kind, json_read::string(*id, "kind"));
  if (kind != "resident" && kind != "foreign")
    return std::unexpected(MessageError{"'identity.kind' must be resident or foreign"});
  s.identity.kind = kind == "resident" ? KycIdentity::Kind::Resident : KycIdentity::Kind::Foreign;
  KIOSK_TRY_ASSIGN(s.identity.key, json_read::string(*id, "key"));
  bool key_ok = s.identity.kind == KycIdentity::Kind::Resident
                    ? s.identity.key.size() == 16 && s.identity.key.starts_with("iin:") &&
                          all_digits(std::string_view(s.identity.key).substr(4))
                    : s.identity.key.starts_with("doc:") && s.identity.key.size() > 6;
  if (!key_ok) return std::unexpected(MessageError{"'identity.key' does not match its kind"});
  KIOSK_TRY_ASSIGN(s.identity.name, json_read::string(*id, "name"));
  KIOSK_TRY_ASSIGN(s.identity.birth_date, date_field(*id, "birth_date"));
  KIOSK_TRY_ASSIGN(s.identity.sex, json_read::string(*id, "sex"));
  if (s.identity.sex != "M" && s.identity.sex != "F" && s.identity.sex != "X")
    return std::unexpected(MessageError{"'identity.sex' must be M, F or X"});
  KIOSK_TRY_ASSIGN(s.identity.nationality, json_read::string(*id, "nationality"));
  const nlohmann::json* doc = object_field(*id, "document");
  if (doc == nullptr) return std::unexpected(MessageError{"'identity.document' must be an object"});
  KIOSK_TRY_ASSIGN(s.identity.document.type, json_read::string(*doc, "type"));
  KIOSK_TRY_ASSIGN(s.identity.document.number, json_read::string(*doc, "number"));
  KIOSK_TRY_ASSIGN(s.identity.document.issuing_state, json_read::string(*doc, "issuing_state"));
  KIOSK_TRY_ASSIGN(s.identity.document.expiry, date_field(*doc, "expiry"));

  const nlohmann::json* consent = object_field(root, "consent");
  if (consent == nullptr) return std::unexpected(MessageError{"'consent' must be an object"});
  KIOSK_TRY_ASSIGN(s.consent.text_version, json_read::string(*consent, "text_version"));
  KIOSK_TRY_ASSIGN(s.consent.lang, json_read::string(*consent, "lang"));
  KIOSK_TRY_ASSIGN(s.consent.given_at, json_read::string(*consent, "given_at"));

  std::string tier;
  KIOSK_TRY_ASSIGN(tier, json_read::string(root, "tier"));
  bool tier_ok = false;
  for (const auto& [t, name] : kTiers)
    if (tier == name) s.tier = t, tier_ok = true;
  if (!tier_ok)
    return std::unexpected(
        MessageError{"'tier' must be document, document_selfie or manual_review"});

  const nlohmann::json* images = object_field(root, "images");
  if (images == nullptr) return std::unexpected(MessageError{"'images' must be an object"});
  KIOSK_TRY_ASSIGN(s.document_jpeg, image_field(*images, "document_jpeg_b64"));
  if (json_read::field(*images, "selfie_jpeg_b64") != nullptr) {
    std::string selfie;
    KIOSK_TRY_ASSIGN(selfie, image_field(*images, "selfie_jpeg_b64"));
    s.selfie_jpeg = std::move(selfie);
  }
  return s;
}

const char* to_string(KycStatus s) {
  for (const auto& [k, name] : kStatuses)
    if (k == s) return name;
  return "?";
}

std::optional<KycStatus> parse_kyc_status(std::string_view s) {
  for (const auto& [k, name] : kStatuses)
    if (s == name) return k;
  return std::nullopt;
}

std::string kyc_answer_body(const KycAnswer& a) {
  nlohmann::json j = {{"kyc_id", a.kyc_id}, {"status", to_string(a.status)}};
  if (a.review_reason) j["review_reason"] = *a.review_reason;
  return dump(j);
}

std::expected<KycAnswer, MessageError> parse_kyc_answer(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  KycAnswer a;
  KIOSK_TRY_ASSIGN(a.kyc_id, json_read::string(root, "kyc_id"));
  std::string status;
  KIOSK_TRY_ASSIGN(status, json_read::string(root, "status"));
  auto parsed = parse_kyc_status(status);
  if (!parsed)
    return std::unexpected(MessageError{"'status' must be accepted, review or rejected"});
  a.status = *parsed;
  if (const auto* f = json_read::field(root, "review_reason"); f != nullptr && !f->is_null()) {
    std::string reason;
    KIOSK_TRY_ASSIGN(reason, json_read::string(root, "review_reason", /*allow_empty=*/true));
    a.review_reason = std::move(reason);
  }
  return a;
}

// ---- usage -----------------------------------------------------------------------------------

std::string usage_target(std::string_view key, std::string_view at_iso) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string t = "/v1/customers/";
  for (char c : key) {
    if (unreserved(c)) {
      t += c;
    } else {
      auto u = static_cast<unsigned char>(c);
      t += '%';
      t += kHex[u >> 4];
      t += kHex[u & 15];
    }
  }
  t += "/usage?at=";
  t += at_iso;
  return t;
}

std::optional<std::string> usage_key_from_path(std::string_view path) {
  constexpr std::string_view kPrefix = "/v1/customers/", kSuffix = "/usage";
  if (!path.starts_with(kPrefix) || !path.ends_with(kSuffix)) return std::nullopt;
  std::string_view enc = path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
  std::string key;
  for (std::size_t i = 0; i < enc.size(); ++i) {
    if (enc[i] == '%') {
      if (i + 2 >= enc.size()) return std::nullopt;
      int hi = hex_digit(enc[i + 1]), lo = hex_digit(enc[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      key += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (enc[i] == '/') {
      return std::nullopt;
    } else {
      key += enc[i];
    }
  }
  if (key.empty()) return std::nullopt;
  return key;
}

std::string usage_answer_body(const CustomerUsage& u) {
  return dump({{"key", u.key},
               {"day_kzt", u.usage.day.value},
               {"month_kzt", u.usage.month.value},
               {"as_of", u.as_of},
               {"review", flows::compliance::to_string(u.review)}});
}

std::expected<CustomerUsage, MessageError> parse_usage_answer(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  CustomerUsage u;
  KIOSK_TRY_ASSIGN(u.key, json_read::string(root, "key"));
  KIOSK_TRY_ASSIGN(u.usage.day.value, json_read::int64(root, "day_kzt"));
  KIOSK_TRY_ASSIGN(u.usage.month.value, json_read::int64(root, "month_kzt"));
  KIOSK_TRY_ASSIGN(u.as_of, json_read::string(root, "as_of"));
  if (u.usage.day.value < 0 || u.usage.month.value < 0)
    return bad_usage("'day_kzt' and 'month_kzt' must not be negative");
  if (u.usage.day > u.usage.month) return bad_usage("'day_kzt' exceeds 'month_kzt'");
  if (json_read::field(root, "review") != nullptr) {
    std::string review;
    KIOSK_TRY_ASSIGN(review, json_read::string(root, "review"));
    auto state = flows::compliance::parse_review_state(review);
    if (!state) return bad_usage("'review' must be none, pending, approved or rejected");
    u.review = *state;
  }
  return u;
}

// ---- blocked list ----------------------------------------------------------------------------

std::string blocked_list_target(std::int64_t since_version) {
  return "/v1/lists/blocked?since=" + std::to_string(since_version);
}

nlohmann::json blocked_entries_json(const std::vector<BlockedEntry>& entries) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : entries) {
    nlohmann::json j = nlohmann::json::object();
    if (!e.iin.empty()) j["iin"] = e.iin;
    if (!e.name.empty()) j["name"] = e.name;
    if (!e.birth_date.empty()) j["birth_date"] = e.birth_date;
    list.push_back(std::move(j));
  }
  return list;
}

std::expected<std::vector<BlockedEntry>, MessageError> parse_blocked_entries(
    const nlohmann::json& list, std::string_view what) {
  if (!list.is_array())
    return std::unexpected(MessageError{"'" + std::string(what) + "' must be an array"});
  std::vector<BlockedEntry> out;
  for (const auto& item : list) {
    if (!item.is_object())
      return std::unexpected(MessageError{"'" + std::string(what) + "' entries must be objects"});
    BlockedEntry e;
    if (json_read::field(item, "iin") != nullptr) {
      KIOSK_TRY_ASSIGN(e.iin, json_read::string(item, "iin"));
      if (e.iin.size() != 12 || !all_digits(e.iin))
        return std::unexpected(MessageError{"blocked 'iin' must be 12 digits"});
    }
    if (json_read::field(item, "name") != nullptr) {
      KIOSK_TRY_ASSIGN(e.name, json_read::string(item, "name"));
      KIOSK_TRY_ASSIGN(e.birth_date, date_field(item, "birth_date"));
    }
    if (e.iin.empty() && e.name.empty())
      return std::unexpected(MessageError{"a blocked entry needs an 'iin' or a 'name'"});
    out.push_back(std::move(e));
  }
  return out;
}

std::string blocked_list_answer_body(const BlockedListUpdate& u) {
  return dump({{"version", u.version},
               {"added", blocked_entries_json(u.added)},
               {"removed", blocked_entries_json(u.removed)}});
}

std::expected<BlockedListUpdate, MessageError> parse_blocked_list_answer(std::string_view json) {
  nlohmann::json root;
  KIOSK_TRY_ASSIGN(root, json_read::parse_object(json));
  BlockedListUpdate u;
  KIOSK_TRY_ASSIGN(u.version, json_read::int64(root, "version"));
  if (u.version < 0) return std::unexpected(MessageError{"'version' must not be negative"});
  const nlohmann::json* added = json_read::field(root, "added");
  const nlohmann::json* removed = json_read::field(root, "removed");
  if (added == nullptr || removed == nullptr)
    return std::unexpected(MessageError{"'added' and 'removed' are required"});
  KIOSK_TRY_ASSIGN(u.added, parse_blocked_entries(*added, "added"));
  KIOSK_TRY_ASSIGN(u.removed, parse_blocked_entries(*removed, "removed"));
  return u;
}

}  // namespace kiosk::oq
