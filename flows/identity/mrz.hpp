// ICAO 9303 MRZ parsing and checks for TD1 (ID-1 cards, 3 x 30), TD2 (2 x 36) and TD3
// (passports, 2 x 44), with the Kazakh ID card's IIN (reference wallet-id-kz.md §2). Pure: the
// date two-digit years are resolved against `today`, passed in.
//
// A record is returned whenever the lines have a known shape and only MRZ characters; every
// check (check digits, composite, dates, sex, IIN) is listed in `checks` with its outcome, and
// `all_passed()` is what a kiosk accepts.
#pragma once

#include <chrono>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flows/identity/mrz_grammar.hpp"
#include "flows/identity/mrz_layout.hpp"

namespace kiosk::flows::identity {

struct MrzCheck {
  std::string name;
  bool passed = false;
};

struct MrzRecord {
  MrzFormat format = MrzFormat::TD1;
  std::vector<std::string> lines;
  std::string document_code;    // 2 chars as printed: "ID", "I<", "P<"
  std::string issuing_state;    // 3 chars as printed ("KAZ", "D<<")
  std::string document_number;  // fillers removed; a TD1 number over 9 chars is joined
  std::string optional_data;    // TD1 line 1 / TD2, TD3 personal number; trailing '<' removed
  std::string optional_data_2;  // TD1 line 2; trailing '<' removed
  std::string nationality;      // 3 chars as printed
  std::string birth_date_raw;   // YYMMDD as printed
  std::string expiry_date_raw;
  std::optional<std::chrono::year_month_day> birth_date;  // century resolved; nullopt if invalid
  std::optional<std::chrono::year_month_day> expiry_date;
  char sex = '<';                    // 'M', 'F', 'X' or '<'
  std::string primary_identifier;    // surname, fillers as spaces
  std::string secondary_identifier;  // given names separated by spaces
  std::optional<std::string> iin;    // Kazakh documents: the 12 digits found in the optional data
  std::vector<MrzCheck> checks;

  bool all_passed() const;
  // nullptr when the check does not apply to this document.
  const MrzCheck* check(std::string_view name) const;
};

struct MrzError {
  std::string code;  // "bad_shape", "bad_character"
  std::string message;
};

std::expected<MrzRecord, MrzError> parse_mrz(std::span<const std::string> lines,
                                             std::chrono::year_month_day today);
// The same with other issuer rules (default_mrz_rules() above): the grammar checks
// numeric_fields_digits, codes_letters, name_letters, issuing_state_known, nationality_known,
// document_number_grammar, and with the issuer's rules document_number_pattern and
// personal_number_pattern, come before any check digit is trusted.
std::expected<MrzRecord, MrzError> parse_mrz(std::span<const std::string> lines,
                                             std::chrono::year_month_day today,
                                             const MrzRules& rules);
// Lines separated by newlines; surrounding whitespace and empty lines ignored.
std::expected<MrzRecord, MrzError> parse_mrz_text(std::string_view text,
                                                  std::chrono::year_month_day today);

// Two-digit year resolution. Birth: the latest century that puts the date on or before `today`.
// Expiry: the century that puts the year within [today - 50, today + 49].
std::optional<std::chrono::year_month_day> resolve_birth_date(std::string_view yymmdd,
                                                              std::chrono::year_month_day today);
std::optional<std::chrono::year_month_day> resolve_expiry_date(std::string_view yymmdd,
                                                               std::chrono::year_month_day today);

// The fields of a document, for composing its MRZ (simulator, tests).
struct MrzFields {
  MrzFormat format = MrzFormat::TD1;
  std::string document_code = "I<";
  std::string issuing_state;
  std::string document_number;
  std::string optional_data;    // TD1 line 1 / TD2, TD3 personal number
  std::string optional_data_2;  // TD1 line 2
  std::string nationality;
  std::string birth_date;  // YYMMDD
  char sex = '<';
  std::string expiry_date;           // YYMMDD
  std::string primary_identifier;    // spaces become '<'
  std::string secondary_identifier;  // spaces become '<'
};

// The MRZ lines with every check digit computed; names are truncated to fit. An error when a
// field holds characters outside the MRZ set (after spaces become '<') or does not fit.
std::expected<std::vector<std::string>, MrzError> compose_mrz(const MrzFields& fields);

}  // namespace kiosk::flows::identity
