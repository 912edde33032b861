// Realistic wallet QR payloads per asset, from the reference vectors
// (shared/reference/wallet-id-kz.md §1), valid or with a deliberately broken checksum.
// The addresses are well-known test encodings (some spendable by anyone): never fund them.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::sim {

// asset_id: "BTC/bitcoin", "LTC/litecoin", "ETH/ethereum", "USDT/tron", "USDT/ethereum",
// "BTC/lightning". Empty string for an unknown id.
std::string sample_payload(std::string_view asset_id, bool valid);

}  // namespace kiosk::sim
