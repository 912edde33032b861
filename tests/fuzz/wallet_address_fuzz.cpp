// Fuzz target: each address decoder on its own (Base58Check, bech32/bech32m, segwit, EIP-55,
// BOLT11, LNURL), with round-trip checks where the encoding is canonical.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "flows/wallet/base58check.hpp"
#include "flows/wallet/bech32.hpp"
#include "flows/wallet/chains.hpp"
#include "flows/wallet/eip55.hpp"
#include "flows/wallet/lightning.hpp"

namespace {
void require(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kiosk::flows::wallet;
  std::string text(reinterpret_cast<const char*>(data), size);

  if (auto raw = base58_decode(text)) require(base58_encode(*raw) == text);
  if (auto raw = base58check_decode(text)) require(base58check_encode(*raw) == text);

  for (std::size_t limit : {kBech32AddressMaxChars, std::size_t{0}}) {
    if (auto d = bech32_decode(text, limit)) {
      require(bech32_encode(d->hrp, d->data, d->encoding) == ascii_lower(text));
    }
  }
  if (auto s = segwit_decode(text)) {
    require(s->version >= 0 && s->version <= 16);
    require(s->program.size() >= 2 && s->program.size() <= 40);
    require(segwit_encode(s->hrp, s->version, s->program) == s->normalised);
  }
  if (auto e = eip55_decode(text)) require(ascii_lower(e->checksummed) == ascii_lower(text));

  // Give the Lightning readers a plausible prefix half of the time.
  std::string ln = (size > 0 && (data[0] & 1)) ? "lnbc" + text : text;
  if (auto inv = read_bolt11(ln)) require(inv->normalised == ascii_lower(ln));
  if (auto l = read_lnurl_bech32(text)) require(l->url.starts_with("http"));
  (void)read_lnurl_scheme(text);
  return 0;
}
