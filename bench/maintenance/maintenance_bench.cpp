// bench-maintenance: (1) verifying an operator command (parse, canonical form, Ed25519 signature,
// kiosk, expiry and replay checks: verify_command_text) beside a bare Ed25519 verify of the same
// signed bytes with the same key object, interleaved in the same run: median and p99 of each and
// the ratio of medians (goal < 1.5); (2) the time from a command enqueued at the exchange
// simulator to its result delivered there (kiosk poll at a 1 s interval, verify, journal, outbox,
// POST result), over commands enqueued at random phases of the poll: median and p99 (goal < 1.2 s);
// (3) `heartbeat_bytes`: the size of the POST /v1/heartbeat body the sim kiosk sends (the sim
// config's kiosk in service, its four cassettes and devices, built by the kiosk's own
// ObservabilityShell from a fresh journal).
// Usage: bench-maintenance [--verify N] [--latency N]
// Last line: one JSON object.
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/maintenance/command_poller.hpp"
#include "kiosk/observe/observability_shell.hpp"
#include "kiosk/shell/cassette_ledger.hpp"
#include "offline_queue/base64.hpp"
#include "offline_queue/exchange_client.hpp"
#include "offline_queue/operator_command.hpp"
#include "offline_queue/outbox_pump.hpp"
#include "offline_queue/store.hpp"
#include "sim/exchange/exchange_sim.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

double us_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto idx = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(idx, v.size() - 1)];
}

std::int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Json verify_figures(int n, const kiosk::oq::Ed25519PrivateKey& key) {
  using namespace kiosk::oq;
  const auto pub = key.public_key();
  OperatorCommand c{"cmd-bench-1",
                    "sim-ast-001",
                    42,
                    now_s(),
                    now_s() + 3600,
                    "refill",
                    Json{{"cassettes", Json::array({Json{{"kzt", 20000}, {"count", 50}},
                                                    Json{{"kzt", 10000}, {"count", 100}},
                                                    Json{{"kzt", 5000}, {"count", 100}},
                                                    Json{{"kzt", 2000}, {"count", 100}}})}}};
  const Json env = sign_command(c, key);
  const std::string text = env.dump();
  const std::string bytes = *command_signing_bytes(env);
  const std::string sig = *base64_decode(env["signature"].get<std::string>());
  VerifyContext ctx{&pub, "sim-ast-001", 41, now_s(), 300};
  std::vector<double> full, bare;
  int failures = 0;
  for (int i = 0; i < n + 50; ++i) {  // the first 50 of each warm up
    auto t0 = Clock::now();
    bool ok = verify_command_text(text, ctx).ok();
    double a = us_since(t0);
    t0 = Clock::now();
    bool ok2 = pub.verify(bytes, sig);
    double b = us_since(t0);
    if (!ok || !ok2) ++failures;
    if (i >= 50) {
      full.push_back(a);
      bare.push_back(b);
    }
  }
  double fm = percentile(full, 0.5), bm = percentile(bare, 0.5);
  return {{"samples", n},
          {"envelope_bytes", text.size()},
          {"verify_command_median_us", fm},
          {"verify_command_p99_us", percentile(full, 0.99)},
          {"bare_ed25519_median_us", bm},
          {"bare_ed25519_p99_us", percentile(bare, 0.99)},
          {"ratio_median", bm > 0 ? fm / bm : 0},
          {"goal_ratio", 1.5},
          {"failures", failures}};
}

Json latency_figures(int n, const kiosk::oq::Ed25519PrivateKey& key) {
  namespace asio = boost::asio;
  asio::io_context io;
  kiosk::sim::ExchangeSimConfig ec;
  ec.kiosks["sim-ast-001"] = "bench-secret-0123456789-abcdefghijkl";
  ec.command_key = key;
  kiosk::sim::ExchangeSim sim(io, ec);
  kiosk::oq::ExchangeEndpoint ep;
  ep.url = sim.url();
  ep.kiosk_id = "sim-ast-001";
  ep.secret = ec.kiosks["sim-ast-001"];
  kiosk::oq::ExchangeClient client(io, ep);
  auto store = kiosk::oq::Store::open(":memory:");
  if (!store) return {{"error", store.error().what}};
  kiosk::oq::OutboxPump pump(io, (*store)->outbox(), client, kiosk::oq::system_wall_clock_ms());
  auto wall_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  kiosk::app::CommandPoller poller(
      io, client, **store, key.public_key(),
      kiosk::app::CommandPollerConfig{"sim-ast-001", std::chrono::milliseconds(1000), 300}, wall_ms,
      [](const kiosk::oq::OperatorCommand&, std::function<void(kiosk::app::CommandOutcome)> done) {
        done(kiosk::app::CommandOutcome{});
      });
  poller.on_result_queued([&] { pump.kick(); });
  pump.start();
  (void)poller.start();

  std::mt19937 rng(7);
  std::uniform_int_distribution<int> phase(0, 999);
  std::vector<double> ms;
  asio::steady_timer timer(io), watch(io);
  Clock::time_point enqueued;
  std::size_t want = 0;
  std::function<void()> enqueue, check;
  enqueue = [&] {
    timer.expires_after(std::chrono::milliseconds(phase(rng)));
    timer.async_wait([&](auto) {
      kiosk::sim::SimRequest r{"POST", "/sim/commands/sign", R"({"name": "status"})", "", "", "",
                               ""};
      (void)sim.service().command_desk().sign(r.body, wall_ms());
      enqueued = Clock::now();
      want = sim.service().command_desk().results().size() + 1;
      check();
    });
  };
  check = [&] {
    if (sim.service().command_desk().results().size() >= want) {
      ms.push_back(us_since(enqueued) / 1000.0);
      if (static_cast<int>(ms.size()) >= n) {
        poller.stop();
        pump.stop();
        client.close();
        sim.stop();
        return;
      }
      enqueue();
      return;
    }
    watch.expires_after(std::chrono::milliseconds(1));
    watch.async_wait([&](auto) { check(); });
  };
  enqueue();
  io.run();
  return {{"samples", ms.size()},
          {"poll_interval_ms", 1000},
          {"enqueue_to_result_median_ms", percentile(ms, 0.5)},
          {"enqueue_to_result_p99_ms", percentile(ms, 0.99)},
          {"enqueue_to_result_max_ms", ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end())},
          {"goal_p99_ms", 1200}};
}

// The heartbeat body of the sim kiosk in service: the sim config, its cassettes as configured,
// the devices as a kiosk in service reports them.
Json heartbeat_figures() {
  using namespace kiosk;
  auto config = app::load_config_file(app::default_sim_config_path());
  if (!config) return {{"error", "sim config: " + config.error().problems.front()}};
  auto store = oq::Store::open(":memory:");
  if (!store) return {{"error", store.error().what}};
  std::vector<flows::dispense::Cassette> cassettes;
  if (config->dispenser)
    for (std::size_t i = 0; i < config->dispenser->cassettes.size(); ++i)
      cassettes.push_back({static_cast<int>(i), flows::Kzt{config->dispenser->cassettes[i].kzt},
                           config->dispenser->cassettes[i].count});
  const std::int64_t wall = 1'800'000'000'000;
  if (!app::load_cassette_book(**store, cassettes, wall)) return {{"error", "cassette book"}};
  boost::asio::io_context io;
  oq::ExchangeEndpoint ep;
  ep.url = "http://127.0.0.1:9";
  ep.kiosk_id = config->kiosk_id;
  oq::ExchangeClient client(io, ep);
  app::KioskFacts facts;
  facts.mode = "in_service";
  facts.buy_offered = facts.sell_offered = true;
  facts.exchange_online = true;
  facts.screen = "welcome";
  facts.dispenser = app::DeviceHealthBoard::dispenser(true, true, "");
  app::ObservabilityShell shell(
      io, *config, "", **store, client,
      app::ShellClock{[] { return kiosk::Instant{0}; }, [=] { return wall; }},
      app::ObservabilityPorts{[&] { return facts; }, nullptr, nullptr});
  devices::ValidatorEvent ready{};
  ready.kind = devices::ValidatorEvent::Kind::Idle;
  shell.devices().on_validator(ready);
  shell.devices().on_printer(devices::PrinterStatus{});
  shell.devices().set_camera(true);
  const std::string body = oq::heartbeat_body(shell.heartbeat());
  return {{"heartbeat_bytes", body.size()}};
}

}  // namespace

int main(int argc, char** argv) {
  int verify_n = 5000, latency_n = 30;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--verify") verify_n = std::max(10, std::atoi(argv[i + 1]));
    if (a == "--latency") latency_n = std::max(1, std::atoi(argv[i + 1]));
  }
  auto key = kiosk::oq::Ed25519PrivateKey::generate();
  if (!key) {
    std::fprintf(stderr, "bench-maintenance: %s\n", key.error().c_str());
    return 1;
  }
  Json out = {{"bench", "maintenance"},
              {"verify", verify_figures(verify_n, *key)},
              {"latency", latency_figures(latency_n, *key)}};
  const Json hb = heartbeat_figures();
  if (hb.contains("heartbeat_bytes"))
    out["heartbeat_bytes"] = hb["heartbeat_bytes"];
  else
    out["heartbeat_error"] = hb["error"];
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
