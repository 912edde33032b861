// The command poller against the exchange simulator on loopback: results go through the outbox
// once; an id already answered is not run again; a command interrupted by a stop is answered
// `failed` at the next start, never run again; the highest executed seq survives a restart.
#include "kiosk/maintenance/command_poller.hpp"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "offline_queue/outbox_pump.hpp"
#include "sim/exchange/exchange_sim.hpp"

using namespace kiosk;
using Json = nlohmann::json;

namespace {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Rig {
  boost::asio::io_context io;
  oq::Ed25519PrivateKey key = *oq::Ed25519PrivateKey::generate();
  std::unique_ptr<sim::ExchangeSim> sim;
  std::unique_ptr<oq::ExchangeClient> client;
  std::unique_ptr<oq::Store> store = std::move(*oq::Store::open(":memory:"));
  std::vector<std::string> ran;  // ids the execute port saw

  Rig() {
    sim::ExchangeSimConfig ec;
    ec.kiosks["k-1"] = "secret-0123456789-0123456789-0123456789";
    ec.command_key = key;
    sim = std::make_unique<sim::ExchangeSim>(io, ec);
    oq::ExchangeEndpoint ep;
    ep.url = sim->url();
    ep.kiosk_id = "k-1";
    ep.secret = ec.kiosks["k-1"];
    client = std::make_unique<oq::ExchangeClient>(io, ep);
  }
  // Runs a poller until `until` holds or 5 s pass; returns the poller's highest seq.
  std::int64_t run(const std::function<bool()>& until) {
    oq::OutboxPump pump(io, store->outbox(), *client, oq::system_wall_clock_ms());
    app::CommandPoller poller(
        io, *client, *store, key.public_key(),
        app::CommandPollerConfig{"k-1", std::chrono::milliseconds(200), 300}, wall_ms,
        [this](const oq::OperatorCommand& c, std::function<void(app::CommandOutcome)> done) {
          ran.push_back(c.id);
          done(app::CommandOutcome{});
        });
    poller.on_result_queued([&] { pump.kick(); });
    pump.start();
    REQUIRE(poller.start());
    boost::asio::steady_timer t(io);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    std::function<void()> check = [&] {
      if (until() || std::chrono::steady_clock::now() > deadline) {
        poller.stop();
        pump.stop();
        io.stop();
        return;
      }
      t.expires_after(std::chrono::milliseconds(20));
      t.async_wait([&](auto) { check(); });
    };
    check();
    io.restart();
    io.run();
    return poller.highest_executed_seq();
  }
  const std::vector<sim::CommandResult>& results() {
    return sim->service().command_desk().results();
  }
  Json signed_env(std::string id, std::int64_t seq) {
    const std::int64_t now = wall_ms() / 1000;
    return oq::sign_command({std::move(id), "k-1", seq, now, now + 300, "status", Json::object()},
                            key);
  }
};

}  // namespace

TEST_CASE("two envelopes with one id in one answer: run once, answered once") {
  Rig rig;
  auto& desk = rig.sim->service().command_desk();
  REQUIRE(desk.enqueue(rig.signed_env("same", 1).dump()).status == 200);
  REQUIRE(desk.enqueue(rig.signed_env("same", 2).dump()).status == 200);
  REQUIRE(desk.enqueue(rig.signed_env("other", 3).dump()).status == 200);
  auto highest = rig.run([&] { return rig.results().size() >= 2; });
  CHECK(rig.ran == std::vector<std::string>{"same", "other"});
  REQUIRE(rig.results().size() == 2);
  CHECK(rig.results()[0].id == "same");
  CHECK(rig.results()[0].status == "executed");
  CHECK(highest == 3);
}

TEST_CASE("a refusal is answered with its reason, journaled, and does not advance the seq") {
  Rig rig;
  auto& desk = rig.sim->service().command_desk();
  Json env = rig.signed_env("t-1", 5);
  env["seq"] = 6;  // tampered
  REQUIRE(desk.enqueue(env.dump()).status == 200);
  REQUIRE(desk.enqueue(R"({"no": "id"})").status == 200);  // cannot be answered
  auto highest = rig.run([&] { return rig.results().size() >= 1; });
  REQUIRE(rig.results().size() == 1);
  CHECK(rig.results()[0].status == "refused");
  CHECK(rig.results()[0].reason == "bad_signature");
  CHECK(rig.ran.empty());
  CHECK(highest == 0);
  auto refused = rig.store->rows_of_types({app::kCommandRefused});
  REQUIRE(refused);
  CHECK(refused->size() == 2);  // the tampered one and the one without an id, each once
}

TEST_CASE("restart: the highest seq comes back, and an interrupted command is answered failed") {
  Rig rig;
  auto& desk = rig.sim->service().command_desk();
  REQUIRE(desk.enqueue(rig.signed_env("a", 4).dump()).status == 200);
  rig.run([&] { return rig.results().size() >= 1; });
  // As if the kiosk stopped while running command "b": verified, never answered.
  REQUIRE(rig.store->append(oq::JournalEntry{"", app::kCommandVerified,
                                             R"({"id":"b","seq":5,"name":"status"})", wall_ms()}));
  REQUIRE(desk.enqueue(rig.signed_env("b", 5).dump()).status == 200);
  REQUIRE(desk.enqueue(rig.signed_env("c", 4).dump()).status == 200);  // replays seq 4
  auto highest = rig.run([&] { return rig.results().size() >= 3; });
  REQUIRE(rig.results().size() == 3);
  CHECK(rig.results()[1].id == "b");
  CHECK(rig.results()[1].status == "failed");
  CHECK(rig.results()[1].reason == "interrupted");
  CHECK(rig.results()[2].id == "c");
  CHECK(rig.results()[2].reason == "replayed");
  CHECK(rig.ran == std::vector<std::string>{"a"});  // b was not run again
  CHECK(highest == 5);
}
