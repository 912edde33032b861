// `kiosk run --sim --scenario FILE`: plays a scripted session against the running kiosk, as the
// customer (taps, a QR to the camera, notes) and as the world (unplug, jam, cut the exchange),
// then prints a JSON summary with the money invariants. Step reference: tests/scenarios/README.md.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <nlohmann/json.hpp>

#include "kiosk/runtime/device_counts.hpp"
#include "kiosk/runtime/kiosk_runtime.hpp"

namespace kiosk::app {

class ScenarioRunner {
 public:
  ScenarioRunner(boost::asio::io_context& io, KioskRuntime& kiosk, nlohmann::json scenario);
  // Runs every step; `done` gets the summary (with "ok") once the last step ran or one failed.
  void start(std::function<void(const nlohmann::json& summary)> done);

 private:
  void next();
  void fail(const std::string& why);
  bool expect(const nlohmann::json& want);
  bool expect_cassette_book();
  nlohmann::json session_view();
  void wait_until(std::function<bool()> cond, Millis timeout, std::string what);
  void after(Millis d, std::function<void()> then);
  nlohmann::json summary();
  std::string last_redeem_code();

  boost::asio::io_context& io_;
  KioskRuntime& kiosk_;
  nlohmann::json scenario_;
  std::size_t step_ = 0;
  std::int64_t start_seq_ = 0;  // journal rows after this were written by this process
  nlohmann::json failure_;
  std::function<void(const nlohmann::json&)> done_;
  boost::asio::steady_timer timer_;
};

// Reads the journal and checks the money invariants; used by the scenario summary and tests.
//   cash_conserved: notes the simulated validator stacked == notes credited in the journal since
//                   `start_seq` (credited, late or unattributed); "n/a" when the simulator is not
//                   the kiosk's validator, with the reason under "not_checked";
//   purchases_match_credits: each queued purchase's fiat == its transaction's credited notes;
//   no_double_purchase: at most one purchase per transaction;
//   journal_chain: every row's hash links to the previous one.
nlohmann::json journal_summary(oq::Store& store, std::int64_t start_seq,
                               const DeviceCount& device_stacked_kzt);

}  // namespace kiosk::app
