// Fuzz target: the LCDM frame reader (both families, both directions) and every parser.
// Properties: no crash; every decoded frame is a BCC-valid run of the input that re-encodes to the
// same bytes; the buffer stays below one frame; delivery in chunks decodes the same items.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "devices/lcdm/lcdm2000_codec.hpp"
#include "devices/lcdm/lcdm4000_codec.hpp"

using namespace kiosk::devices;
using namespace kiosk::devices::lcdm;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

bool contains(ByteView hay, const Bytes& needle) {
  if (needle.size() > hay.size()) return false;
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

void parse_everything(const Frame& f) {
  if (auto r = parse2000_dispense_reply(f)) {
    for (const auto& c : r->counts) check(c.exited >= 0 && c.exited <= 99 && c.rejected <= 99);
    (void)error_name_2000(r->error);
  }
  (void)parse2000_status_reply(f);
  (void)parse2000_rom_version(f);
  (void)parse2000_purge_reply(f);
  (void)parse2000_dispense_command(f);
  if (auto r = parse4000_operation_reply(f)) {
    for (const auto& c : r->cassettes) check(c.exited >= 0 && c.rejected >= 0);
    (void)error_name_4000(static_cast<std::uint8_t>(r->error - 0x20));
  }
  (void)parse4000_status_reply(f);
  (void)parse4000_dispense_command(f, DispenseLayout4000::Fifteen);
  (void)parse4000_dispense_command(f, DispenseLayout4000::Seven);
}

struct Seen {
  int kind;  // LinkItem::Kind, or 100 + LinkError::Kind
  Frame frame;
  bool operator==(const Seen&) const = default;
};
constexpr int kFrameKind = static_cast<int>(LinkItem::Kind::Frame);

std::vector<Seen> decode(const FrameLayout& layout, ByteView input, std::size_t chunk_seed) {
  LcdmFrameReader r(layout);
  std::vector<Seen> out;
  std::size_t pos = 0, max_frame = 0;
  for (auto len : layout.data_length)
    max_frame = std::max<std::size_t>(max_frame, len < 0 ? 0 : len);
  while (pos < input.size()) {
    const std::size_t n =
        chunk_seed == 0
            ? input.size()
            : std::min<std::size_t>(input.size() - pos, 1 + (input[pos] + chunk_seed) % 13);
    for (auto& item : r.feed(input.subspan(pos, n))) {
      if (!item) {
        out.push_back({100 + static_cast<int>(item.error().kind), {}});
        continue;
      }
      if (item->kind == LinkItem::Kind::Frame) {
        const Frame& f = item->frame;
        const Bytes wire = encode_frame(f.start, f.id, f.cmd, f.data);
        check(contains(input, wire));
        check(static_cast<int>(f.data.size()) == layout.data_length[f.cmd]);
        parse_everything(f);
      }
      out.push_back({static_cast<int>(item->kind), item->frame});
    }
    check(r.buffered() < kFrameOverhead + max_frame);
    pos += n;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  const FrameLayout layouts[] = {responses2000(true),
                                 responses2000(false),
                                 commands2000(),
                                 responses4000(),
                                 commands4000(DispenseLayout4000::Fifteen),
                                 commands4000(DispenseLayout4000::Seven)};
  for (const auto& layout : layouts) {
    const auto whole = decode(layout, input, 0);
    const auto chunked = decode(layout, input, 5);
    // The reader decides on bytes only: any chunking gives the same items.
    check(whole == chunked);
    for (const auto& s : whole)
      if (s.kind == kFrameKind) check(s.frame.start == layout.start && s.frame.id == layout.id);
  }
  return 0;
}
