// Fuzz target: the offline queue's readers of text it did not write itself: canonical JSON (every
// journal payload goes through it), strict base64 (KYC images), sealed boxes read back from disk
// (AES-256-GCM) and the exchange URL from the config.
// Properties: no crash, no exception; canonical JSON is a fixed point (canonical of canonical is
// itself) and never holds a float or a space outside strings; base64 decodes only what it
// would encode back byte for byte; a box opens only when it was sealed with the same context; a
// parsed URL has a host and a port.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "offline_queue/base64.hpp"
#include "offline_queue/canonical_json.hpp"
#include "offline_queue/endpoint_url.hpp"
#include "offline_queue/sealed_box.hpp"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

const kiosk::oq::SealKey& key() {
  static const kiosk::oq::SealKey k =
      *kiosk::oq::SealKey::from_bytes("0123456789abcdef0123456789abcdef");
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kiosk::oq;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (auto c = canonical_json(text)) {
    auto again = canonical_json(*c);
    check(again && *again == *c);
  } else {
    check(!c.error().empty());
  }

  if (auto raw = base64_decode(text)) check(base64_encode(*raw) == text);
  check(base64_decode(base64_encode(text)) == std::string(text));

  const std::string_view context = size > 0 && (data[0] & 1) ? "tx-1/document" : "tx-1/face";
  (void)open_sealed(key(), text, context);
  if (size <= 4096) {
    auto box = seal(key(), text, context);
    check(box.has_value());
    auto opened = open_sealed(key(), *box, context);
    check(opened && *opened == text);
    check(!open_sealed(key(), *box, "tx-2/document"));
  }

  if (auto url = parse_endpoint_url(text)) check(!url->host.empty() && url->port != 0);
  (void)is_loopback_host(text);
  return 0;
}
