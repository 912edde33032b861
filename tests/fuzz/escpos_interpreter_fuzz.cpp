// Fuzzes the printer simulator's ESC/POS interpreter with arbitrary host bytes, fed whole and in
// chunks whose sizes come from the input. Checks: no crash, no unbounded growth, the same output
// for any split, no line wider than the paper at its character width.
#include <cstdint>
#include <cstdlib>

#include "sim/escpos/escpos_interpreter.hpp"
#include "sim/escpos/escpos_printer_sim.hpp"

using namespace kiosk::sim;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const kiosk::devices::ByteView input(data, size);
  EscPosSimConfig config;
  config.columns = 16;
  config.kazakh = (size % 2) ? kiosk::devices::KazakhLetters::CustomB0
                             : kiosk::devices::KazakhLetters::Transliterate;
  EscPosInterpreter whole(config), split(config);
  const auto queries = whole.feed(input);
  std::size_t split_queries = 0;
  std::size_t at = 0, step = 0;
  while (at < size) {
    const std::size_t chunk = 1 + (data[step++ % size] % 7);
    const std::size_t n = std::min(chunk, size - at);
    split_queries += split.feed(input.subspan(at, n)).size();
    at += n;
  }
  require(queries.size() == split_queries);
  const auto a = whole.receipts(), b = split.receipts();
  require(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    require(a[i].lines == b[i].lines);
    require(a[i].qr_payloads == b[i].qr_payloads);
    require(a[i].cut == b[i].cut);
    require(a[i].lines.size() == a[i].styled.size());
    for (const auto& line : a[i].styled) {
      std::size_t chars = 0;
      for (char c : line.text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      // One character wider than the paper still prints, alone on its line.
      require(line.columns <= 16 || chars == 1);
      require(static_cast<std::size_t>(line.columns) >= chars);
    }
  }

  // The device end: answers are one byte per known request, with the fixed bits.
  EscPosPrinterSim sim(config);
  const auto answer = sim.on_host_bytes(input, {});
  require(answer.size() <= sim.status_requests());
  for (std::uint8_t byte : answer) require((byte & 0x93) == 0x12);
  return 0;
}
