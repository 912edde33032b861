// Fuzz target: the CCNET frame reader and every reply parser.
// Properties: no crash; every decoded frame is a CRC-valid run of the input that re-encodes to the
// same bytes; the buffer stays below one frame; delivery in chunks decodes the same frames.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "devices/ccnet/ccnet_codec.hpp"

using namespace kiosk::devices;
using namespace kiosk::devices::ccnet;

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

void parse_everything(ByteView payload) {
  (void)parse_poll_reply(payload);
  (void)parse_identification(payload);
  (void)parse_get_status_reply(payload);
  if (auto t = parse_bill_table(payload)) {
    const auto d = t->denominations();
    const auto mask = t->mask_for(d);
    for (const auto& e : t->entries()) {
      check(e.type < kBillTypes);
      if (e.amount) check(e.amount->value > 0 && mask.has(e.type));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  parse_everything(input);

  CcnetFrameReader whole;
  std::vector<Frame> frames;
  for (auto& r : whole.feed(input)) {
    if (!r) continue;
    const Bytes wire = encode_frame(r->address, r->payload);
    check(!wire.empty() && contains(input, wire));
    parse_everything(r->payload);
    frames.push_back(*r);
  }
  check(whole.buffered() < kMaxFrameSize);

  // The same bytes in chunks whose sizes come from the data itself.
  CcnetFrameReader chunked;
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
