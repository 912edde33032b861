// Who the customer is, for limits and the blocked list. Limits are kept per person under one key:
//   residents of Kazakhstan  -> "iin:<12 digits>"
//   foreign passport holders -> "doc:<issuing state>:<document number>" (e.g. "doc:RUS:753912345")
//   a configured anonymous tier (not the Kazakhstan default) -> "anon:<session tx id>"
// Names are compared in the MRZ form: upper case A-Z, one space between names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kiosk::flows::compliance {

struct CustomerIdentity {
  enum class Kind { Anonymous, Resident, Foreign };
  Kind kind = Kind::Anonymous;
  std::string key;         // see above; never logged in full (mask_identity_key)
  std::string name;        // "IVANOV IVAN" (MRZ primary + secondary identifier)
  std::string birth_date;  // "YYYY-MM-DD", "" for anonymous
  bool operator==(const CustomerIdentity&) const = default;
};

// Resident by IIN (12 digits; the caller has validated the check digit), foreign by document.
CustomerIdentity resident(std::string_view iin, std::string_view name, std::string_view birth_date);
CustomerIdentity foreign(std::string_view issuing_state, std::string_view document_number,
                         std::string_view name, std::string_view birth_date);
CustomerIdentity anonymous(std::string_view session_tx);

// "IVANOV  IVAN<<PETROVICH" / "Ivanov, Ivan" -> "IVANOV IVAN PETROVICH": letters A-Z and
// Cyrillic upper-cased (ASCII only for Latin), fillers, commas and runs of spaces collapse to one.
std::string normalize_name(std::string_view name);

// For logs: "iin:9001****0001" -> keeps the kind, the first 4 and the last 4 characters.
std::string mask_identity_key(std::string_view key);

}  // namespace kiosk::flows::compliance
