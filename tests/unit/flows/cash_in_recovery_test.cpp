#include "flows/cash_in/cash_in_recovery.hpp"

#include <doctest/doctest.h>

#include <random>

#include "cash_in_test_support.hpp"

using namespace kiosk;
using namespace kiosk::flows;
using namespace kiosk::flows::cash_in;
using namespace kiosk::flows::cash_in::testing;
using K = NoteEvent::Kind;

namespace {
Record opened() {
  return Record{"tx-9", "cash_in.session_opened", {}}
      .set("asset", "BTC/bitcoin")
      .set("address", "bc1qexample")
      .set("decimals", std::int64_t{8})
      .set("rate", "48000000")
      .set("rate_as_of", "t")
      .set("offline", false)
      .set("fee_bps", std::int64_t{200});
}
Record credited(std::int64_t kzt) {
  return Record{"tx-9", "cash_in.note_credited", {}}.set("kzt", kzt);
}
}  // namespace

TEST_CASE("recovery queues the purchase for exactly the credited notes") {
  RecoverySummary sum;
  auto fx = recover_cash_in({opened(), credited(5000), credited(1000)}, &sum);
  REQUIRE(fx.size() == 2);
  const auto& q = std::get<QueuePurchase>(fx[0]);
  CHECK(q.order.fiat == Kzt{6000});
  CHECK(q.order.fee == Kzt{120});
  CHECK(q.order.crypto == Atoms{12250});  // floor(5880e8 / 48e6)
  CHECK(q.order.notes.at(5000) == 1);
  CHECK(q.order.notes.at(1000) == 1);
  CHECK(q.order.recovered);
  CHECK(q.order.address == "bc1qexample");
  CHECK(std::get<Journal>(fx[1]).record.type == "cash_in.closed");
  CHECK(sum.purchase_queued_now);
}

TEST_CASE("recovery marks a note sent to the stacker without a credit as unresolved") {
  RecoverySummary sum;
  Record stacking = Record{"tx-9", "cash_in.note_stacking", {}}.set("kzt", std::int64_t{2000});
  auto fx = recover_cash_in({opened(), credited(1000), stacking}, &sum);
  REQUIRE(fx.size() == 3);
  CHECK(std::get<Journal>(fx[0]).record.type == "cash_in.note_unresolved");
  CHECK(std::get<QueuePurchase>(fx[1]).order.fiat == Kzt{1000});  // never credited blindly
  CHECK(sum.unresolved == Kzt{2000});
}

TEST_CASE("recovery after the purchase was queued only closes the transaction") {
  Record queued{"tx-9", "cash_in.purchase_queued", {}};
  auto fx = recover_cash_in({opened(), credited(1000), queued}, nullptr);
  REQUIRE(fx.size() == 1);
  CHECK(std::get<Journal>(fx[0]).record.type == "cash_in.closed");
}

TEST_CASE("recovery of a closed or empty transaction does nothing more than close") {
  Record closed{"tx-9", "cash_in.closed", {}};
  CHECK(recover_cash_in({opened(), credited(1000), closed}, nullptr).empty());
  auto fx = recover_cash_in({opened()}, nullptr);
  REQUIRE(fx.size() == 1);
  CHECK(std::get<Journal>(fx[0]).record.type == "cash_in.closed");
}

// Seeded random customers and validator behaviour: after every run, for every transaction the
// fiat in the queued purchase equals the sum of the credited notes, no transaction is queued twice,
// and every opened transaction is closed once the clock runs on.
TEST_CASE("property: credited cash always equals the purchase, whatever the customer does") {
  int total_purchases = 0;
  for (unsigned seed = 1; seed <= 300; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    Harness h;
    std::int64_t notes[] = {200, 500, 1000, 5000, 10000, 20000};
    for (int step = 0; step < 150; ++step) {
      switch (rng() % 9) {
        case 0:
          h.touch("choose_language", "en");
          break;
        case 1:
          h.touch("choose_asset", "BTC/bitcoin");
          break;
        case 2:
          h.send(WalletScanned{"ok:bc1qaddr"});
          break;
        case 3:
          h.note(K::Escrowed, notes[rng() % 6]);
          break;
        case 4: {  // the validator finishes whatever is in escrow, one way or the other
          auto esc = h.flow.session().escrow;
          if (esc) h.note(h.flow.session().stacking ? K::Stacked : K::Returned, esc->value);
          break;
        }
        case 5:
          h.touch(rng() % 2 ? "confirm" : "cancel");
          break;
        case 6:
          h.advance(std::chrono::seconds(rng() % 40));
          break;
        case 7:
          if (rng() % 5 == 0) h.note(K::Fault, 0, "jammed");
          break;
        default:
          h.send(ReceiptDone{rng() % 2 == 0, "paper"});
          h.touch("finish");
      }
    }
    for (int i = 0; i < 10; ++i) h.advance(std::chrono::seconds(100));  // let every timer fire

    std::map<std::string, std::int64_t> credited, purchased;
    std::map<std::string, int> queued, opened_tx, closed;
    for (const auto& e : h.all) {
      if (auto* j = std::get_if<Journal>(&e)) {
        const auto& r = j->record;
        if (r.type == "cash_in.note_credited") credited[r.tx_id] += *r.get_int("kzt");
        if (r.type == "cash_in.session_opened") opened_tx[r.tx_id]++;
        if (r.type == "cash_in.closed") closed[r.tx_id]++;
      }
      if (auto* q = std::get_if<QueuePurchase>(&e)) {
        queued[q->order.tx_id]++;
        purchased[q->order.tx_id] += q->order.fiat.value;
      }
    }
    CHECK(credited == purchased);
    total_purchases += static_cast<int>(queued.size());
    for (auto& [tx, n] : queued) CHECK(n == 1);
    CHECK(opened_tx == closed);
  }
  MESSAGE("purchases across seeds: ", total_purchases);
  CHECK(total_purchases > 60);  // the walk really reaches purchases
}
