#include "kiosk/observe/heartbeat_sender.hpp"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include "../queue/test_support.hpp"
#include "sim/exchange/exchange_sim.hpp"

using namespace kiosk;
using namespace std::chrono_literals;

namespace {
sim::ExchangeSimConfig sim_config() {
  sim::ExchangeSimConfig c;
  c.kiosks = {{"kiosk-1", "s3cret"}};
  return c;
}
oq::Heartbeat beat(int n) {
  oq::Heartbeat h;
  h.kiosk_id = "kiosk-1";
  h.software_version = "test";
  h.mode = "in_service";
  h.uptime_s = n;
  return h;
}
}  // namespace

TEST_CASE("heartbeats go every interval, signed; the answer's commands_after reaches the hook") {
  boost::asio::io_context io;
  sim::ExchangeSim sim(io, sim_config());
  oq::ExchangeClient client(io, test::fast_endpoint(sim.url()));
  int built = 0;
  std::vector<std::int64_t> seen;
  app::HeartbeatSender sender(
      io, client, 30ms, [&] { return beat(++built); },
      [&](std::int64_t seq) { seen.push_back(seq); });
  sender.start();
  io.run_for(200ms);
  sender.stop();
  client.close();
  CHECK(built >= 3);
  CHECK(sender.answered() >= 3);
  CHECK(seen.size() == static_cast<std::size_t>(sender.answered()));
  CHECK(seen.front() == 0);  // the simulator holds no command
  const auto& latest = sim.service().heartbeats().latest();
  REQUIRE(latest.contains("kiosk-1"));
  REQUIRE(latest.at("kiosk-1").parsed);
  CHECK(latest.at("kiosk-1").parsed->uptime_s >= 3);
  CHECK(sender.last_body_bytes() > 100);
}

TEST_CASE("a partitioned exchange: heartbeats fail quietly, then resume") {
  boost::asio::io_context io;
  sim::ExchangeSim sim(io, sim_config());
  sim.set_faults({.partitioned = true});
  oq::ExchangeClient client(io, test::fast_endpoint(sim.url()));
  int hooks = 0;
  app::HeartbeatSender sender(
      io, client, 20ms, [&] { return beat(1); }, [&](std::int64_t) { ++hooks; });
  sender.start();
  io.run_for(250ms);
  CHECK(hooks == 0);
  CHECK(sender.answered() == 0);
  CHECK(sender.sent() >= 1);  // it keeps trying at its interval, one at a time
  sim.set_faults({});
  io.run_for(700ms);
  sender.stop();
  client.close();
  CHECK(sender.answered() >= 1);
  CHECK(hooks >= 1);
}
