// Fuzzes the DLE EOT answer decoder: input is pairs (n, answer) folded into one status round.
// Checks: no crash; an accepted answer had the fixed bits and a request 1..4; a rejected one
// leaves the status as it was; problems only accumulate.
#include <cstdint>
#include <cstdlib>

#include "devices/escpos/escpos_status.hpp"

using kiosk::devices::PrinterStatus;
using kiosk::devices::escpos::apply_status_answer;
using kiosk::devices::escpos::has_status_fixed_bits;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

int problems(const PrinterStatus& s) {
  return !s.online + s.cover_open + s.paper_near_end + s.paper_out + s.error;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  PrinterStatus status;
  for (std::size_t i = 0; i + 1 < size; i += 2) {
    const std::uint8_t n = data[i], answer = data[i + 1];
    auto next = apply_status_answer(status, n, answer);
    if (!next) {
      require(n < 1 || n > 4 || !has_status_fixed_bits(answer));
      require(!next.error().what.empty());
      continue;
    }
    require(n >= 1 && n <= 4 && has_status_fixed_bits(answer));
    require(problems(*next) >= problems(status));
    if (answer == 0x12) require(problems(*next) == problems(status));
    status = *next;
    require(!status.describe().empty());
    require((status.describe() == "ok") == (problems(status) == 0));
  }
  return 0;
}
