// Puloon LCDM link layer, shared by both protocol families: control bytes, BCC, frame encoding and
// the streaming reader. Pure: no clock, no IO, no throw.
//
// Frame: START ID STX CMD DATA... ETX BCC. START = EOT (04) from the host, SOH (01) from the
// device; ID = 50 (LCDM-1000/2000) or 30 (LCDM-4000); BCC = XOR of every byte from START through
// ETX. Single bytes: ACK 06, NAK 15, and (LCDM-4000, after the host ACKs a response) EOT 04. The
// LCDM-1000/2000 may also send 3-byte progress items `01 8D xx` / `01 9C xx` during a dispense
// (UNVERIFIED, accepted when the layout says so). See devices/lcdm/README.md.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "devices/transport.hpp"

namespace kiosk::devices::lcdm {

inline constexpr std::uint8_t kSoh = 0x01;
inline constexpr std::uint8_t kStx = 0x02;
inline constexpr std::uint8_t kEtx = 0x03;
inline constexpr std::uint8_t kEot = 0x04;
inline constexpr std::uint8_t kAck = 0x06;
inline constexpr std::uint8_t kNak = 0x15;
inline constexpr std::uint8_t kId2000 = 0x50;  // LCDM-1000 and LCDM-2000
inline constexpr std::uint8_t kId4000 = 0x30;
inline constexpr std::uint8_t kProgressDispensing = 0x8D;  // 01 8D xx (UNVERIFIED)
inline constexpr std::uint8_t kProgressRejected = 0x9C;    // 01 9C reason (UNVERIFIED)
inline constexpr std::size_t kFrameOverhead = 6;           // START ID STX CMD ETX BCC

// XOR of every byte.
std::uint8_t bcc(ByteView bytes);

// START ID STX CMD DATA ETX BCC.
Bytes encode_frame(std::uint8_t start, std::uint8_t id, std::uint8_t cmd, ByteView data);

struct Frame {
  std::uint8_t start = kSoh;
  std::uint8_t id = kId2000;
  std::uint8_t cmd = 0;
  Bytes data;
  bool operator==(const Frame&) const = default;
};

// What one direction of one family looks like: the frame start and ID, and the DATA length of
// every command byte (-1: not a frame of this direction). The protocol has no length field, so
// the reader uses these lengths to find the ETX and to tell a corrupt frame from an incomplete one.
struct FrameLayout {
  std::uint8_t start = kSoh;
  std::uint8_t id = kId2000;
  std::array<std::int16_t, 256> data_length{};
  bool progress_items = false;  // 01 8D xx / 01 9C xx (device -> host, LCDM-1000/2000)
  FrameLayout() { data_length.fill(-1); }
  FrameLayout& with(std::uint8_t cmd, int length) {
    data_length[cmd] = static_cast<std::int16_t>(length);
    return *this;
  }
};

struct LinkItem {
  enum class Kind { Ack, Nak, Eot, Frame, Progress };
  Kind kind = Kind::Ack;
  Frame frame;                      // Kind::Frame
  std::uint8_t progress_code = 0;   // Kind::Progress: 8D or 9C
  std::uint8_t progress_value = 0;  // Kind::Progress: the third byte
};
const char* to_string(LinkItem::Kind k);

struct LinkError {
  enum class Kind {
    BadBcc,          // START ID STX CMD, ETX where the layout puts it, but the BCC differs
    BadEtx,          // no ETX where the command's length puts it (corrupt or false start)
    UnknownCommand,  // START ID STX and a command byte this direction never carries
  };
  Kind kind;
  std::string what;
};
const char* to_string(LinkError::Kind k);

using LinkResult = std::expected<LinkItem, LinkError>;

// Accumulates received bytes and yields ACK / NAK / EOT bytes, frames, progress items and frame
// errors, in order. Bytes that start none of these are skipped (counted in `skipped_bytes`). A
// frame whose BCC fails is dropped whole (its data bytes are never read as ACK/NAK); a bad ETX
// or an unknown command drops only the START byte and rescans after it. An incomplete frame waits
// for its missing bytes (a frame cut short is found out when the next bytes fill its length
// without an ETX in place). Every decision depends only on the bytes, never on how they were
// split into reads, so a stream decodes the same whatever the chunking.
class LcdmFrameReader {
 public:
  explicit LcdmFrameReader(FrameLayout layout) : layout_(layout) {}
  std::vector<LinkResult> feed(ByteView bytes);
  // Drops the incomplete frame (after a timeout: what is left is stale).
  void reset() { buffer_.clear(); }
  std::size_t buffered() const { return buffer_.size(); }
  std::uint64_t skipped_bytes() const { return skipped_; }
  const FrameLayout& layout() const { return layout_; }

 private:
  FrameLayout layout_;
  Bytes buffer_;
  std::uint64_t skipped_ = 0;
};

}  // namespace kiosk::devices::lcdm
