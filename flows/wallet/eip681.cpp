// ethereum: URIs (EIP-681): ethereum:[pay-]<0x address|ENS>[@chain_id][/function][?params].
// Native payment: value (wei). ERC-20: <token>/transfer?address=<to>&uint256=<atoms>.
// Numbers may use scientific notation but must be whole. ENS names are refused (resolving
// needs the network, and a hex address always wins in EIP-681 anyway).
#include "flows/wallet/address.hpp"
#include "flows/wallet/amount_text.hpp"
#include "flows/wallet/payload_parsers.hpp"

namespace kiosk::flows::wallet {
namespace {

struct Eip681Head {
  std::string target, function;
  std::uint64_t chain_id = 1;
};

std::expected<Eip681Head, WalletError> read_head(std::string_view path) {
  Eip681Head h;
  if (ascii_lower(path.substr(0, 4)) == "pay-") path.remove_prefix(4);
  auto slash = path.find('/');
  if (slash != std::string_view::npos) {
    h.function = std::string(path.substr(slash + 1));
    path = path.substr(0, slash);
  }
  auto at = path.find('@');
  if (at != std::string_view::npos) {
    std::string_view digits = path.substr(at + 1);
    if (digits.empty() || digits.size() > 18) {
      return std::unexpected(wallet_error("bad_address",
                                          "The network id in the request is "
                                          "invalid."));
    }
    std::uint64_t id = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') {
        return std::unexpected(wallet_error("bad_address",
                                            "The network id in the request is "
                                            "invalid."));
      }
      id = id * 10 + static_cast<unsigned>(c - '0');
    }
    h.chain_id = id;
    path = path.substr(0, at);
  }
  h.target = std::string(path);
  return h;
}

std::expected<EvmAddress, WalletError> read_evm(std::string_view text, std::string_view what) {
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return std::unexpected(wallet_error(
        "ens_unsupported", "The request names " + std::string(what) +
                               " by a name (ENS), not an address; please show the address."));
  }
  auto evm = eip55_decode(text);
  if (!evm) {
    if (evm.error() == Eip55Error::BadChecksum) {
      return std::unexpected(wallet_error(
          "bad_checksum", "The Ethereum address in the request has a wrong EIP-55 checksum."));
    }
    return std::unexpected(
        wallet_error("bad_address", "The Ethereum address in the request is malformed (" +
                                        std::string(to_string(evm.error())) + ")."));
  }
  return *evm;
}

std::expected<void, WalletError> check_chain(std::uint64_t id, const ParseTarget& target,
                                             std::vector<std::string>& warnings) {
  if (id == 1) return {};
  auto known = find_evm_chain(id);
  if (known && known->ethereum_testnet) {
    if (!target.allow_testnet) return std::unexpected(testnet_error());
    warnings.push_back("testnet");
    return {};
  }
  std::string name = known ? std::string(known->name) : "EVM chain id " + std::to_string(id);
  return std::unexpected(wrong_chain_error("a payment request on " + name, target.spec));
}

std::string token_name(const EvmAddress& contract) {
  for (const auto& t : known_tokens()) {
    if (t.chain == Chain::Ethereum && ascii_lower(t.contract) == ascii_lower(contract.checksummed))
      return std::string(t.symbol);
  }
  return "the token at " + mask_address(contract.checksummed);
}

}  // namespace

WalletResult parse_eip681(const PaymentUri& uri, const ParseTarget& target) {
  const AssetSpec& spec = target.spec;
  if (spec.chain != Chain::Ethereum) {
    return std::unexpected(wrong_chain_error("an Ethereum payment request", spec));
  }
  auto head = read_head(uri.path);
  if (!head) return std::unexpected(head.error());
  WalletTarget out;
  if (auto ok = check_chain(head->chain_id, target, out.warnings); !ok) {
    return std::unexpected(ok.error());
  }
  std::string function = ascii_lower(head->function);
  if (!function.empty() && function != "transfer") {
    return std::unexpected(wallet_error("unsupported_function",
                                        "The request calls a contract function this kiosk does not "
                                        "perform (" +
                                            clean_display_text(head->function, 40) + ")."));
  }
  auto first = read_evm(head->target, function.empty() ? "the recipient" : "the token");
  if (!first) return std::unexpected(first.error());

  std::optional<Atoms> value, uint256;
  std::string recipient;
  for (const auto& p : uri.params) {
    bool numeric = p.key == "value" || p.key == "gas" || p.key == "gaslimit" ||
                   p.key == "gasprice" || p.key == "uint256";
    if (numeric) {
      auto n = parse_eip681_number(p.raw_value);
      if (!n) {
        return std::unexpected(wallet_error(
            "bad_amount",
            "The '" + p.key + "' number in the request is invalid: " + n.error() + "."));
      }
      if (p.key == "value") value = *n;
      if (p.key == "uint256") uint256 = *n;
    } else if (p.key == "address" && !function.empty()) {
      recipient = p.value;
    } else {
      out.warnings.push_back("ignored_params");
    }
  }

  std::string destination;
  if (function.empty()) {
    if (!spec.token_contract.empty() && value.value_or(0) != 0) {
      return std::unexpected(wallet_error(
          "wrong_token",
          "This request asks for ETH, but you chose " + std::string(spec.display) + "."));
    }
    destination = head->target;  // as written, so a missing checksum is warned about
    out.kind = "eip681";
    if (spec.token_contract.empty()) out.amount = value;
  } else {
    if (spec.token_contract.empty()) {
      return std::unexpected(
          wallet_error("wrong_token", "This request asks for " + token_name(*first) +
                                          ", but you chose " + std::string(spec.display) + "."));
    }
    if (ascii_lower(first->checksummed) != ascii_lower(spec.token_contract)) {
      return std::unexpected(wallet_error("wrong_token", "This request asks for " +
                                                             token_name(*first) + ", not " +
                                                             std::string(spec.display) + "."));
    }
    if (recipient.empty()) {
      return std::unexpected(
          wallet_error("no_address", "The token transfer request names no recipient."));
    }
    auto to = read_evm(recipient, "the recipient");
    if (!to) return std::unexpected(to.error());
    destination = recipient;
    out.kind = "erc20_transfer";
    out.amount = uint256;
    if (value.value_or(0) != 0) out.warnings.push_back("ignored_params");
  }
  auto m = address_for_asset(destination, spec, target.allow_testnet, out.warnings);
  if (!m) return std::unexpected(m.error());
  out.asset = std::string(spec.asset);
  out.network = std::string(spec.network);
  out.address = std::move(m->normalised);
  if (out.amount) out.warnings.push_back("amount_in_qr");
  return out;
}

}  // namespace kiosk::flows::wallet
