// The printing side of an ESC/POS printer, pure: a streaming interpreter that turns the bytes a
// host sends back into text lines, QR payloads and cuts. Fed any split of the stream; a command cut
// across two feeds waits for the rest. Unknown commands are skipped by their known length (or two
// bytes); nothing in the input can make it crash or grow without bound (the largest held command
// is a GS ( k of 64 KiB; raster images are skipped, not held).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "devices/escpos/cp866_text.hpp"
#include "devices/escpos/escpos_encoder.hpp"
#include "devices/transport.hpp"

namespace kiosk::sim {

struct PrintedLine {
  std::string text;  // UTF-8, as printed (padding spaces included)
  devices::escpos::Align align = devices::escpos::Align::Left;  // at the start of the line
  bool bold = false;                                            // any character bold
  int width_mul = 1;                                            // largest character width
  int height_mul = 1;
  int columns = 0;       // width used, in normal-size character columns
  bool wrapped = false;  // broken here by the printer because the text was wider than the paper
};

struct PrintedReceipt {
  std::vector<std::string> lines;        // UTF-8 text, one per printed line
  std::vector<PrintedLine> styled;       // the same lines with their style
  std::vector<std::string> qr_payloads;  // data of each QR code printed, byte for byte
  bool cut = false;                      // ended by a cut (false: still on the paper)
};

// The model the simulated printer stands for.
struct EscPosSimConfig {
  int columns = 42;              // font A characters per line at normal width
  std::uint8_t cp866_page = 17;  // the ESC t n that selects CP866 on this model
  devices::KazakhLetters kazakh = devices::KazakhLetters::Transliterate;  // CustomB0: B0..BF
  std::vector<devices::GlyphByte> extra_glyphs;
  std::size_t keep_receipts = 256;  // the oldest cut receipts are forgotten past this
};

class EscPosInterpreter {
 public:
  explicit EscPosInterpreter(EscPosSimConfig config = {});

  // Interprets `bytes`; returns n of every DLE EOT n request met, in order (the device answers).
  std::vector<std::uint8_t> feed(devices::ByteView bytes);

  // While false (no paper, cover open, offline) nothing reaches the paper: lines, QR codes and cuts
  // are counted in discarded() instead. Mode commands still apply.
  void set_printing(bool on) { printing_ = on; }

  // Receipts ended by a cut, then the one in progress if anything is on it.
  std::vector<PrintedReceipt> receipts() const;
  std::size_t discarded() const { return discarded_; }
  std::size_t unknown_commands() const { return unknown_; }

 private:
  std::size_t step(devices::ByteView b);  // bytes used by the command at b[0], 0 = incomplete
  std::size_t esc(devices::ByteView b);
  std::size_t gs(devices::ByteView b);
  std::size_t dle(devices::ByteView b);
  std::size_t fs(devices::ByteView b);
  void gs_k(devices::ByteView frame);  // a whole GS ( k frame
  void reset_modes();
  void put_char(std::uint8_t byte);
  void end_line(bool wrapped = false);
  void feed_lines(int n);
  void cut();

  EscPosSimConfig config_;
  devices::Cp866Text cp866_;

  devices::Bytes pending_;  // the start of a command not complete yet
  std::size_t skip_ = 0;    // bytes of bulk data (images) still to drop
  std::vector<std::uint8_t> queries_;

  // Modes.
  std::uint8_t page_ = 0;
  devices::escpos::Align align_ = devices::escpos::Align::Left;
  bool bold_ = false;
  int width_mul_ = 1;
  int height_mul_ = 1;

  // The line being composed.
  PrintedLine line_;
  int line_cols_ = 0;

  std::string qr_data_;
  bool qr_stored_ = false;

  bool printing_ = true;
  PrintedReceipt current_;
  std::vector<PrintedReceipt> finished_;
  std::size_t discarded_ = 0;
  std::size_t unknown_ = 0;
};

}  // namespace kiosk::sim
