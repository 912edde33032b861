#include "flows/compliance/document_identity.hpp"

#include <cstdio>

namespace kiosk::flows::compliance {
namespace {

bool failed(const identity::MrzRecord& r, std::string_view name) {
  const identity::MrzCheck* c = r.check(name);
  return c && !c->passed;
}

bool any_failed(const identity::MrzRecord& r, std::string_view prefix) {
  for (const auto& c : r.checks)
    if (!c.passed && std::string_view(c.name).starts_with(prefix)) return true;
  return false;
}

}  // namespace

std::string iso_date(const std::optional<std::chrono::year_month_day>& d) {
  if (!d) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d->year()),
                static_cast<unsigned>(d->month()), static_cast<unsigned>(d->day()));
  return buf;
}

std::expected<CustomerIdentity, std::string> identity_from_document(const identity::MrzRecord& r) {
  if (failed(r, "not_expired")) return std::unexpected("document_expired");
  if (any_failed(r, "iin_")) return std::unexpected("iin_invalid");
  for (const char* check : {"document_number_check", "birth_date_check", "expiry_date_check",
                            "optional_data_check", "composite_check"})
    if (failed(r, check)) return std::unexpected("document_unreadable");
  if (!r.all_passed()) return std::unexpected("document_not_accepted");
  std::string name = r.primary_identifier + " " + r.secondary_identifier;
  std::string birth = iso_date(r.birth_date);
  if (r.issuing_state == "KAZ") {
    if (!r.iin) return std::unexpected("iin_missing");
    return resident(*r.iin, name, birth);
  }
  return foreign(r.issuing_state, r.document_number, name, birth);
}

}  // namespace kiosk::flows::compliance
