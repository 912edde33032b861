// The receipt model: what a receipt says, independent of the printer that prints it.
// Flows build it; a printer driver (devices/escpos) renders it into its own bytes.
#pragma once

#include <string>
#include <vector>

namespace kiosk::flows {

struct ReceiptLine {
  enum class Style { Normal, Bold, Title, Small };
  std::string label;  // left part ("Amount"), may be empty
  std::string value;  // right part ("20 000 KZT") or the whole text when label is empty
  Style style = Style::Normal;
};

struct Receipt {
  std::string lang = "en";                 // the customer's language: the shell's words follow it
  std::string operator_name;               // e.g. "Example Crypto Ltd (AIFC)"
  std::vector<std::string> operator_info;  // licence, address, phone
  std::string title;                       // "CASH-IN RECEIPT"
  std::vector<ReceiptLine> lines;          // the body, in order
  std::string qr_payload;                  // printed as a QR code when non-empty
  std::vector<std::string> footer;         // notices ("Crypto will be sent when ...")
};

}  // namespace kiosk::flows
