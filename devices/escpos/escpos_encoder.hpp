// ESC/POS encoding, pure: command builders (wire format in README.md, vectors from
// shared/reference/cash-devices.md section 5) and the receipt layout that turns a flows::Receipt
// into one print job for a paper width.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "devices/escpos/escpos_profile.hpp"
#include "devices/transport.hpp"
#include "flows/receipt.hpp"

namespace kiosk::devices {

namespace escpos {

inline constexpr std::uint8_t kLf = 0x0A;
inline constexpr std::uint8_t kEsc = 0x1B;
inline constexpr std::uint8_t kGs = 0x1D;
inline constexpr std::uint8_t kDle = 0x10;
inline constexpr std::uint8_t kEot = 0x04;

enum class Align : std::uint8_t { Left = 0, Centre = 1, Right = 2 };

// Largest QR payload in byte mode (model 2, version 40) for each error-correction level.
std::size_t qr_capacity(QrErrorCorrection ec);
// Largest data GS ( k can carry: pL + 256 pH = len + 3 <= 0xFFFF.
inline constexpr std::size_t kQrStoreMax = 0xFFFF - 3;

Bytes init();                                    // 1B 40
Bytes select_code_page(std::uint8_t n);          // 1B 74 n
Bytes align(Align a);                            // 1B 61 n
Bytes bold(bool on);                             // 1B 45 n
Bytes char_size(int width_mul, int height_mul);  // 1D 21 n, each factor clamped to 1..8
Bytes line_feed();                               // 0A
Bytes feed_lines(std::uint8_t n);                // 1B 64 n
// Partial: 1D 56 42 n; Full: 1D 56 41 n (feed to the cutter plus n, then cut); None: 1B 64 n.
Bytes cut(CutMode mode, std::uint8_t feed);
Bytes qr_model(std::uint8_t model);               // 1D 28 6B 04 00 31 41 (30+model) 00; model 1..3
Bytes qr_module_size(int dots);                   // 1D 28 6B 03 00 31 43 n, clamped to 1..16
Bytes qr_error_correction(QrErrorCorrection ec);  // 1D 28 6B 03 00 31 45 n
// 1D 28 6B pL pH 31 50 30 d...; an error when `data` is longer than kQrStoreMax.
std::expected<Bytes, std::string> qr_store(ByteView data);
Bytes qr_print();                      // 1D 28 6B 03 00 31 51 30
Bytes status_request(std::uint8_t n);  // 10 04 n

// Splits code-page text (one byte per column) into lines of at most `width` bytes: breaks at
// spaces (runs of spaces fold into one), and cuts a word longer than a line into line-sized pieces.
// Every non-space byte is kept, in order. `width` < 1 is treated as 1.
std::vector<Bytes> wrap_text(const Bytes& text, int width);

}  // namespace escpos

// The whole print job for `receipt`: init and code page; operator header centred (name bold);
// title double-size bold centred; a rule; body lines ("label ... value" with the value
// right-aligned, long values wrapped onto following lines, never truncated); the QR code of
// qr_payload (printed as wrapped text instead if it exceeds the QR capacity); footer lines centred;
// feed and cut.
Bytes render_receipt(const flows::Receipt& receipt, const EscPosProfile& profile);

}  // namespace kiosk::devices
