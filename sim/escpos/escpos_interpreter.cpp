#include "sim/escpos/escpos_interpreter.hpp"

#include <algorithm>
#include <string_view>

namespace kiosk::sim {

namespace {

using devices::ByteView;
using devices::escpos::Align;

constexpr std::uint8_t kHt = 0x09, kLf = 0x0A, kCr = 0x0D, kDle = 0x10, kEsc = 0x1B, kFs = 0x1C,
                       kGs = 0x1D;

std::size_t u16(ByteView b, std::size_t at) { return b[at] | (std::size_t{b[at + 1]} << 8); }

// A command of `len` bytes, or 0 while fewer have arrived.
std::size_t need(ByteView b, std::size_t len) { return b.size() >= len ? len : 0; }

// A command ending with a NUL within `limit` bytes from `from`: its length, 0 while incomplete, or
// `fallback` when no NUL came within the limit (a malformed command).
std::size_t until_nul(ByteView b, std::size_t from, std::size_t limit, std::size_t fallback) {
  for (std::size_t i = from; i < b.size() && i < from + limit; ++i) {
    if (b[i] == 0) return i + 1;
  }
  return b.size() >= from + limit ? fallback : 0;
}

// Commands of fixed length that only set modes the text does not show (line spacing, underline,
// font, barcode size, drawer kick ...), by their second byte: {3-byte codes, 4-byte, 5-byte}.
struct FixedLengths {
  std::string_view len3, len4, len5;
};
constexpr FixedLengths kEscFixed{"J-MG3R{V UrSLTeK=", "$\\c", "p"};
constexpr FixedLengths kGsFixed{"BHfhwabIr/EC", "LWP$\\", ""};

std::size_t fixed_length(const FixedLengths& t, std::uint8_t code) {
  const char c = static_cast<char>(code);
  if (t.len3.find(c) != std::string_view::npos) return 3;
  if (t.len4.find(c) != std::string_view::npos) return 4;
  if (t.len5.find(c) != std::string_view::npos) return 5;
  return 0;
}

}  // namespace

EscPosInterpreter::EscPosInterpreter(EscPosSimConfig config)
    : config_(std::move(config)), cp866_(config_.kazakh, config_.extra_glyphs, "") {
  config_.columns = std::max(config_.columns, 1);
}

std::vector<std::uint8_t> EscPosInterpreter::feed(ByteView bytes) {
  queries_.clear();
  for (std::uint8_t byte : bytes) {
    if (skip_ > 0) {
      --skip_;
      continue;
    }
    pending_.push_back(byte);
    std::size_t at = 0;
    while (at < pending_.size()) {
      if (skip_ > 0) {
        const std::size_t n = std::min(skip_, pending_.size() - at);
        skip_ -= n;
        at += n;
        continue;
      }
      const std::size_t used = step(ByteView(pending_).subspan(at));
      if (used == 0) break;
      at += used;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(at));
  }
  return std::move(queries_);
}

std::size_t EscPosInterpreter::step(ByteView b) {
  const std::uint8_t c = b[0];
  switch (c) {
    case kLf:
      end_line();
      return 1;
    case kCr:
      return 1;
    case kHt:
      put_char(' ');
      return 1;
    case kEsc:
      return esc(b);
    case kGs:
      return gs(b);
    case kDle:
      return dle(b);
    case kFs:
      return fs(b);
    default:
      break;
  }
  if (c < 0x20 || c == 0x7F) {
    ++unknown_;
    return 1;
  }
  put_char(c);
  return 1;
}

std::size_t EscPosInterpreter::esc(ByteView b) {
  if (b.size() < 2) return 0;
  switch (b[1]) {
    case '@':
      reset_modes();
      return 2;
    case '2':
      return 2;  // default line spacing
    case 't':
      if (b.size() < 3) return 0;
      page_ = b[2];
      return 3;
    case 'a':
      if (b.size() < 3) return 0;
      if (b[2] == 0 || b[2] == '0') align_ = Align::Left;
      if (b[2] == 1 || b[2] == '1') align_ = Align::Centre;
      if (b[2] == 2 || b[2] == '2') align_ = Align::Right;
      return 3;
    case 'E':
      if (b.size() < 3) return 0;
      bold_ = (b[2] & 1) != 0;
      return 3;
    case '!':  // print mode: bit 3 emphasized, bit 4 double height, bit 5 double width
      if (b.size() < 3) return 0;
      bold_ = (b[2] & 0x08) != 0;
      height_mul_ = (b[2] & 0x10) ? 2 : 1;
      width_mul_ = (b[2] & 0x20) ? 2 : 1;
      return 3;
    case 'd':
      if (b.size() < 3) return 0;
      feed_lines(b[2]);
      return 3;
    case 'i':
    case 'm':
      cut();
      return 2;  // old one-byte cut commands
    case 'D':
      return until_nul(b, 2, 33, 2);  // tab positions, up to 32 then NUL
    case '*': {                       // bit image: ESC * m nL nH d...
      if (b.size() < 5) return 0;
      const std::size_t k = u16(b, 3);
      skip_ = (b[2] == 32 || b[2] == 33) ? 3 * k : k;
      return 5;
    }
    default:
      if (std::size_t len = fixed_length(kEscFixed, b[1])) return need(b, len);
      ++unknown_;
      return 2;
  }
}

std::size_t EscPosInterpreter::gs(ByteView b) {
  if (b.size() < 2) return 0;
  switch (b[1]) {
    case '!':
      if (b.size() < 3) return 0;
      width_mul_ = ((b[2] >> 4) & 7) + 1;
      height_mul_ = (b[2] & 7) + 1;
      return 3;
    case 'V': {
      if (b.size() < 3) return 0;
      const std::uint8_t m = b[2];
      std::size_t len = 3;
      if (m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104)
        len = 4;
      else if (m != 0 && m != 1 && m != 48 && m != 49)
        ++unknown_;  // unknown mode: not a cut
      if (b.size() < len) return 0;
      if (len == 4 || m <= 1 || m == 48 || m == 49) cut();
      return len;
    }
    case '(': {  // GS ( fn pL pH data: every function of this family carries its length
      if (b.size() < 5) return 0;
      const std::size_t total = 5 + u16(b, 3);
      if (b[2] != 'k') {
        skip_ = total - 5;
        return 5;
      }
      if (b.size() < total) return 0;
      gs_k(b.first(total));
      return total;
    }
    case 'k': {  // barcode: m 0..6 NUL-terminated, m 65..73 with a length byte
      if (b.size() < 3) return 0;
      if (b[2] <= 6) return until_nul(b, 3, 256, 3);
      if (b.size() < 4) return 0;
      return need(b, 4 + std::size_t{b[3]});
    }
    case 'v': {  // raster image: GS v 0 m xL xH yL yH d...
      if (b.size() < 8) return 0;
      skip_ = u16(b, 4) * u16(b, 6);
      return 8;
    }
    case '*': {  // downloaded bit image: GS * x y d..., x*y*8 bytes
      if (b.size() < 4) return 0;
      skip_ = std::size_t{b[2]} * b[3] * 8;
      return 4;
    }
    default:
      if (std::size_t len = fixed_length(kGsFixed, b[1])) return need(b, len);
      ++unknown_;
      return 2;
  }
}

std::size_t EscPosInterpreter::dle(ByteView b) {
  if (b.size() < 2) return 0;
  switch (b[1]) {
    case 0x04:  // DLE EOT n: real-time status
      if (b.size() < 3) return 0;
      queries_.push_back(b[2]);
      return 3;
    case 0x05:
      return need(b, 3);  // DLE ENQ n
    case 0x14:            // DLE DC4 fn ...
      if (b.size() < 3) return 0;
      return need(b, b[2] == 8 ? 10 : 5);
    default:
      ++unknown_;
      return 1;  // a lone DLE: do not swallow what follows
  }
}

std::size_t EscPosInterpreter::fs(ByteView b) {
  if (b.size() < 2) return 0;
  switch (b[1]) {
    case '&':
    case '.':
      return 2;  // Kanji mode on/off
    case '!':
    case '-':
    case 'C':
    case 'W':
      return need(b, 3);
    case 'p':
      return need(b, 4);  // print NV bit image
    case '(': {
      if (b.size() < 5) return 0;
      skip_ = u16(b, 3);
      return 5;
    }
    default:
      ++unknown_;
      return 2;
  }
}

void EscPosInterpreter::gs_k(ByteView frame) {
  // frame: 1D 28 6B pL pH cn fn [params]; QR is cn = 0x31.
  if (frame.size() < 7 || frame[5] != 0x31) return;
  switch (frame[6]) {
    case 0x50:  // store: m = 0x30, then the data
      if (frame.size() < 8 || frame[7] != 0x30) return;
      qr_data_.assign(frame.begin() + 8, frame.end());
      qr_stored_ = true;
      return;
    case 0x51:  // print the stored symbol
      if (!qr_stored_) return;
      if (line_cols_ > 0) end_line();
      if (!printing_) {
        ++discarded_;
        return;
      }
      current_.qr_payloads.push_back(qr_data_);
      return;
    default:
      return;  // model, size, error correction, size query: no effect on the text
  }
}

void EscPosInterpreter::reset_modes() {
  page_ = 0;
  align_ = Align::Left;
  bold_ = false;
  width_mul_ = height_mul_ = 1;
  line_ = PrintedLine{};  // ESC @ clears the print buffer
  line_cols_ = 0;
  qr_data_.clear();
  qr_stored_ = false;
}

void EscPosInterpreter::put_char(std::uint8_t byte) {
  if (line_cols_ > 0 && line_cols_ + width_mul_ > config_.columns) end_line(true);
  if (line_cols_ == 0) line_.align = align_;
  if (page_ == config_.cp866_page) {
    line_.text += cp866_.decode(byte);
  } else {
    line_.text.push_back(byte < 0x80 ? static_cast<char>(byte) : '?');  // a page we do not know
  }
  line_cols_ += width_mul_;
  line_.columns = line_cols_;
  line_.bold = line_.bold || bold_;
  line_.width_mul = std::max(line_.width_mul, width_mul_);
  line_.height_mul = std::max(line_.height_mul, height_mul_);
}

void EscPosInterpreter::end_line(bool wrapped) {
  PrintedLine line = std::move(line_);
  if (line_cols_ == 0) {  // an empty line feeds at the current modes
    line.align = align_;
    line.bold = bold_;
    line.width_mul = width_mul_;
    line.height_mul = height_mul_;
  }
  line.wrapped = wrapped;
  line_ = PrintedLine{};
  line_cols_ = 0;
  if (!printing_) {
    ++discarded_;
    return;
  }
  current_.lines.push_back(line.text);
  current_.styled.push_back(std::move(line));
}

void EscPosInterpreter::feed_lines(int n) {
  if (n == 0 && line_cols_ > 0) end_line();
  for (int i = 0; i < n; ++i) end_line();
}

void EscPosInterpreter::cut() {
  if (line_cols_ > 0) end_line();
  if (!printing_) {
    ++discarded_;
    return;
  }
  current_.cut = true;
  finished_.push_back(std::move(current_));
  current_ = PrintedReceipt{};
  if (finished_.size() > config_.keep_receipts) finished_.erase(finished_.begin());
}

std::vector<PrintedReceipt> EscPosInterpreter::receipts() const {
  std::vector<PrintedReceipt> all = finished_;
  if (!current_.lines.empty() || !current_.qr_payloads.empty()) all.push_back(current_);
  return all;
}

}  // namespace kiosk::sim
