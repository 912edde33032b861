// `kiosk parse-wallet --asset ASSET/NETWORK [--allow-testnet] [--accept ASSET/NETWORK]... TEXT`
// Prints what parse_wallet makes of TEXT ("-" reads standard input) as one JSON object:
// {"ok":true,"asset":..,"network":..,"kind":..,"address":..,"address_masked":..,"amount":"atoms"
// or null,"amount_units":"0.0005" or null,"label":..,"message":..,"url":..,"warnings":[..]} or
// {"ok":false,"code":..,"message":..}. Exit 0 when accepted, 1 when refused, 2 on usage error.
// argv[0] is the subcommand name (a leading "kiosk" before it is tolerated).
#include <cstdio>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "flows/money.hpp"
#include "flows/wallet/chains.hpp"
#include "flows/wallet/parse_wallet.hpp"

namespace kiosk::app {
int cmd_parse_wallet(int argc, char** argv);
}

namespace kiosk::app {
namespace {

constexpr const char* kUsage =
    "usage: kiosk parse-wallet --asset ASSET/NETWORK [--allow-testnet] [--accept ASSET/NETWORK]"
    "... TEXT\n"
    "  ASSET/NETWORK: BTC/bitcoin BTC/lightning LTC/litecoin ETH/ethereum USDT/ethereum "
    "USDT/tron\n"
    "  TEXT: the scanned QR payload, or - to read it from standard input\n";

int usage(const char* why) {
  std::fprintf(stderr, "kiosk parse-wallet: %s\n%s", why, kUsage);
  return 2;
}

nlohmann::json to_json(const flows::WalletTarget& t) {
  nlohmann::json j;
  j["ok"] = true;
  j["asset"] = t.asset;
  j["network"] = t.network;
  j["kind"] = t.kind;
  j["address"] = t.address;
  j["address_masked"] = flows::mask_address(t.address);
  j["amount"] = nullptr;
  j["amount_units"] = nullptr;
  if (t.amount) {
    j["amount"] = flows::atoms_to_string(*t.amount);  // a string: atoms can exceed 2^64
    if (const auto* spec = flows::wallet::find_asset(t.asset, t.network)) {
      j["amount_units"] = flows::atoms_to_units(*t.amount, spec->decimals);
    }
  }
  j["label"] = t.label;
  j["message"] = t.message;
  j["url"] = t.url;
  j["warnings"] = t.warnings;
  return j;
}

}  // namespace

int cmd_parse_wallet(int argc, char** argv) {
  int i = 1;
  if (i < argc && std::string_view(argv[i]) == "parse-wallet") ++i;
  flows::WalletParseOptions options;
  std::string asset_id;
  std::string text;
  bool have_text = false;
  for (; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--asset" || arg == "--accept") {
      if (i + 1 >= argc) return usage("missing value after an option");
      std::string value = argv[++i];
      if (value.find('/') == std::string::npos) return usage("assets are written ASSET/NETWORK");
      if (arg == "--asset") {
        asset_id = value;
      } else {
        options.accepted_assets.push_back(value);
      }
    } else if (arg == "--allow-testnet") {
      options.allow_testnet = true;
    } else if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg.starts_with("--")) {
      return usage("unknown option");
    } else if (have_text) {
      return usage("give exactly one TEXT (quote it: URIs contain '&' and '?')");
    } else {
      have_text = true;
      if (arg == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      } else {
        text = std::string(arg);
      }
    }
  }
  if (asset_id.empty()) return usage("--asset is required");
  if (!have_text) return usage("TEXT is missing");
  auto slash = asset_id.find('/');
  options.asset = asset_id.substr(0, slash);
  options.network = asset_id.substr(slash + 1);

  auto result = flows::parse_wallet(text, options);
  nlohmann::json out;
  if (result) {
    out = to_json(*result);
  } else {
    out = {{"ok", false}, {"code", result.error().code}, {"message", result.error().message}};
  }
  std::puts(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return result ? 0 : 1;
}

}  // namespace kiosk::app
