// The "compliance" section: whether and how customers are identified before cash moves, the
// limits in KZT, and where the keys for personal data are. Defaults are the Kazakhstan
// deployment (flows/compliance/compliance_policy.hpp). Absent section: no identification — the
// kiosk says so in its start-up log, since a Kazakhstan deployment must have it.
#pragma once

#include <string>

#include "kiosk/config/json_reader.hpp"

namespace kiosk::app {

struct KioskConfig;

struct ComplianceConfig {
  bool identify_customers = false;
  int utc_offset_minutes = 300;    // local day and month for the limits (Kazakhstan: UTC+5)
  std::string pseudonym_key_file;  // HMAC key naming a person in the journal (shared by kiosks)
  std::string seal_key_file;       // AES-256-GCM key for document and face images at rest
  int image_retention_days = 30;   // deleted earlier when the exchange acknowledges them
  int blocked_list_refresh_s = 300;
  int usage_timeout_ms = 3000;  // then only this kiosk's own records count (and offline cap)
  std::string face_cascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
  int document_frames = 3;  // readings combined before a document is accepted
};

// Fills c.compliance and, when customers are identified, c.cash_in.kyc and c.cash_out.kyc.
void read_compliance(JsonObjectReader& root, KioskConfig& c, ConfigProblems& p);

}  // namespace kiosk::app
