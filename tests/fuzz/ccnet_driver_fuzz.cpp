// Fuzz target: the CCNET driver fed a script of device bytes, ticks and application commands.
// Properties: no crash; whatever arrives, the driver only sends well-formed CCNET frames; it never
// reports more Stacked credits than CRC-valid BILL STACKED frames it was given.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "devices/ccnet/ccnet_driver.hpp"

using namespace kiosk;
using namespace kiosk::devices;
using namespace kiosk::devices::ccnet;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

// CRC-valid frames from the validator address whose payload starts with BILL STACKED.
std::size_t stacked_frames_in(const Bytes& s) {
  std::size_t n = 0;
  for (std::size_t p = 0; p + 7 <= s.size(); ++p) {
    if (s[p] != kSync || s[p + 1] != kBillValidatorAddress || s[p + 3] != status::BillStacked)
      continue;
    const std::size_t lng = s[p + 2];
    if (lng < 7 || p + lng > s.size()) continue;
    const ByteView f(s.data() + p, lng);
    const std::uint16_t crc = static_cast<std::uint16_t>(f[lng - 2] | f[lng - 1] << 8);
    if (crc16_kermit(f.first(lng - 2)) == crc) ++n;
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  CcnetDriverConfig cfg;
  cfg.tick = Millis{10};
  cfg.poll_interval = Millis{20};
  cfg.response_timeout = Millis{50};
  CcnetDriver driver(cfg);
  Instant now{0};
  Bytes fed;
  std::size_t stacked = 0;
  const std::vector<flows::Kzt> kzt{flows::Kzt{200},  flows::Kzt{500},  flows::Kzt{1000},
                                    flows::Kzt{2000}, flows::Kzt{5000}, flows::Kzt{10000},
                                    flows::Kzt{20000}};
  CcnetFrameReader tx_reader;
  auto take = [&](const ValidatorStep& step) {
    for (auto& r : tx_reader.feed(step.tx)) check(r.has_value());  // only whole, valid frames
    check(tx_reader.buffered() == 0);
    for (const auto& e : step.events) {
      if (e.kind == ValidatorEvent::Kind::Stacked) ++stacked;
      check(e.amount.value >= 0);
    }
  };
  auto feed = [&](const Bytes& b) {
    fed.insert(fed.end(), b.begin(), b.end());
    take(driver.on_bytes(b, now));
  };

  // Odd first byte: walk the power-up sequence first, so the script starts from Operating.
  if (size > 0 && (data[0] & 1)) {
    auto tick_until_tx = [&] {
      for (int k = 0; k < 50; ++k) {
        now += Millis{10};
        ValidatorStep step = driver.on_tick(now);
        take(step);
        if (!step.tx.empty()) return;
      }
    };
    const Bytes replies[] = {
        Bytes{status::PowerUp},        Bytes{kAck},
        Bytes{status::UnitDisabled},   encode_identification({"SM-KZ1702", "FUZZ00000001", ""}),
        encode_bill_table(kzt, "KAZ"), Bytes{kAck}};
    for (const Bytes& r : replies) {
      tick_until_tx();
      feed(encode_frame(kBillValidatorAddress, r));
    }
    check(driver.phase() == CcnetDriver::Phase::Operating);
  }

  std::size_t i = size > 0 ? 1 : 0;
  auto next = [&]() -> std::uint8_t { return i < size ? data[i++] : 0; };
  while (i < size) {
    const std::uint8_t op = next();
    switch (op % 8) {
      case 0: {  // raw bytes
        const std::size_t n = next() % 40;
        Bytes b;
        for (std::size_t k = 0; k < n && i < size; ++k) b.push_back(next());
        feed(b);
        break;
      }
      case 1: {  // a well-formed frame with an arbitrary payload
        const std::size_t n = 1 + next() % 130;
        Bytes payload;
        for (std::size_t k = 0; k < n && i < size; ++k) payload.push_back(next());
        if (payload.empty()) payload.push_back(0);
        feed(encode_frame(kBillValidatorAddress, payload));
        break;
      }
      case 2:
        now += Millis{next()};
        take(driver.on_tick(now));
        break;
      case 3: {
        const std::uint8_t bits = next();
        std::vector<flows::Kzt> want;
        for (std::size_t k = 0; k < kzt.size(); ++k)
          if (bits >> k & 1) want.push_back(kzt[k]);
        take(driver.enable(want, now));
        break;
      }
      case 4:
        take(driver.disable(now));
        break;
      case 5:
        take(driver.stack(now));
        break;
      case 6:
        take(driver.return_note(now));
        break;
      default: {  // a plausible status, or a bill table, or an ACK
        static const std::uint8_t codes[] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x17,
                                             0x19, 0x1C, 0x41, 0x42, 0x43, 0x47, 0x80,
                                             0x81, 0x82, 0x00, 0xFF, 0x30};
        const std::uint8_t c = codes[next() % sizeof codes];
        const std::uint8_t d = next() % 26;
        if (d == 25) {
          feed(encode_frame(kBillValidatorAddress, encode_bill_table(kzt, "KAZ")));
        } else {
          const std::uint8_t p[] = {c, d};
          feed(encode_frame(kBillValidatorAddress, ByteView(p, status_has_data(c) ? 2 : 1)));
        }
      }
    }
    check(stacked <= stacked_frames_in(fed));
  }
  (void)driver.diagnostics().to_log_line();
  return 0;
}
