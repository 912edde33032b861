// Fuzzes the receipt layout with arbitrary text (any bytes, so broken UTF-8 too): the input is cut
// at NUL bytes into the receipt's strings. Renders it, prints it on the simulator, and checks that
// nothing is wider than the paper, no command leaks from the text, and the QR payload is exact.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "devices/escpos/escpos_encoder.hpp"
#include "sim/escpos/escpos_interpreter.hpp"

using namespace kiosk;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> parts(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      parts.emplace_back();
    } else {
      parts.back().push_back(static_cast<char>(data[i]));
    }
  }
  parts.resize(std::max<std::size_t>(parts.size(), 6));
  flows::Receipt r;
  r.operator_name = parts[0];
  r.title = parts[1];
  r.lines = {{parts[2], parts[3], flows::ReceiptLine::Style::Normal},
             {"", parts[4], flows::ReceiptLine::Style::Title},
             {parts[3], parts[2], flows::ReceiptLine::Style::Bold}};
  r.qr_payload = parts[5];
  for (std::size_t i = 6; i < parts.size(); ++i) r.footer.push_back(parts[i]);

  devices::EscPosProfile profile;
  profile.columns = 12 + static_cast<int>(size % 30);
  profile.kazakh =
      (size % 2) ? devices::KazakhLetters::CustomB0 : devices::KazakhLetters::Transliterate;
  sim::EscPosSimConfig config;
  config.columns = profile.columns;
  config.kazakh = profile.kazakh;
  sim::EscPosInterpreter printer(config);
  require(printer.feed(devices::render_receipt(r, profile)).empty());  // no DLE EOT from text
  require(printer.unknown_commands() == 0);
  const auto receipts = printer.receipts();
  require(receipts.size() == 1 && receipts[0].cut);
  for (const auto& line : receipts[0].styled) require(!line.wrapped);
  if (!r.qr_payload.empty()) {
    require(receipts[0].qr_payloads.size() == 1);
    require(receipts[0].qr_payloads[0] == r.qr_payload);
  }
  return 0;
}
