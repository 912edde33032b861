#include "offline_queue/request_signing.hpp"

#include <charconv>

#include "offline_queue/digest.hpp"

namespace kiosk::oq {

std::string signing_payload(std::string_view method, std::string_view target,
                            std::int64_t unix_seconds, std::string_view body) {
  std::string p;
  p.reserve(method.size() + target.size() + 96);
  p.append(method).append("\n").append(target).append("\n");
  p.append(std::to_string(unix_seconds)).append("\n").append(sha256_hex(body));
  return p;
}

std::string sign_request(std::string_view secret, std::string_view method, std::string_view target,
                         std::int64_t unix_seconds, std::string_view body) {
  return hmac_sha256_hex(secret, signing_payload(method, target, unix_seconds, body));
}

SignatureCheck verify_request(std::string_view secret, std::string_view method,
                              std::string_view target, std::string_view timestamp_text,
                              std::string_view body, std::string_view signature_hex,
                              std::int64_t now_unix_seconds) {
  std::int64_t ts = 0;
  if (timestamp_text.empty() || timestamp_text.size() > 18) return SignatureCheck::BadTimestamp;
  auto [end, ec] =
      std::from_chars(timestamp_text.data(), timestamp_text.data() + timestamp_text.size(), ts);
  if (ec != std::errc{} || end != timestamp_text.data() + timestamp_text.size() || ts < 0)
    return SignatureCheck::BadTimestamp;
  std::int64_t skew = ts > now_unix_seconds ? ts - now_unix_seconds : now_unix_seconds - ts;
  if (skew > kSignatureWindowSeconds) return SignatureCheck::Stale;
  if (!constant_time_equal(sign_request(secret, method, target, ts, body), signature_hex))
    return SignatureCheck::BadSignature;
  return SignatureCheck::Ok;
}

}  // namespace kiosk::oq
