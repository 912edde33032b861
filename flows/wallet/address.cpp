#include "flows/wallet/address.hpp"

#include <algorithm>

#include "flows/wallet/base58check.hpp"
#include "flows/wallet/bech32.hpp"

namespace kiosk::flows::wallet {
namespace {

std::string segwit_type(const SegwitAddress& a) {
  if (a.version == 0) return a.program.size() == 20 ? "p2wpkh" : "p2wsh";
  if (a.version == 1 && a.program.size() == 32) return "p2tr";
  return "witness_v" + std::to_string(a.version);
}

// The bech32 HRP we know for this string, if any ("bc1..." -> "bc").
const SegwitHrp* known_hrp(std::string_view text) {
  auto sep = text.rfind('1');
  if (sep == std::string_view::npos) return nullptr;
  std::string hrp = ascii_lower(text.substr(0, sep));
  for (const auto& h : segwit_hrps()) {
    if (h.hrp == hrp) return &h;
  }
  return nullptr;
}

std::expected<std::vector<AddressMatch>, WalletError> classify_segwit(std::string_view text,
                                                                      const SegwitHrp& hrp) {
  auto seg = segwit_decode(text);
  std::string chain(chain_name(hrp.chain));
  if (!seg) {
    switch (seg.error()) {
      case SegwitError::BadChecksum:
        return std::unexpected(
            wallet_error("bad_checksum", "This " + chain +
                                             " address has a wrong checksum: a character is "
                                             "mistyped or missing."));
      case SegwitError::MixedCase:
        return std::unexpected(
            wallet_error("mixed_case", "This " + chain + " address mixes upper and lower case."));
      default:
        return std::unexpected(
            wallet_error("bad_address", "This is not a valid " + chain + " address (" +
                                            std::string(to_string(seg.error())) + ")."));
    }
  }
  return std::vector<AddressMatch>{
      {hrp.chain, hrp.testnet, segwit_type(*seg), seg->normalised, std::nullopt}};
}

std::expected<std::vector<AddressMatch>, WalletError> classify_evm(std::string_view text) {
  auto evm = eip55_decode(text);
  if (!evm) {
    if (evm.error() == Eip55Error::BadChecksum) {
      return std::unexpected(
          wallet_error("bad_checksum",
                       "This Ethereum address has a wrong EIP-55 checksum: a letter's case "
                       "or a character is wrong."));
    }
    return std::unexpected(wallet_error(
        "bad_address",
        "This is not a valid Ethereum address (" + std::string(to_string(evm.error())) + ")."));
  }
  return std::vector<AddressMatch>{
      {Chain::Ethereum, false, "evm", evm->checksummed, evm->input_case}};
}

std::expected<std::vector<AddressMatch>, WalletError> classify_base58(std::string_view text) {
  auto raw = base58check_decode(text);
  if (!raw) {
    if (raw.error() == Base58Error::BadChecksum) {
      return std::unexpected(
          wallet_error("bad_checksum",
                       "This address has a wrong checksum: a character is mistyped or "
                       "missing."));
    }
    return std::unexpected(wallet_error("unrecognised", "This is not a wallet address."));
  }
  if (raw->size() != 21) {
    return std::unexpected(wallet_error(
        "bad_address", "This has a valid checksum but is not an address (wrong length)."));
  }
  std::vector<AddressMatch> out;
  for (const auto& v : base58_versions()) {
    if (v.version == (*raw)[0]) {
      out.push_back({v.chain, v.testnet, std::string(v.type), std::string(text), std::nullopt});
    }
  }
  if (out.empty()) {
    return std::unexpected(
        wallet_error("unrecognised", "This is an address for a coin this kiosk does not handle."));
  }
  return out;
}

bool is_hex_evm_shape(std::string_view text) {
  return text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
}

std::string chains_text(const std::vector<AddressMatch>& matches) {
  std::vector<std::string> names;
  for (const auto& m : matches) {
    std::string n(chain_name(m.chain));
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  }
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

bool is_destination_forbidden(const AddressMatch& m) {
  for (const auto& t : known_tokens()) {
    if (t.chain == m.chain && ascii_lower(t.contract) == ascii_lower(m.normalised)) return true;
  }
  if (m.chain == Chain::Ethereum && m.normalised == "0x" + std::string(40, '0')) return true;
  if (m.chain == Chain::Tron && m.normalised == "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb") return true;
  return false;
}

}  // namespace

WalletError wallet_error(std::string code, std::string message) {
  return WalletError{std::move(code), std::move(message)};
}

WalletError wrong_chain_error(std::string_view belongs_to, const AssetSpec& chosen) {
  return wallet_error("wrong_chain", "This is " + std::string(belongs_to) + ", but you chose " +
                                         std::string(chosen.display) + ".");
}

WalletError testnet_error() {
  return wallet_error("testnet", "This is a test-network address; it cannot receive real coins.");
}

std::expected<std::vector<AddressMatch>, WalletError> classify_address(std::string_view text) {
  if (text.empty()) return std::unexpected(wallet_error("empty", "Nothing was scanned."));
  if (text.size() > 128) {
    return std::unexpected(wallet_error("unrecognised", "This is not a wallet address."));
  }
  if (const SegwitHrp* hrp = known_hrp(text)) return classify_segwit(text, *hrp);
  if (ascii_lower(text.substr(0, 8)) == "ltcmweb1") {
    return std::unexpected(wallet_error(
        "bad_address", "Litecoin MWEB addresses are not supported; use an ltc1 or L address."));
  }
  if (is_hex_evm_shape(text)) return classify_evm(text);
  return classify_base58(text);
}

std::expected<AddressMatch, WalletError> address_for_asset(std::string_view text,
                                                           const AssetSpec& spec,
                                                           bool allow_testnet,
                                                           std::vector<std::string>& warnings) {
  auto matches = classify_address(text);
  if (!matches) return std::unexpected(matches.error());
  auto it = std::find_if(matches->begin(), matches->end(),
                         [&](const AddressMatch& m) { return m.chain == spec.chain; });
  if (it == matches->end()) {
    return std::unexpected(wrong_chain_error("a " + chains_text(*matches) + " address", spec));
  }
  AddressMatch m = *it;
  if (m.testnet) {
    if (!allow_testnet) return std::unexpected(testnet_error());
    warnings.push_back("testnet");
  }
  if (is_destination_forbidden(m)) {
    return std::unexpected(wallet_error(
        "contract_address",
        "This is a token contract or burn address, not a wallet; coins sent there are lost."));
  }
  if (m.eip55_case == Eip55Case::AllLower) warnings.push_back("lowercase_eip55");
  if (m.eip55_case == Eip55Case::AllUpper) warnings.push_back("uppercase_eip55");
  return m;
}

}  // namespace kiosk::flows::wallet
