// Fuzz target: the ID003 driver fed a script of device bytes, ticks and application commands.
// Properties: no crash; whatever arrives, the driver only sends well-formed ID003 frames; it never
// reports more Stacked credits than CRC-valid VEND VALID or STACKED frames it was given.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "devices/id003/id003_driver.hpp"

using namespace kiosk;
using namespace kiosk::devices;
using namespace kiosk::devices::id003;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

// CRC-valid frames whose status is VEND VALID or STACKED (the only statuses that credit).
std::size_t credit_frames_in(const Bytes& s) {
  std::size_t n = 0;
  for (std::size_t p = 0; p + 5 <= s.size(); ++p) {
    if (s[p] != kSync || (s[p + 2] != status::VendValid && s[p + 2] != status::Stacked)) continue;
    const std::size_t lng = s[p + 1];
    if (lng < 5 || p + lng > s.size()) continue;
    const ByteView f(s.data() + p, lng);
    const std::uint16_t crc = static_cast<std::uint16_t>(f[lng - 2] | f[lng - 1] << 8);
    if (crc16_kermit(f.first(lng - 2)) == crc) ++n;
  }
  return n;
}

Bytes kzt_table() {
  std::vector<CurrencyEntry> e;
  const std::int64_t v[] = {200, 500, 1000, 2000, 5000, 10000, 20000, 1000, 5000};
  for (std::uint8_t i = 0; i < 9; ++i)
    e.push_back(
        *currency_entry(static_cast<std::uint8_t>(0x61 + i), kCountryKzt, flows::Kzt{v[i]}));
  return encode_currency_assign(e);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Id003DriverConfig cfg;
  cfg.tick = Millis{10};
  cfg.poll_interval = Millis{20};
  cfg.response_timeout = Millis{50};
  cfg.ack_power_up = size > 1 && (data[1] & 1);
  Id003Driver driver(cfg);
  Instant now{0};
  Bytes fed;
  std::size_t stacked = 0;
  const std::vector<flows::Kzt> kzt{flows::Kzt{200},  flows::Kzt{500},  flows::Kzt{1000},
                                    flows::Kzt{2000}, flows::Kzt{5000}, flows::Kzt{10000},
                                    flows::Kzt{20000}};
  Id003FrameReader tx_reader;
  Bytes last_tx;
  auto take = [&](const ValidatorStep& step) {
    for (auto& r : tx_reader.feed(step.tx)) check(r.has_value());  // only whole, valid frames
    check(tx_reader.buffered() == 0);
    if (!step.tx.empty()) last_tx = step.tx;
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
    const Bytes power_up = encode_frame(status::PowerUp);
    tick_until_tx();
    feed(power_up);
    for (int k = 0; k < 8 && driver.phase() != Id003Driver::Phase::Operating; ++k) {
      tick_until_tx();
      // Answer what was asked: ACK an operation, echo a setting, answer a query, else DISABLE.
      Id003FrameReader r;
      auto frames = r.feed(last_tx);
      if (frames.empty() || !frames.back()) break;
      const std::uint8_t cmd = frames.back()->cmd;
      if (cmd == static_cast<std::uint8_t>(Command::Reset))
        feed(encode_frame(status::Ack));
      else if (cmd >= 0xC0 && cmd <= 0xC4)
        feed(last_tx);
      else if (cmd == static_cast<std::uint8_t>(Command::GetVersion))
        feed(encode_frame(cmd, Bytes{'F', 'U', 'Z', 'Z'}));
      else if (cmd == static_cast<std::uint8_t>(Command::GetCurrencyAssign))
        feed(encode_frame(cmd, kzt_table()));
      else
        feed(encode_frame(status::Disabled));
    }
    check(driver.phase() == Id003Driver::Phase::Operating);
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
      case 1: {  // a well-formed frame with an arbitrary command and data
        const std::uint8_t cmd = next();
        const std::size_t n = next() % 70;
        Bytes d;
        for (std::size_t k = 0; k < n && i < size; ++k) d.push_back(next());
        feed(encode_frame(cmd, d));
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
      default: {  // a plausible status, an echo, a table or an ACK
        static const std::uint8_t codes[] = {0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
                                             0x19, 0x1A, 0x1B, 0x40, 0x41, 0x42, 0x43, 0x44,
                                             0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x50};
        const std::uint8_t c = codes[next() % sizeof codes];
        const std::uint8_t d = static_cast<std::uint8_t>(0x5F + next() % 24);
        const std::uint8_t sel = next() % 8;
        if (sel == 0)
          feed(encode_frame(0x8A, kzt_table()));
        else if (sel == 1)
          feed(last_tx);  // an echo of whatever was sent last
        else if (c == 0x13 || c == 0x17 || c == 0x49 || (c == 0x15 && sel == 2))
          feed(encode_frame(c, Bytes{d}));
        else
          feed(encode_frame(c));
      }
    }
    check(stacked <= credit_frames_in(fed));
  }
  (void)driver.diagnostics().to_log_line();
  return 0;
}
