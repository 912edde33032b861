// Fuzz target: the LCDM driver (each model) fed a script of device bytes, ticks and application
// commands. Properties: no crash; the driver only sends whole command frames and ACK/NAK bytes;
// it never sends a dispense more often than it was asked plus the NAKs it got (so never again
// after an ACK); every request gets at most one DispenseDone; a Complete outcome delivered exactly
// what was asked; an Unknown one claims no counts.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "devices/lcdm/lcdm_driver.hpp"

using namespace kiosk;
using namespace kiosk::devices;
using namespace kiosk::devices::lcdm;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Model model = static_cast<Model>(data[0] % 3);
  LcdmDriverConfig cfg;
  cfg.model = model;
  cfg.tick = Millis{10};
  cfg.ack_timeout = Millis{50};
  cfg.response_timeout = Millis{100};
  cfg.response_resend_wait = Millis{50};
  cfg.purge_timeout = Millis{200};
  cfg.dispense_base_timeout = Millis{200};
  cfg.dispense_per_note = Millis{5};
  cfg.idle_status_interval = Millis{100};
  cfg.probe_interval = Millis{100};
  cfg.progress_items = data[0] & 4;
  cfg.dispense_layout = data[0] & 8 ? DispenseLayout4000::Seven : DispenseLayout4000::Fifteen;
  LcdmDriver driver(cfg);
  const bool k4 = model == Model::Lcdm4000;
  const FrameLayout rx_layout = k4 ? responses4000() : responses2000(cfg.progress_items);
  const std::uint8_t id = k4 ? kId4000 : kId2000;

  LcdmFrameReader tx_reader(k4 ? commands4000(cfg.dispense_layout) : commands2000());
  Instant now{0};
  int accepted = 0, naks_fed = 0, dispenses_sent = 0, answers = 0;
  int tests_accepted = 0, tests_sent = 0, test_answers = 0;  // TEST DISPENSE, the same rules
  auto is_test = [&](std::uint8_t cmd) { return k4 ? cmd == 0x53 : (cmd == 0x76 || cmd == 0x77); };
  auto is_dispense = [&](std::uint8_t cmd) {
    return k4 ? cmd == 0x52 : (cmd == 0x45 || cmd == 0x55 || cmd == 0x56);
  };
  auto take = [&](const DispenserStep& step) {
    for (auto& r : tx_reader.feed(step.tx)) {
      check(r.has_value());
      check(r->kind != LinkItem::Kind::Eot && r->kind != LinkItem::Kind::Progress);
      if (r->kind == LinkItem::Kind::Frame && is_dispense(r->frame.cmd)) ++dispenses_sent;
      if (r->kind == LinkItem::Kind::Frame && is_test(r->frame.cmd)) ++tests_sent;
    }
    check(tx_reader.buffered() == 0);
    for (const auto& e : step.events) {
      if (e.kind == DispenserEvent::Kind::TestDispenseDone) {
        check(e.outcome.has_value());
        for (const auto& c : e.outcome->cassettes) check(c.delivered >= 0 && c.rejected >= 0);
        if (e.outcome->error.rfind("refused: ", 0) != 0) ++test_answers;
        continue;
      }
      if (e.kind != DispenserEvent::Kind::DispenseDone) continue;
      check(e.outcome.has_value());
      const auto& o = *e.outcome;
      if (o.result == DispenseOutcome::Result::Unknown) check(o.cassettes.empty());
      if (o.result == DispenseOutcome::Result::Complete)
        for (const auto& c : o.cassettes) check(c.delivered == c.requested);
      for (const auto& c : o.cassettes) check(c.delivered >= 0 && c.rejected >= 0);
      if (o.error.rfind("refused: ", 0) != 0) ++answers;  // an answer to an accepted request
    }
    check(dispenses_sent <= accepted + naks_fed);
    check(tests_sent <= tests_accepted + naks_fed);
    check(answers <= accepted);
    check(test_answers <= tests_accepted);
  };
  auto feed = [&](const Bytes& b) {
    for (std::uint8_t x : b) naks_fed += x == kNak;
    take(driver.on_bytes(b, now));
  };

  // Bit 4 of the first byte: walk the start-up first, so the script starts from Ready.
  if (data[0] & 16) {
    for (int k = 0; k < 3 && tx_reader.buffered() == 0; ++k) {
      now += Millis{10};
      take(driver.on_tick(now));
    }
    feed(Bytes{kAck});
    if (k4) {
      StatusReply4000 st;
      for (std::size_t c = 0; c < 4; ++c)
        st.cassettes[c].type = static_cast<std::uint8_t>(0x31 + c);
      feed(encode4000_status_reply(st));
    } else {
      feed(encode2000_status_reply({0x30, 0x80, 0x06}));
      feed(Bytes{kAck});
      feed(encode2000_rom_version_reply("T20T5624"));
    }
    check(driver.phase() == LcdmDriver::Phase::Ready);
  }

  std::size_t i = 1;
  auto next = [&]() -> std::uint8_t { return i < size ? data[i++] : 0; };
  while (i < size) {
    const std::uint8_t op = next();
    switch (op % 11) {
      case 0: {  // raw bytes
        const std::size_t n = next() % 32;
        Bytes b;
        for (std::size_t k = 0; k < n && i < size; ++k) b.push_back(next());
        feed(b);
        break;
      }
      case 1: {  // a well-formed response to some command, arbitrary data
        std::uint8_t cmd = next();
        for (int tries = 0; tries < 256 && rx_layout.data_length[cmd] < 0; ++tries) ++cmd;
        const int len = rx_layout.data_length[cmd];
        Bytes d;
        for (int k = 0; k < len; ++k) d.push_back(static_cast<std::uint8_t>(0x20 + next() % 0x30));
        feed(encode_frame(kSoh, id, cmd, d));
        break;
      }
      case 2:
        feed(Bytes{kAck});
        break;
      case 3:
        feed(Bytes{kNak});
        break;
      case 4:
        now += Millis{next()};
        take(driver.on_tick(now));
        break;
      case 5: {
        std::vector<int> n(static_cast<std::size_t>(driver.cassette_count()));
        for (auto& v : n) v = next() % 8;
        const auto step = driver.dispense(n, now);
        bool refused = false;
        for (const auto& e : step.events)
          refused = refused || (e.kind == DispenserEvent::Kind::DispenseDone &&
                                e.outcome->error.rfind("refused: ", 0) == 0);
        if (!refused) ++accepted;
        take(step);
        break;
      }
      case 6:
        take(driver.status(now));
        break;
      case 7:
        take(driver.purge(now));
        break;
      case 8:
        take(driver.last_dispense(now));
        break;
      case 9: {  // a test dispense, sometimes of a cassette the model lacks
        const auto step = driver.test_dispense(static_cast<int>(next() % 6) - 1, now);
        bool refused = false;
        for (const auto& e : step.events)
          refused = refused || (e.kind == DispenserEvent::Kind::TestDispenseDone &&
                                e.outcome->error.rfind("refused: ", 0) == 0);
        if (!refused) ++tests_accepted;
        take(step);
        break;
      }
      default:
        feed(Bytes{kEot});
    }
  }
  (void)driver.diagnostics().to_log_line();
  return 0;
}
