// Shared helpers for the KYC tests: a sample submission with recognisable personal data, and
// requests signed for the simulator's core.
#pragma once

#include <string>

#include "offline_queue/exchange_types.hpp"
#include "offline_queue/kyc_messages.hpp"
#include "offline_queue/request_signing.hpp"
#include "sim/exchange/exchange_service_types.hpp"

namespace kiosk::test {

inline constexpr std::int64_t kKycStartMs = 1714557600000;  // 2024-05-01T10:00:00Z
// A person's pseudonym as the kiosk names them to the exchange (kiosk/shell/person_usage.hpp).
inline const std::string kPseudonym = "p-0123456789abcdef0123456789abcdef";

// Fake JPEG bytes with a marker that must never appear in the database file.
inline std::string fake_jpeg(const std::string& marker, std::size_t size = 4096) {
  std::string s = "\xFF\xD8\xFF\xE0";
  while (s.size() < size) s += marker;
  s.resize(size);
  return s;
}

inline oq::KycSubmission resident_submission(const std::string& tx = "tx-1") {
  oq::KycSubmission s;
  s.tx_id = tx;
  s.identity.kind = oq::KycIdentity::Kind::Resident;
  s.identity.key = "iin:900101300017";
  s.identity.name = "ZHUMABAYEVA AIGERIM";
  s.identity.birth_date = "1990-01-01";
  s.identity.sex = "F";
  s.identity.nationality = "KAZ";
  s.identity.document = {"id_card", "N12345678", "KAZ", "2031-06-30"};
  s.consent = {"kyc-consent-v1", "kk", "2024-05-01T09:59:00Z"};
  s.tier = flows::compliance::Tier::DocumentSelfie;
  s.document_jpeg = fake_jpeg("DOCUMENT-IMAGE-MARKER");
  s.selfie_jpeg = fake_jpeg("SELFIE-IMAGE-MARKER", 3000);
  s.captured_at = "2024-05-01T09:59:30Z";
  return s;
}

inline oq::KycSubmission foreign_submission(const std::string& tx = "tx-2") {
  oq::KycSubmission s = resident_submission(tx);
  s.identity.kind = oq::KycIdentity::Kind::Foreign;
  s.identity.key = "doc:RUS:753912345";
  s.identity.name = "PETROV IVAN";
  s.identity.sex = "M";
  s.identity.nationality = "RUS";
  s.identity.document = {"passport", "753912345", "RUS", "2030-01-15"};
  s.tier = flows::compliance::Tier::Document;
  s.selfie_jpeg.reset();
  return s;
}

// A request as the simulator's HTTP shell would hand it over, signed by kiosk "k" with secret "s".
inline sim::SimRequest signed_request(const oq::HttpRequest& r, std::int64_t now_ms,
                                      const std::string& kiosk = "k") {
  sim::SimRequest s{r.method,
                    r.target,
                    r.body,
                    kiosk,
                    std::to_string(now_ms / 1000),
                    "",
                    r.idempotency_key.value_or("")};
  s.signature = oq::sign_request("s", r.method, r.target, now_ms / 1000, r.body);
  return s;
}

// A /sim/ control request (no authentication).
inline sim::SimRequest control(std::string method, std::string target, std::string body) {
  return sim::SimRequest{std::move(method), std::move(target), std::move(body), "", "", "", ""};
}

inline oq::ExchangeResult as_result(const sim::SimResponse& r) {
  return oq::HttpResponse{r.status, r.body};
}

}  // namespace kiosk::test
