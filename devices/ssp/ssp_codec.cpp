// SSP framing: CRC, stuffing, encoding and the streaming frame reader. Reply parsers are in
// ssp_replies.cpp, code names in ssp_names.cpp.
#include "devices/ssp/ssp_codec.hpp"

#include <cassert>

namespace kiosk::devices::ssp {

std::uint16_t crc16(ByteView bytes) {
  std::uint16_t crc = 0xFFFF;
  for (std::uint8_t b : bytes) {
    crc ^= static_cast<std::uint16_t>(b << 8);
    for (int i = 0; i < 8; ++i)
      crc = (crc & 0x8000u) ? static_cast<std::uint16_t>((crc << 1) ^ 0x8005)
                            : static_cast<std::uint16_t>(crc << 1);
  }
  return crc;
}

Bytes encode_packet(std::uint8_t address, bool seq, ByteView data) {
  if (data.empty() || data.size() > kMaxData || address > kMaxAddress) return {};
  Bytes body;
  body.reserve(data.size() + 4);
  body.push_back(static_cast<std::uint8_t>((seq ? 0x80 : 0x00) | address));
  body.push_back(static_cast<std::uint8_t>(data.size()));
  body.insert(body.end(), data.begin(), data.end());
  const std::uint16_t crc = crc16(body);
  body.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  body.push_back(static_cast<std::uint8_t>(crc >> 8));
  Bytes out;
  out.reserve(body.size() + 8);
  out.push_back(kStx);
  for (std::uint8_t b : body) {
    out.push_back(b);
    if (b == kStx) out.push_back(kStx);
  }
  return out;
}

void SspFrameReader::reset() {
  in_packet_ = false;
  pending_7f_ = false;
  body_.clear();
}

void SspFrameReader::take(std::uint8_t b, std::vector<FrameResult>& out) {
  body_.push_back(b);
  if (body_.size() < 2) return;
  const std::size_t total = std::size_t{body_[1]} + 4;  // SEQ LEN DATA CRC CRC
  if (body_.size() < total) return;
  const std::uint16_t got =
      static_cast<std::uint16_t>(body_[total - 2] | (std::uint16_t{body_[total - 1]} << 8));
  in_packet_ = false;
  if (crc16(ByteView(body_.data(), total - 2)) != got) {
    out.push_back(std::unexpected(FrameError{FrameError::Kind::BadCrc, "CRC mismatch"}));
  } else if ((body_[0] & 0x7F) > kMaxAddress) {
    out.push_back(std::unexpected(FrameError{FrameError::Kind::BadAddress, "slave id above 7D"}));
  } else if (body_[1] == 0) {
    out.push_back(std::unexpected(FrameError{FrameError::Kind::Truncated, "empty packet"}));
  } else {
    Packet p;
    p.address = body_[0] & 0x7F;
    p.seq = (body_[0] & 0x80) != 0;
    p.data.assign(body_.begin() + 2, body_.begin() + static_cast<std::ptrdiff_t>(total - 2));
    out.push_back(std::move(p));
  }
  body_.clear();
}

std::vector<FrameResult> SspFrameReader::feed(ByteView bytes) {
  std::vector<FrameResult> out;
  for (std::uint8_t b : bytes) {
    if (!in_packet_) {
      if (b == kStx) {
        in_packet_ = true;
        body_.clear();
      } else {
        ++skipped_;
      }
      continue;
    }
    if (pending_7f_) {
      pending_7f_ = false;
      if (b == kStx) {  // 7F 7F: a stuffed data byte
        take(kStx, out);
        continue;
      }
      // A lone 7F: a new packet starts here; the partial one is dropped.
      out.push_back(
          std::unexpected(FrameError{FrameError::Kind::Truncated, "packet cut by a new STX"}));
      skipped_ += body_.size() + 1;
      body_.clear();
      take(b, out);
      continue;
    }
    if (b == kStx) {
      if (body_.empty()) {  // 7F 7F at the start: SEQ|ID is never 7F, so this is a new STX
        ++skipped_;
        continue;
      }
      pending_7f_ = true;
      continue;
    }
    take(b, out);
  }
  assert(body_.size() < kMaxData + 4);
  return out;
}

}  // namespace kiosk::devices::ssp
