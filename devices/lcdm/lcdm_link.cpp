// LCDM framing: BCC, encoding and the streaming reader.
#include "devices/lcdm/lcdm_link.hpp"

namespace kiosk::devices::lcdm {

std::uint8_t bcc(ByteView bytes) {
  std::uint8_t x = 0;
  for (std::uint8_t b : bytes) x ^= b;
  return x;
}

Bytes encode_frame(std::uint8_t start, std::uint8_t id, std::uint8_t cmd, ByteView data) {
  Bytes out;
  out.reserve(data.size() + kFrameOverhead);
  out.push_back(start);
  out.push_back(id);
  out.push_back(kStx);
  out.push_back(cmd);
  out.insert(out.end(), data.begin(), data.end());
  out.push_back(kEtx);
  out.push_back(bcc(out));
  return out;
}

const char* to_string(LinkItem::Kind k) {
  switch (k) {
    case LinkItem::Kind::Ack:
      return "ack";
    case LinkItem::Kind::Nak:
      return "nak";
    case LinkItem::Kind::Eot:
      return "eot";
    case LinkItem::Kind::Frame:
      return "frame";
    case LinkItem::Kind::Progress:
      return "progress";
  }
  return "unknown";
}

const char* to_string(LinkError::Kind k) {
  switch (k) {
    case LinkError::Kind::BadBcc:
      return "bad_bcc";
    case LinkError::Kind::BadEtx:
      return "bad_etx";
    case LinkError::Kind::UnknownCommand:
      return "unknown_command";
  }
  return "unknown";
}

std::vector<LinkResult> LcdmFrameReader::feed(ByteView bytes) {
  std::vector<LinkResult> out;
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  const std::size_t n = buffer_.size();
  std::size_t pos = 0;
  auto skip = [&](std::size_t count) {
    pos += count;
    skipped_ += count;
  };
  while (pos < n) {
    const std::uint8_t b = buffer_[pos];
    if (b != layout_.start) {
      if (b == kAck || b == kNak || b == kEot) {
        LinkItem item;
        item.kind = b == kAck   ? LinkItem::Kind::Ack
                    : b == kNak ? LinkItem::Kind::Nak
                                : LinkItem::Kind::Eot;
        out.push_back(item);
        ++pos;
      } else {
        skip(1);
      }
      continue;
    }
    const std::size_t have = n - pos;
    if (layout_.progress_items && have >= 2 &&
        (buffer_[pos + 1] == kProgressDispensing || buffer_[pos + 1] == kProgressRejected)) {
      if (have < 3) break;
      LinkItem item;
      item.kind = LinkItem::Kind::Progress;
      item.progress_code = buffer_[pos + 1];
      item.progress_value = buffer_[pos + 2];
      out.push_back(item);
      pos += 3;
      continue;
    }
    // START ID STX CMD: a mismatch in what has arrived so far makes this START noise.
    if ((have >= 2 && buffer_[pos + 1] != layout_.id) || (have >= 3 && buffer_[pos + 2] != kStx)) {
      skip(1);
      continue;
    }
    if (have < 4) break;
    const int len = layout_.data_length[buffer_[pos + 3]];
    if (len < 0) {
      out.push_back(std::unexpected(
          LinkError{LinkError::Kind::UnknownCommand, "command byte not used in this direction"}));
      skip(1);
      continue;
    }
    const std::size_t total = kFrameOverhead + static_cast<std::size_t>(len);
    if (have < total) break;  // wait for the rest (the driver resets the reader on a timeout)
    if (buffer_[pos + total - 2] != kEtx) {
      out.push_back(
          std::unexpected(LinkError{LinkError::Kind::BadEtx, "no ETX where the length puts it"}));
      skip(1);
      continue;
    }
    if (bcc(ByteView(buffer_.data() + pos, total - 1)) != buffer_[pos + total - 1]) {
      out.push_back(std::unexpected(LinkError{LinkError::Kind::BadBcc, "BCC mismatch"}));
      skip(total);
      continue;
    }
    LinkItem item;
    item.kind = LinkItem::Kind::Frame;
    item.frame.start = buffer_[pos];
    item.frame.id = buffer_[pos + 1];
    item.frame.cmd = buffer_[pos + 3];
    item.frame.data.assign(buffer_.begin() + static_cast<std::ptrdiff_t>(pos + 4),
                           buffer_.begin() + static_cast<std::ptrdiff_t>(pos + total - 2));
    out.push_back(std::move(item));
    pos += total;
  }
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos));
  return out;
}

}  // namespace kiosk::devices::lcdm
