#include "flows/identity/mrz_grammar.hpp"

#include <algorithm>
#include <array>

namespace kiosk::flows::identity {
namespace {

bool char_matches(char c, char p) {
  bool digit = c >= '0' && c <= '9', letter = c >= 'A' && c <= 'Z';
  if (p == 'A') return letter;
  if (p == '9') return digit;
  if (p == 'X') return letter || digit;
  return c == p;
}

// ISO 3166-1 alpha-3 (Debian iso-codes 3166-1, 249 codes) and the codes ICAO 9303 Part 3 adds:
// D (Germany), British nationals (GBD, GBN, GBO, GBP, GBS), the United Nations (UNO, UNA, UNK),
// other organisations (XBA, XIM, XCC, XCE, XCO, XEC, XPO, XES, XMP, XOM, XDC), stateless and
// refugees (XXA, XXB, XXC, XXX), the EU (EUE) and Kosovo (RKS).
constexpr std::array<std::string_view, 275> kCodes = {
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA",
    "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM",
    "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD",
    "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN",
    "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ",
    "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE",
    "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS",
    "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL",
    "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK",
    "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP",
    "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL",
    "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY",
    "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF",
    "ZMB", "ZWE", "D<<", "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XBA", "XIM",
    "XCC", "XCE", "XCO", "XEC", "XPO", "XES", "XMP", "XOM", "XDC", "XXA", "XXB", "XXC", "XXX",
    "EUE", "RKS"};

}  // namespace

bool matches_pattern(std::string_view value, std::string_view pattern) {
  std::size_t start = 0;
  for (;;) {
    auto end = pattern.find('|', start);
    auto alt = pattern.substr(start, end == std::string_view::npos ? pattern.npos : end - start);
    if (alt.size() == value.size() &&
        std::equal(value.begin(), value.end(), alt.begin(), char_matches))
      return true;
    if (end == std::string_view::npos) return false;
    start = end + 1;
  }
}

const MrzRules& default_mrz_rules() {
  static const MrzRules rules = [] {
    MrzRules r;
    r.issuers["KAZ"] = IssuerRules{"A99999999", "999999999", "999999999999|", true};
    return r;
  }();
  return rules;
}

bool icao_code_known(std::string_view code, bool accept_specimen) {
  if (accept_specimen && code == "UTO") return true;
  return std::find(kCodes.begin(), kCodes.end(), code) != kCodes.end();
}

std::vector<CharClass> pattern_classes(std::string_view pattern, int width) {
  std::vector<CharClass> out;
  std::string_view longest;
  std::size_t alternatives = 0, start = 0;
  for (;;) {
    auto end = pattern.find('|', start);
    auto alt = pattern.substr(start, end == std::string_view::npos ? pattern.npos : end - start);
    if (!alt.empty()) {
      ++alternatives;
      longest = alt;
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (alternatives != 1 || static_cast<int>(longest.size()) > width) return out;
  const bool optional = pattern.find('|') != std::string_view::npos;  // "...|": may be empty
  for (int i = 0; i < width; ++i) {
    if (i >= static_cast<int>(longest.size())) {
      out.push_back(CharClass::Alpha);  // fillers past the number ('<' is in Alpha)
      continue;
    }
    char p = longest[static_cast<std::size_t>(i)];
    if (p == '9')
      out.push_back(optional ? CharClass::DigitOrFiller : CharClass::Digit);
    else if (p == 'A')
      out.push_back(CharClass::Alpha);
    else
      out.push_back(CharClass::AlphaNum);
  }
  return out;
}

}  // namespace kiosk::flows::identity
