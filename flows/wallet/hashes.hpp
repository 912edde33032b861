// Hashes the wallet checksums need, written here because flows/ depends on the standard library
// only: SHA-256 (Base58Check: first 4 bytes of SHA-256(SHA-256(payload))) and Keccak-256 (EIP-55;
// the original Keccak padding 0x01, NOT the NIST SHA3-256 padding 0x06).
// Pure functions, no state, no allocation beyond the result.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace kiosk::flows::wallet {

using Digest32 = std::array<std::uint8_t, 32>;

Digest32 sha256(std::span<const std::uint8_t> data);
Digest32 sha256(std::string_view text);
Digest32 double_sha256(std::span<const std::uint8_t> data);

// Keccak-256 as Ethereum uses it (padding byte 0x01).
Digest32 keccak256(std::span<const std::uint8_t> data);
Digest32 keccak256(std::string_view text);
// NIST SHA3-256 (padding byte 0x06): the same permutation, kept to test it against long vectors.
Digest32 sha3_256(std::span<const std::uint8_t> data);

}  // namespace kiosk::flows::wallet
