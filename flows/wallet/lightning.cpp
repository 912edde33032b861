#include "flows/wallet/lightning.hpp"

#include <array>

#include "flows/wallet/bech32.hpp"
#include "flows/wallet/chains.hpp"
#include "flows/wallet/uri.hpp"

namespace kiosk::flows::wallet {
namespace {

constexpr std::size_t kTimestampChars = 7;
constexpr std::size_t kSignatureChars = 104;

LightningError fail(std::string code, std::string message) {
  return {std::move(code), std::move(message)};
}

LightningError from_bech32(Bech32Error e, std::string_view what) {
  if (e == Bech32Error::BadChecksum) {
    return fail("bad_checksum", std::string(what) +
                                    " checksum does not match: a character is "
                                    "wrong or missing");
  }
  if (e == Bech32Error::MixedCase) {
    return fail("mixed_case", std::string(what) + " mixes upper and lower case");
  }
  return fail("bad_address", std::string(what) + " is malformed: " + std::string(to_string(e)));
}

// msat per unit of the multiplier letter; 'p' handled apart (it divides).
std::optional<Atoms> msat_per(char multiplier) {
  switch (multiplier) {
    case 'm':
      return Atoms{100'000'000};
    case 'u':
      return Atoms{100'000};
    case 'n':
      return Atoms{100};
    default:
      return std::nullopt;
  }
}

std::expected<std::optional<Atoms>, LightningError> amount_msat(std::string_view amount) {
  if (amount.empty()) return std::optional<Atoms>{};
  char last = amount.back();
  bool has_multiplier = !(last >= '0' && last <= '9');
  std::string_view digits = has_multiplier ? amount.substr(0, amount.size() - 1) : amount;
  if (digits.empty() || digits.size() > 20) {
    return std::unexpected(fail("bad_amount", "the invoice amount is not a number"));
  }
  Atoms value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return std::unexpected(fail("bad_amount", "the invoice amount is not a number"));
    }
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (!has_multiplier) return std::optional<Atoms>{value * Atoms{100'000'000'000}};
  if (last == 'p') {
    if (value % 10 != 0) {
      return std::unexpected(fail("bad_amount", "the invoice amount is below a millisatoshi"));
    }
    return std::optional<Atoms>{value / 10};
  }
  auto per = msat_per(last);
  if (!per) {
    return std::unexpected(
        fail("bad_amount", std::string("unknown amount multiplier '") + last + "' in the invoice"));
  }
  return std::optional<Atoms>{value * *per};
}

std::uint64_t read_number(const std::vector<std::uint8_t>& data, std::size_t at, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 5) | data[at + i];
  return v;
}

bool is_onion_http(std::string_view url) {
  if (url.substr(0, 7) != "http://") return false;
  std::string_view host = url.substr(7);
  host = host.substr(0, host.find_first_of("/:?#"));
  return host.size() > 6 && host.substr(host.size() - 6) == ".onion";
}

std::expected<std::string, LightningError> check_lnurl_url(std::string url) {
  for (char c : url) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) {
      return std::unexpected(fail("bad_address", "the LNURL does not hold a plain URL"));
    }
  }
  if (ascii_lower(url.substr(0, 8)) != "https://" && !is_onion_http(ascii_lower(url))) {
    return std::unexpected(
        fail("bad_address", "the LNURL must point to an https address (or http on .onion)"));
  }
  return url;
}

}  // namespace

std::expected<Bolt11Invoice, LightningError> read_bolt11(std::string_view text) {
  if (text.size() > kMaxLightningChars) {
    return std::unexpected(fail("too_long", "the invoice is too long"));
  }
  auto dec = bech32_decode(text, 0);
  if (!dec) return std::unexpected(from_bech32(dec.error(), "the Lightning invoice"));
  if (dec->encoding != Bech32Encoding::Bech32) {
    return std::unexpected(fail("bad_checksum", "the Lightning invoice checksum does not match"));
  }
  std::string_view hrp = dec->hrp;
  if (hrp.substr(0, 2) != "ln") {
    return std::unexpected(fail("unrecognised", "not a Lightning invoice"));
  }
  Bolt11Invoice inv;
  struct Currency {
    std::string_view prefix, network;
    bool testnet;
  };
  // Longest prefixes first: "bcrt" before "bc", "tbs" before "tb".
  constexpr std::array<Currency, 4> kCurrencies = {{{"bcrt", "regtest", true},
                                                    {"bc", "bitcoin", false},
                                                    {"tbs", "signet", true},
                                                    {"tb", "testnet", true}}};
  std::string_view rest = hrp.substr(2);
  const Currency* cur = nullptr;
  for (const auto& c : kCurrencies) {
    if (rest.substr(0, c.prefix.size()) == c.prefix) {
      cur = &c;
      break;
    }
  }
  if (cur == nullptr) {
    return std::unexpected(fail("wrong_chain", "the Lightning invoice is not for Bitcoin"));
  }
  inv.network = std::string(cur->network);
  inv.testnet = cur->testnet;
  auto amount = amount_msat(rest.substr(cur->prefix.size()));
  if (!amount) return std::unexpected(amount.error());
  inv.amount_msat = *amount;

  const auto& data = dec->data;
  if (data.size() < kTimestampChars + kSignatureChars) {
    return std::unexpected(fail("bad_address", "the Lightning invoice is too short"));
  }
  inv.timestamp = read_number(data, 0, kTimestampChars);
  std::size_t end = data.size() - kSignatureChars;
  for (std::size_t at = kTimestampChars; at < end;) {
    if (at + 3 > end) {
      return std::unexpected(fail("bad_address", "the Lightning invoice has a cut-off field"));
    }
    std::uint8_t type = data[at];
    std::size_t len = static_cast<std::size_t>(read_number(data, at + 1, 2));
    at += 3;
    if (at + len > end) {
      return std::unexpected(fail("bad_address", "the Lightning invoice has a cut-off field"));
    }
    if (type == 1 && len == 52) inv.has_payment_hash = true;
    if (type == 6 && len > 0 && len <= 12) inv.expiry_seconds = read_number(data, at, len);
    if (type == 13) {
      std::vector<std::uint8_t> five(data.begin() + static_cast<std::ptrdiff_t>(at),
                                     data.begin() + static_cast<std::ptrdiff_t>(at + len));
      if (auto bytes = convert_bits(five, 5, 8, false)) {
        inv.description = clean_display_text(std::string(bytes->begin(), bytes->end()));
      }
    }
    at += len;
  }
  if (!inv.has_payment_hash) {
    return std::unexpected(fail("bad_address", "the Lightning invoice has no payment hash"));
  }
  inv.normalised = ascii_lower(text);
  return inv;
}

std::expected<Lnurl, LightningError> read_lnurl_bech32(std::string_view text) {
  if (text.size() > kMaxLightningChars) {
    return std::unexpected(fail("too_long", "the LNURL is too long"));
  }
  auto dec = bech32_decode(text, 0);
  if (!dec) return std::unexpected(from_bech32(dec.error(), "the LNURL"));
  if (dec->hrp != "lnurl" || dec->encoding != Bech32Encoding::Bech32) {
    return std::unexpected(fail("bad_address", "not an LNURL"));
  }
  auto bytes = convert_bits(dec->data, 5, 8, false);
  if (!bytes) return std::unexpected(fail("bad_address", "the LNURL is malformed"));
  auto url = check_lnurl_url(std::string(bytes->begin(), bytes->end()));
  if (!url) return std::unexpected(url.error());
  return Lnurl{ascii_lower(text), std::move(*url)};
}

std::expected<Lnurl, LightningError> read_lnurl_scheme(std::string_view text) {
  if (text.size() > kMaxLightningChars) {
    return std::unexpected(fail("too_long", "the LNURL is too long"));
  }
  auto sep = text.find("://");
  if (sep == std::string_view::npos) return std::unexpected(fail("bad_address", "not an LNURL"));
  std::string scheme = ascii_lower(text.substr(0, sep));
  if (scheme != "lnurlp" && scheme != "lnurlw" && scheme != "lnurlc" && scheme != "keyauth") {
    return std::unexpected(fail("bad_address", "not an LNURL"));
  }
  std::string_view rest = text.substr(sep + 3);
  std::string host(rest.substr(0, rest.find_first_of("/:?#")));
  bool onion = host.size() > 6 && ascii_lower(host.substr(host.size() - 6)) == ".onion";
  auto url = check_lnurl_url((onion ? "http://" : "https://") + std::string(rest));
  if (!url) return std::unexpected(url.error());
  return Lnurl{std::string(text), std::move(*url)};
}

}  // namespace kiosk::flows::wallet
