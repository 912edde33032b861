// CCNET framing: CRC, encoding and the streaming frame reader. Reply parsers are in
// ccnet_replies.cpp, code names in ccnet_names.cpp.
#include "devices/ccnet/ccnet_codec.hpp"

#include <cassert>

namespace kiosk::devices::ccnet {

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

BillTypeMask BillTypeMask::from_wire(const std::uint8_t* b) {
  return BillTypeMask((std::uint32_t{b[0]} << 16) | (std::uint32_t{b[1]} << 8) | b[2]);
}

void BillTypeMask::set(std::size_t type) {
  if (type < kBillTypes) bits_ |= 1u << type;
}

std::array<std::uint8_t, 3> BillTypeMask::to_wire() const {
  return {static_cast<std::uint8_t>(bits_ >> 16), static_cast<std::uint8_t>(bits_ >> 8),
          static_cast<std::uint8_t>(bits_)};
}

Bytes encode_frame(std::uint8_t address, ByteView payload) {
  if (payload.empty() || payload.size() + kFrameOverhead > kMaxFrameSize) return {};
  Bytes out;
  out.reserve(payload.size() + kFrameOverhead);
  out.push_back(kSync);
  out.push_back(address);
  out.push_back(static_cast<std::uint8_t>(payload.size() + kFrameOverhead));
  out.insert(out.end(), payload.begin(), payload.end());
  const std::uint16_t crc = crc16_kermit(out);
  out.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  out.push_back(static_cast<std::uint8_t>(crc >> 8));
  return out;
}

Bytes encode_command(Command cmd, ByteView data, std::uint8_t address) {
  Bytes payload;
  payload.reserve(data.size() + 1);
  payload.push_back(static_cast<std::uint8_t>(cmd));
  payload.insert(payload.end(), data.begin(), data.end());
  return encode_frame(address, payload);
}

Bytes encode_ack(std::uint8_t address) {
  const std::uint8_t p[] = {kAck};
  return encode_frame(address, p);
}

Bytes encode_nak(std::uint8_t address) {
  const std::uint8_t p[] = {kNak};
  return encode_frame(address, p);
}

Bytes encode_enable_bill_types(BillTypeMask enable, BillTypeMask escrow, std::uint8_t address) {
  const auto e = enable.to_wire();
  const auto s = escrow.to_wire();
  const std::uint8_t data[] = {e[0], e[1], e[2], s[0], s[1], s[2]};
  return encode_command(Command::EnableBillTypes, data, address);
}

Bytes encode_set_security(BillTypeMask mask, std::uint8_t address) {
  const auto m = mask.to_wire();
  return encode_command(Command::SetSecurity, m, address);
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
  for (std::size_t q = from; q + 3 <= n; ++q) {
    if (buf[q] != kSync) continue;
    const std::size_t lng = buf[q + 2];
    if (lng >= kMinFrameSize && n - q >= lng && crc_ok(ByteView(buf.data() + q, lng))) return q;
  }
  return n;
}

}  // namespace

std::vector<FrameResult> CcnetFrameReader::feed(ByteView bytes) {
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
    if (n - pos < 3) break;  // need LNG
    const std::size_t lng = buffer_[pos + 2];
    if (lng < kMinFrameSize) {
      out.push_back(std::unexpected(
          FrameError{FrameError::Kind::BadLength, lng == 0 ? "extended-length frame not supported"
                                                           : "LNG below minimum frame size"}));
      ++pos;  // drop the SYNC only and rescan after it
      ++skipped_;
      continue;
    }
    if (n - pos < lng) {
      // Incomplete. If a complete, CRC-valid frame starts at a later SYNC, this SYNC was noise
      // (a false SYNC with a long LNG would otherwise swallow the real frame behind it).
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
    f.address = whole[1];
    f.payload.assign(whole.begin() + 3, whole.end() - 2);
    out.push_back(std::move(f));
    pos += lng;
  }
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos));
  assert(buffer_.size() < kMaxFrameSize);
  return out;
}

}  // namespace kiosk::devices::ccnet
