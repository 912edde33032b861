// ID003 framing: CRC, encoding, the inhibit mask and the streaming frame reader. Reply parsers are
// in id003_replies.cpp, code names in id003_names.cpp.
#include "devices/id003/id003_codec.hpp"

#include <cassert>

namespace kiosk::devices::id003 {

std::uint16_t crc16_kermit(ByteView bytes) {
  std::uint16_t crc = 0;
  for (std::uint8_t b : bytes) {
    crc ^= b;
    for (int i = 0; i < 8; ++i)
      crc = (crc & 1u) ? static_cast<std::uint16_t>((crc >> 1) ^ 0x8408)
                       : static_cast<std::uint16_t>(crc >> 1);
  }
  return crc;
}

bool is_setting(Command c) {
  const auto v = static_cast<std::uint8_t>(c);
  return v >= 0xC0 && v <= 0xC4;
}

bool is_operation(Command c) {
  const auto v = static_cast<std::uint8_t>(c);
  return v >= 0x40 && v <= 0x45;
}

DenominationMask DenominationMask::from_wire(std::uint8_t b0, std::uint8_t b1) {
  DenominationMask m;
  m.bits_ = static_cast<std::uint16_t>(b0 | (b1 << 8));
  return m;
}

DenominationMask DenominationMask::inhibit_all_but(const DenominationMask& enabled) {
  DenominationMask m;
  m.bits_ = static_cast<std::uint16_t>(~enabled.bits_);
  return m;
}

void DenominationMask::set(std::uint8_t code) {
  if (code >= kFirstEscrowCode && code < kFirstEscrowCode + kEscrowCodes)
    bits_ = static_cast<std::uint16_t>(bits_ | (1u << (code - kFirstEscrowCode)));
}

bool DenominationMask::has(std::uint8_t code) const {
  return code >= kFirstEscrowCode && code < kFirstEscrowCode + kEscrowCodes &&
         ((bits_ >> (code - kFirstEscrowCode)) & 1u);
}

std::array<std::uint8_t, 2> DenominationMask::to_wire() const {
  return {static_cast<std::uint8_t>(bits_ & 0xFF), static_cast<std::uint8_t>(bits_ >> 8)};
}

Bytes encode_frame(std::uint8_t cmd, ByteView data) {
  if (data.size() + kFrameOverhead > kMaxFrameSize) return {};
  Bytes out;
  out.reserve(data.size() + kFrameOverhead);
  out.push_back(kSync);
  out.push_back(static_cast<std::uint8_t>(data.size() + kFrameOverhead));
  out.push_back(cmd);
  out.insert(out.end(), data.begin(), data.end());
  const std::uint16_t crc = crc16_kermit(out);
  out.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  out.push_back(static_cast<std::uint8_t>(crc >> 8));
  return out;
}

Bytes encode_command(Command cmd, ByteView data) {
  return encode_frame(static_cast<std::uint8_t>(cmd), data);
}

Bytes encode_set_enable(const DenominationMask& inhibited) {
  return encode_command(Command::SetEnable, inhibited.to_wire());
}

Bytes encode_set_inhibit(bool inhibit) {
  const std::uint8_t d[] = {static_cast<std::uint8_t>(inhibit ? 1 : 0)};
  return encode_command(Command::SetInhibit, d);
}

Bytes encode_set_comm_mode(std::uint8_t mode) {
  const std::uint8_t d[] = {mode};
  return encode_command(Command::SetCommMode, d);
}

Bytes encode_set_direction(std::uint8_t inhibited_directions) {
  const std::uint8_t d[] = {inhibited_directions};
  return encode_command(Command::SetDirection, d);
}

namespace {

bool crc_ok(ByteView whole) {
  const std::size_t lng = whole.size();
  const std::uint16_t got = static_cast<std::uint16_t>(
      whole[lng - 2] | (static_cast<std::uint16_t>(whole[lng - 1]) << 8));
  return crc16_kermit(whole.first(lng - 2)) == got;
}

// The position of the first complete, CRC-valid frame at or after `from`, or buf.size().
std::size_t find_valid_frame(const Bytes& buf, std::size_t from) {
  const std::size_t n = buf.size();
  for (std::size_t q = from; q + 2 <= n; ++q) {
    if (buf[q] != kSync) continue;
    const std::size_t lng = buf[q + 1];
    if (lng >= kMinFrameSize && n - q >= lng && crc_ok(ByteView(buf.data() + q, lng))) return q;
  }
  return n;
}

}  // namespace

std::vector<FrameResult> Id003FrameReader::feed(ByteView bytes) {
  std::vector<FrameResult> out;
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  std::size_t pos = 0;
  const std::size_t n = buffer_.size();
  while (pos < n) {
    if (buffer_[pos] != kSync) {  // garbage before a frame: skip to the next SYNC
      ++pos;
      ++skipped_;
      continue;
    }
    if (n - pos < 2) break;  // need LNG
    const std::size_t lng = buffer_[pos + 1];
    if (lng < kMinFrameSize) {
      out.push_back(
          std::unexpected(FrameError{FrameError::Kind::BadLength, "LNG below minimum frame size"}));
      ++pos;  // drop the SYNC only and rescan after it
      ++skipped_;
      continue;
    }
    if (n - pos < lng) {
      // Incomplete. If a complete, CRC-valid frame starts at a later SYNC, this SYNC was noise.
      const std::size_t next = find_valid_frame(buffer_, pos + 1);
      if (next == n) break;  // wait for more bytes
      skipped_ += next - pos;
      pos = next;
      continue;
    }
    const ByteView whole(buffer_.data() + pos, lng);
    if (!crc_ok(whole)) {
      out.push_back(std::unexpected(FrameError{FrameError::Kind::BadCrc, "CRC mismatch"}));
      ++pos;
      ++skipped_;
      continue;
    }
    Frame f;
    f.cmd = whole[2];
    f.data.assign(whole.begin() + 3, whole.end() - 2);
    out.push_back(std::move(f));
    pos += lng;
  }
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos));
  assert(buffer_.size() < kMaxFrameSize);
  return out;
}

}  // namespace kiosk::devices::id003
