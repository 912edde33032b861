// DLE EOT real-time status answers (10 04 n -> one byte), pure. Bit layout in README.md and in
// shared/reference/cash-devices.md 5.2. Every answer has bits 1 and 4 set and bits 0 and 7 clear;
// a byte that breaks that is not a status answer (noise, XON/XOFF, an ASB frame) and is rejected.
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include "devices/receipt_printer.hpp"

namespace kiosk::devices::escpos {

struct StatusError {
  enum class Kind {
    UnknownRequest,  // n is not 1..4
    FixedBits,       // the byte does not have the fixed bits of a DLE EOT answer
  };
  Kind kind;
  std::string what;
};

inline constexpr std::uint8_t kStatusFixedMask = 0x93;  // bits 0, 1, 4, 7
inline constexpr std::uint8_t kStatusFixedBits = 0x12;  // bits 1 and 4 set: "all clear"

inline bool has_status_fixed_bits(std::uint8_t answer) {
  return (answer & kStatusFixedMask) == kStatusFixedBits;
}

// Folds the answer to DLE EOT `n` into `status`. Start a query round from PrinterStatus{} (all
// clear) and fold each answer: the problems an answer reports are added, never cleared.
//   n=1 printer:       bit 3 offline
//   n=2 offline cause: bit 2 cover open, bit 5 stopped on paper end, bit 6 error (bit 3, feed
//                      button pressed, is ignored)
//   n=3 error cause:   bit 3 autocutter, bit 5 unrecoverable, bit 6 auto-recoverable -> error
//   n=4 paper sensor:  bits 2-3 near end, bits 5-6 paper out
// Bit meanings of n=2 and n=3 may vary by model (UNVERIFIED): which requests are asked is a
// profile option (EscPosProfile::status_queries).
std::expected<PrinterStatus, StatusError> apply_status_answer(PrinterStatus status, std::uint8_t n,
                                                              std::uint8_t answer);

}  // namespace kiosk::devices::escpos
