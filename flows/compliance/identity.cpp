#include "flows/compliance/identity.hpp"

#include <cctype>

namespace kiosk::flows::compliance {

CustomerIdentity resident(std::string_view iin, std::string_view name,
                          std::string_view birth_date) {
  return {CustomerIdentity::Kind::Resident, "iin:" + std::string(iin), normalize_name(name),
          std::string(birth_date)};
}

CustomerIdentity foreign(std::string_view issuing_state, std::string_view document_number,
                         std::string_view name, std::string_view birth_date) {
  return {CustomerIdentity::Kind::Foreign,
          "doc:" + std::string(issuing_state) + ":" + std::string(document_number),
          normalize_name(name), std::string(birth_date)};
}

CustomerIdentity anonymous(std::string_view session_tx) {
  return {CustomerIdentity::Kind::Anonymous, "anon:" + std::string(session_tx), "", ""};
}

std::string normalize_name(std::string_view name) {
  std::string out;
  bool gap = false;
  for (unsigned char c : name) {
    bool letter = std::isalpha(c) || c >= 0x80;  // UTF-8 bytes of Cyrillic names pass through
    if (!letter) {
      gap = !out.empty();
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    out += static_cast<char>(c < 0x80 ? std::toupper(c) : c);
  }
  return out;
}

std::string mask_identity_key(std::string_view key) {
  auto colon = key.rfind(':');
  std::string_view kind = colon == std::string_view::npos ? "" : key.substr(0, colon + 1);
  std::string_view id = colon == std::string_view::npos ? key : key.substr(colon + 1);
  if (id.size() <= 8) return std::string(kind) + std::string(id.size(), '*');
  return std::string(kind) + std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') +
         std::string(id.substr(id.size() - 4));
}

}  // namespace kiosk::flows::compliance
