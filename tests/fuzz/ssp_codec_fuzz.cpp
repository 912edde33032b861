// Fuzz target: the SSP frame reader, the reply parsers and the eSSP opener.
// Properties: no crash; every decoded packet re-encodes to a run of the input; the buffer stays
// below one packet; delivery in chunks decodes the same packets; sealed data opens to itself.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "devices/ssp/essp.hpp"
#include "devices/ssp/ssp_codec.hpp"

using namespace kiosk::devices;
using namespace kiosk::devices::ssp;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

bool contains(ByteView hay, const Bytes& needle) {
  if (needle.size() > hay.size()) return false;
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

void parse_everything(ByteView data) {
  if (auto p = parse_poll_reply(data)) {
    for (const auto& e : p->events) check(event_data_size(e.code).has_value());
  }
  if (auto s = parse_setup_reply(data)) {
    check(s->channels.size() <= 24);
    const auto d = s->denominations();
    const std::uint32_t bits = s->inhibit_bits_for(d);
    for (const auto& c : s->channels)
      if (c.amount) check(c.amount->value > 0 && (bits >> (c.number - 1) & 1u));
  }
  EsspSession s(Role::Host, CountRule::PerExchange, make_aes_key(kDefaultFixedKey, 156086));
  if (auto plain = s.open(data)) check(!plain->empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  parse_everything(input);

  SspFrameReader whole;
  std::vector<Packet> packets;
  for (auto& r : whole.feed(input)) {
    if (!r) continue;
    const Bytes wire = encode_packet(*r);
    check(!wire.empty() && contains(input, wire));
    parse_everything(r->data);
    packets.push_back(*r);
  }
  check(whole.buffered() < kMaxData + 5);

  SspFrameReader chunked;
  std::vector<Packet> again;
  std::size_t pos = 0;
  while (pos < size) {
    const std::size_t n = std::min<std::size_t>(size - pos, 1 + data[pos] % 17);
    for (auto& r : chunked.feed(input.subspan(pos, n)))
      if (r) again.push_back(*r);
    check(chunked.buffered() < kMaxData + 5);
    pos += n;
  }
  check(again == packets);

  // Any plain data seals and opens back to itself.
  if (size > 0 && size <= kMaxSealedPlain) {
    const AesKey key = make_aes_key(kDefaultFixedKey, size);
    EsspSession host(Role::Host, CountRule::PerPacket, key),
        dev(Role::Device, CountRule::PerPacket, key);
    const Bytes sealed = host.seal(input, input);
    auto opened = dev.open(sealed);
    check(opened.has_value() && *opened == Bytes(input.begin(), input.end()));
    check(!dev.open(sealed).has_value());  // the same packet twice: refused
    const Bytes wire = encode_packet(0, true, sealed);
    SspFrameReader r;
    auto out = r.feed(wire);
    check(out.size() == 1 && out[0].has_value() && out[0]->data == sealed);
  }
  return 0;
}
