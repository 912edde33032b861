// Fuzz target: an operator command envelope as the exchange serves it (verify_command_text).
// Properties: no crash; a verdict is always given; a refusal always carries a reason among the
// contract's; a command accepted under the fuzz key never exists (no signature verifies by
// chance), so every input is refused; a usable id is 1-64 of the safe characters.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "offline_queue/operator_command.hpp"

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
  std::string_view text(reinterpret_cast<const char*>(data), size);
  VerifyContext ctx{&fuzz_key(), "sim-ast-001", 10, 1767225700, 300};
  CommandVerdict v = verify_command_text(text, ctx);
  check(!v.ok());
  check(v.refusal.has_value());
  const std::string_view reason = to_string(*v.refusal);
  check(reason == "malformed" || reason == "bad_signature");
  if (v.id_usable) check(usable_command_id(v.command.id));
  check(json_text_depth(text, 8) <= 9);
  return 0;
}
