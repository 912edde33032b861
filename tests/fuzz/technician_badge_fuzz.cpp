// Fuzz target: a technician badge QR payload (verify_badge). Properties: no crash; nothing
// verifies under a key nobody signed with, so every input is refused, as malformed or for its
// signature; a badge read far enough to name its technician names a safe id.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "offline_queue/operator_command.hpp"
#include "offline_queue/technician_badge.hpp"

using namespace kiosk::oq;

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}
const Ed25519PublicKey& fuzz_key() {
  static const Ed25519PublicKey key = Ed25519PrivateKey::generate()->public_key();
  return key;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Half the inputs get the prefix, so the JSON reader is reached even by the random driver.
  std::string text(reinterpret_cast<const char*>(data), size);
  if (size > 0 && (data[0] & 1)) text = std::string(kBadgePrefix) + text.substr(1);
  BadgeVerdict v = verify_badge(text, BadgeContext{&fuzz_key(), "sim-ast-001", 1767225700, 300});
  check(!v.ok());
  const std::string reason = to_string(*v.refusal);
  check(reason == "malformed" || reason == "bad_signature");
  if (reason == "bad_signature") check(usable_command_id(v.badge.technician));
  return 0;
}
