// Fuzz target: the ID003 frame reader and every answer parser.
// Properties: no crash; every decoded frame is a CRC-valid run of the input that re-encodes to the
// same bytes; the buffer stays below one frame; delivery in chunks decodes the same frames.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "devices/id003/id003_codec.hpp"

using namespace kiosk::devices;
using namespace kiosk::devices::id003;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

bool contains(ByteView hay, const Bytes& needle) {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (std::equal(needle.begin(), needle.end(), hay.begin() + static_cast<std::ptrdiff_t>(i)))
      return true;
  return false;
}

void parse_everything(const Frame& f) {
  if (auto s = parse_status(f)) check(s->code == f.cmd && f.data.size() <= 1);
  (void)parse_version(f.data);
  if (auto t = parse_currency_assign(f.data)) {
    const auto d = t->denominations();
    const auto codes = t->codes_for(d);
    check(std::is_sorted(d.begin(), d.end()));
    for (const auto& e : t->entries()) {
      check(e.escrow_code >= kFirstEscrowCode && e.escrow_code < kFirstEscrowCode + kEscrowCodes);
      if (e.amount) check(e.amount->value > 0 && codes.has(e.escrow_code));
    }
    const auto inhibit = DenominationMask::inhibit_all_but(codes);
    const auto w = inhibit.to_wire();
    check(DenominationMask::from_wire(w[0], w[1]) == inhibit);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  if (size > 0) parse_everything(Frame{data[0], Bytes(input.begin() + 1, input.end())});

  Id003FrameReader whole;
  std::vector<Frame> frames;
  for (auto& r : whole.feed(input)) {
    if (!r) continue;
    const Bytes wire = encode_frame(r->cmd, r->data);
    check(!wire.empty() && contains(input, wire));
    parse_everything(*r);
    frames.push_back(*r);
  }
  check(whole.buffered() < kMaxFrameSize);

  // The same bytes in chunks whose sizes come from the data itself.
  Id003FrameReader chunked;
  std::vector<Frame> again;
  std::size_t pos = 0;
  while (pos < size) {
    const std::size_t n = std::min<std::size_t>(size - pos, 1 + data[pos] % 17);
    for (auto& r : chunked.feed(input.subspan(pos, n)))
      if (r) again.push_back(*r);
    check(chunked.buffered() < kMaxFrameSize);
    pos += n;
  }
  check(again == frames);
  return 0;
}
