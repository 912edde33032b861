// The kiosk's copy of the blocked list (offline_queue/blocked_list_sync.hpp): versions from the
// simulator applied in order, replays harmless, the list persisted sealed and back after a
// restart, garbage refused without losing what is held.
#include "offline_queue/blocked_list_sync.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "../queue/test_support.hpp"
#include "kyc_support.hpp"
#include "sim/exchange/exchange_service.hpp"
#include "sim/exchange/sim_control.hpp"

using namespace kiosk;
using flows::compliance::CustomerIdentity;
using test::kKycStartMs;

namespace {

oq::SealKey key(char fill = '\x07') { return *oq::SealKey::from_bytes(std::string(32, fill)); }

std::unique_ptr<oq::Store> open_store(const std::string& path) {
  auto s = oq::Store::open(path);
  REQUIRE(s);
  return std::move(*s);
}

// One fetch against the simulator's core.
std::expected<bool, oq::BlockedSyncError> fetch(oq::BlockedListSync& sync,
                                                sim::ExchangeService& ex) {
  return sync.settle(
      test::as_result(ex.handle(test::signed_request(sync.request(), kKycStartMs), kKycStartMs)));
}

void edit(sim::ExchangeService& ex, const std::string& body) {
  sim::SimFaults faults;
  REQUIRE(sim::handle_control(test::control("POST", "/sim/blocked", body), faults, ex, kKycStartMs)
              .status == 200);
}

const CustomerIdentity kAigerim =
    flows::compliance::resident("900101300017", "ZHUMABAYEVA AIGERIM", "1990-01-01");
const CustomerIdentity kIvanov =
    flows::compliance::foreign("RUS", "753912345", "Ivanov  Ivan", "1985-03-02");
const CustomerIdentity kSomeone =
    flows::compliance::resident("850302300011", "SOMEONE", "1985-03-02");

}  // namespace

TEST_CASE("versions apply in order, a replay changes nothing, removals unblock") {
  auto store = open_store(":memory:");
  oq::BlockedListSync sync(*store, key());
  REQUIRE(sync.load());
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  CHECK(sync.request().target == "/v1/lists/blocked?since=0");
  CHECK(fetch(sync, ex) == false);  // version 0: nothing yet
  CHECK(sync.version() == 0);

  edit(ex, R"({"add":[{"iin":"900101300017"},{"name":"IVANOV IVAN","birth_date":"1985-03-02"}]})");
  CHECK(fetch(sync, ex) == true);
  CHECK(sync.version() == 1);
  CHECK(sync.request().target == "/v1/lists/blocked?since=1");
  CHECK(sync.list().blocks(kAigerim));
  CHECK(sync.list().blocks(kIvanov));  // by name and birth date, normalised
  CHECK_FALSE(sync.list().blocks(kSomeone));
  CHECK(fetch(sync, ex) == false);  // nothing newer

  edit(ex, R"({"add":[{"iin":"850302300011"}],"remove":[{"iin":"900101300017"}]})");
  CHECK(fetch(sync, ex) == true);
  CHECK(sync.version() == 2);
  CHECK_FALSE(sync.list().blocks(kAigerim));
  CHECK(sync.list().blocks(kSomeone));
  // An old answer replayed (e.g. by a proxy) is ignored.
  flows::compliance::BlockedListUpdate stale{1, {{"900101300017", "", ""}}, {}};
  CHECK(sync.settle(oq::HttpResponse{200, oq::blocked_list_answer_body(stale)}) == false);
  CHECK_FALSE(sync.list().blocks(kAigerim));
  CHECK(sync.version() == 2);
}

TEST_CASE("the list is persisted sealed and comes back after a restart, offline") {
  test::TempDb tmp;
  {
    auto store = open_store(tmp.path());
    oq::BlockedListSync sync(*store, key());
    sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
    edit(ex,
         R"({"add":[{"iin":"900101300017"},{"name":"IVANOV IVAN","birth_date":"1985-03-02"}]})");
    edit(ex, R"({"add":[{"iin":"850302300011"}]})");
    REQUIRE(fetch(sync, ex) == true);
    CHECK(sync.version() == 2);
  }
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(tmp.path() + suffix, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes += ss.str();
  }
  CHECK(bytes.find("900101300017") == std::string::npos);
  CHECK(bytes.find("IVANOV") == std::string::npos);

  auto store = open_store(tmp.path());
  oq::BlockedListSync sync(*store, key());
  CHECK(sync.version() == 0);
  REQUIRE(sync.load());
  CHECK(sync.version() == 2);
  CHECK(sync.list().size() == 3);
  CHECK(sync.list().blocks(kAigerim));
  CHECK(sync.list().blocks(kIvanov));
  CHECK(sync.list().blocks(kSomeone));
  CHECK(sync.request().target == "/v1/lists/blocked?since=2");

  // With another key the held copy does not open: an error, and an empty list at version 0 so
  // the next fetch brings the whole list again.
  oq::BlockedListSync wrong(*store, key('\x09'));
  auto r = wrong.load();
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == oq::BlockedSyncError::Kind::Store);
  CHECK(wrong.version() == 0);
  CHECK(wrong.request().target == "/v1/lists/blocked?since=0");
}

TEST_CASE("garbage, errors and hostile answers are refused and keep what is held") {
  auto store = open_store(":memory:");
  oq::BlockedListSync sync(*store, key());
  sim::ExchangeService ex({{"k", "s"}}, sim::default_sim_rates());
  edit(ex, R"({"add":[{"iin":"900101300017"}]})");
  REQUIRE(fetch(sync, ex) == true);
  using Kind = oq::BlockedSyncError::Kind;
  const std::vector<std::pair<oq::ExchangeResult, Kind>> bad = {
      {oq::HttpResponse{200, "not json"}, Kind::Garbage},
      {oq::HttpResponse{200, R"({"version":5})"}, Kind::Garbage},
      {oq::HttpResponse{200, R"({"version":5,"added":[{"iin":"1"}],"removed":[]})"}, Kind::Garbage},
      {oq::HttpResponse{200, R"({"version":"5","added":[],"removed":[]})"}, Kind::Garbage},
      {oq::HttpResponse{503, "{}"}, Kind::Status},
      {oq::HttpResponse{401, R"({"error":{"code":"unauthorized","message":""}})"}, Kind::Status},
      {std::unexpected(oq::ExchangeError{oq::ExchangeError::Kind::Timeout, "slow"}),
       Kind::Transport}};
  for (const auto& [result, kind] : bad) {
    auto r = sync.settle(result);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == kind);
    CHECK_FALSE(r.error().what.empty());
    CHECK(sync.version() == 1);
    CHECK(sync.list().blocks(kAigerim));
  }
  // Still persisted as version 1.
  oq::BlockedListSync again(*store, key());
  REQUIRE(again.load());
  CHECK(again.version() == 1);
}
