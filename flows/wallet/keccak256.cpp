// Keccak-f[1600] sponge with rate 136 bytes (capacity 512 bits), output 32 bytes. Keccak-256 pads
// with 0x01 .. 0x80; NIST SHA3-256 with 0x06 .. 0x80. Lanes are little-endian 64-bit words.
#include <bit>

#include "flows/wallet/hashes.hpp"

namespace kiosk::flows::wallet {
namespace {

constexpr std::size_t kRate = 136;

constexpr std::array<std::uint64_t, 24> kRoundConstants = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};

// Rotation offsets r[x + 5y] for the rho step.
constexpr std::array<int, 25> kRho = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                                      25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

void permute(std::array<std::uint64_t, 25>& a) {
  for (std::uint64_t rc : kRoundConstants) {
    // theta
    std::array<std::uint64_t, 5> c{};
    for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; ++x) {
      std::uint64_t d = c[(x + 4) % 5] ^ std::rotl(c[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) a[x + y] ^= d;
    }
    // rho and pi: B[y, 2x+3y] = rot(A[x, y], r[x, y])
    std::array<std::uint64_t, 25> b{};
    for (int x = 0; x < 5; ++x) {
      for (int y = 0; y < 5; ++y) {
        b[y + 5 * ((2 * x + 3 * y) % 5)] = std::rotl(a[x + 5 * y], kRho[x + 5 * y]);
      }
    }
    // chi
    for (int y = 0; y < 25; y += 5) {
      for (int x = 0; x < 5; ++x) a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]);
    }
    // iota
    a[0] ^= rc;
  }
}

void absorb_block(std::array<std::uint64_t, 25>& state, const std::uint8_t* block) {
  for (std::size_t i = 0; i < kRate / 8; ++i) {
    std::uint64_t lane = 0;
    for (int j = 0; j < 8; ++j) lane |= std::uint64_t{block[8 * i + j]} << (8 * j);
    state[i] ^= lane;
  }
  permute(state);
}

Digest32 sponge(std::span<const std::uint8_t> data, std::uint8_t pad) {
  std::array<std::uint64_t, 25> state{};
  std::size_t full = data.size() / kRate;
  for (std::size_t i = 0; i < full; ++i) absorb_block(state, data.data() + kRate * i);
  std::array<std::uint8_t, kRate> last{};
  std::size_t rest = data.size() - kRate * full;
  for (std::size_t i = 0; i < rest; ++i) last[i] = data[kRate * full + i];
  last[rest] ^= pad;
  last[kRate - 1] ^= 0x80;
  absorb_block(state, last.data());
  Digest32 out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::uint8_t>(state[i / 8] >> (8 * (i % 8)));
  }
  return out;
}

}  // namespace

Digest32 keccak256(std::span<const std::uint8_t> data) { return sponge(data, 0x01); }

Digest32 keccak256(std::string_view text) {
  return keccak256(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

Digest32 sha3_256(std::span<const std::uint8_t> data) { return sponge(data, 0x06); }

}  // namespace kiosk::flows::wallet
