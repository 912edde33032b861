// Fuzz target: the SSP driver against a scripted device whose answers come from the input. The
// harness does the device's side of the key exchange and eSSP, so the script reaches the driver's
// device logic; it also injects raw bytes, replays, ticks and application commands.
// Properties: no crash; the driver only sends whole, valid SSP packets; it never reports more
// Stacked credits than NOTE CREDIT events the device really sent: an encrypted replay never
// credits again.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <vector>

#include "devices/ssp/ssp_driver.hpp"

using namespace kiosk;
using namespace kiosk::devices;
using namespace kiosk::devices::ssp;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

struct Device {
  std::optional<EsspSession> session;
  std::uint64_t g = 0, m = 0;
  std::optional<Packet> last;  // the last host command
  Bytes last_plain;
  std::size_t credits_sent = 0;

  void saw(const Bytes& tx) {
    SspFrameReader r;
    for (auto& p : r.feed(tx)) {
      check(p.has_value());
      last = *p;
      last_plain = p->data;
      if (!p->data.empty() && p->data[0] == kStex) {
        if (!session) continue;
        auto plain = session->open(p->data);
        if (plain) last_plain = *plain;
        continue;
      }
      if (p->data.size() == 9 && p->data[0] == 0x4A) g = read_le64(ByteView(p->data).subspan(1));
      if (p->data.size() == 9 && p->data[0] == 0x4B) m = read_le64(ByteView(p->data).subspan(1));
    }
    check(r.buffered() == 0);
  }
  // The wire answer to the last command with `plain` as its DATA.
  Bytes answer(const Bytes& plain) {
    if (!last) return {};
    Bytes data = plain;
    if (!last->data.empty() && last->data[0] == 0x4C && last->data.size() == 9 && m > 2) {
      const std::uint64_t host_inter = read_le64(ByteView(last->data).subspan(1));
      data = {0xF0};
      const Bytes si = le64(mod_pow(g, 7, m));
      data.insert(data.end(), si.begin(), si.end());
      session.emplace(Role::Device, CountRule::PerExchange,
                      make_aes_key(kDefaultFixedKey, mod_pow(host_inter, 7, m)));
    } else if (session && !last->data.empty() && last->data[0] == kStex) {
      data = session->seal(plain, {});
      if (data.empty()) return {};
    }
    if (!plain.empty() && plain[0] == 0xF0) {
      auto p = parse_poll_reply(plain);
      if (p)
        for (const auto& e : p->events) credits_sent += e.code == event::Credit;
    }
    return encode_packet(0, last->seq, data);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  SspDriverConfig cfg;
  cfg.tick = Millis{10};
  cfg.poll_interval = Millis{20};
  cfg.response_timeout = Millis{50};
  cfg.hold_interval = Millis{40};
  cfg.random_seed = 1;
  cfg.prime_bits = 20 + (size > 0 ? data[0] % 40 : 0);
  cfg.encrypt = size == 0 || (data[0] & 0x80) == 0;
  SspDriver driver(cfg);
  Device dev;
  Instant now{0};
  std::size_t stacked = 0;
  Bytes last_answer;
  const std::vector<flows::Kzt> kzt{flows::Kzt{500},  flows::Kzt{1000},  flows::Kzt{2000},
                                    flows::Kzt{5000}, flows::Kzt{10000}, flows::Kzt{20000}};
  auto take = [&](const ValidatorStep& step) {
    dev.saw(step.tx);
    for (const auto& e : step.events) {
      if (e.kind == ValidatorEvent::Kind::Stacked) ++stacked;
      check(e.amount.value >= 0);
    }
  };
  // Plain packets carry no replay protection: count every NOTE CREDIT in them as possible.
  SspFrameReader stream;
  std::size_t plain_credits = 0;
  auto feed = [&](const Bytes& b) {
    for (auto& p : stream.feed(b))
      if (p && !p->data.empty() && p->data[0] == 0xF0)
        if (auto poll = parse_poll_reply(p->data))
          for (const auto& e : poll->events) plain_credits += e.code == event::Credit;
    take(driver.on_bytes(b, now));
  };

  std::size_t i = 1;
  auto next = [&]() -> std::uint8_t { return i < size ? data[i++] : 0; };
  take(driver.on_tick(now));
  while (i < size) {
    const std::uint8_t op = next();
    switch (op % 10) {
      case 0: {  // raw bytes
        const std::size_t n = next() % 40;
        Bytes b;
        for (std::size_t k = 0; k < n && i < size; ++k) b.push_back(next());
        feed(b);
        break;
      }
      case 1: {  // an arbitrary answer DATA, sealed when the command was
        const std::size_t n = 1 + next() % 60;
        Bytes plain;
        for (std::size_t k = 0; k < n && i < size; ++k) plain.push_back(next());
        if (plain.empty()) plain.push_back(0xF0);
        last_answer = dev.answer(plain);
        feed(last_answer);
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
        take(driver.stack(now));
        break;
      case 5:
        take(driver.return_note(now));
        break;
      case 6:  // a replay of the previous answer
        feed(last_answer);
        break;
      case 7: {  // the right answer for a well-behaved unit
        Bytes plain{0xF0};
        if (!dev.last_plain.empty() && dev.last_plain[0] == 0x05) {
          plain = encode_setup_reply({500, 1000, 2000, 5000, 10000, 20000, 1000}, "KZT", "0400", 7);
        } else if (!dev.last_plain.empty() && dev.last_plain[0] == 0x17) {
          plain = {0xF0, static_cast<std::uint8_t>(next() % 0x20)};
        }
        last_answer = dev.answer(plain);
        feed(last_answer);
        break;
      }
      default: {  // a poll answer made of plausible events
        static const std::uint8_t codes[] = {0xF1, 0xEF, 0xEE, 0xED, 0xEC, 0xCC, 0xEB, 0xEA, 0xE9,
                                             0xE8, 0xE7, 0xE6, 0xE1, 0xE2, 0xE3, 0xE4, 0xE0, 0xB5};
        Bytes plain{0xF0};
        const std::size_t n = next() % 4;
        for (std::size_t k = 0; k < n; ++k) {
          const std::uint8_t c = codes[next() % sizeof codes];
          plain.push_back(c);
          if (event_data_size(c).value_or(0) == 1) plain.push_back(next() % 9);
        }
        last_answer = dev.answer(plain);
        feed(last_answer);
      }
    }
    check(stacked <= dev.credits_sent + plain_credits);
  }
  (void)driver.diagnostics().to_log_line();
  return 0;
}
