#include "kiosk/observe/journal_tally.hpp"

#include <doctest/doctest.h>

using namespace kiosk;
using namespace kiosk::app;

namespace {
struct Rows {
  std::int64_t seq = 0;
  JournalTally tally;
  void add(std::string tx, std::string type, std::string payload) {
    oq::JournalRow r;
    r.seq = ++seq;
    r.tx_id = std::move(tx);
    r.type = std::move(type);
    r.payload = std::move(payload);
    tally.add(r);
  }
};
}  // namespace

TEST_CASE("the journal tally counts purchases, payouts by flow, notes and the cash box") {
  Rows j;
  j.add("tx-1", "cash_in.session_opened", "{}");
  j.add("tx-1", "cash_in.note_credited", R"({"kzt":5000,"total_kzt":5000})");
  j.add("tx-1", "cash_in.note_credited", R"({"kzt":2000,"total_kzt":7000})");
  j.add("tx-1", "cash_in.purchase_queued", R"({"fiat_kzt":7000,"fee_kzt":210})");
  j.add("tx-2", "cash_out.dispense_intent", R"({"flow":"cash_out","fiat_kzt":20000})");
  j.add("tx-2", "cash_out.dispense_result", R"({"fiat_kzt":20000,"result":"complete"})");
  j.add("tx-3", "cash_out.dispense_intent", R"({"flow":"redeem","fiat_kzt":10000})");
  j.add("tx-3", "cash_out.dispense_result", R"({"fiat_kzt":10000,"result":"complete"})");
  j.add("", "cash_out.dispenser_fault", R"({"reason":"dispenser_link_lost","detail":""})");
  j.add("", "cash.unattributed_note", R"({"kzt":1000})");
  auto& t = j.tally;
  CHECK(t.rows() == 10);
  CHECK(t.last_seq() == 10);
  CHECK(t.flows().at("cash_in") == FlowTotals{1, 7000});
  CHECK(t.flows().at("cash_out") == FlowTotals{1, 20000});
  CHECK(t.flows().at("redeem") == FlowTotals{1, 10000});
  CHECK(t.notes_accepted().at(5000) == 1);
  CHECK(t.notes_accepted().at(2000) == 1);
  CHECK(t.notes_accepted().at(1000) == 1);
  CHECK(t.cash_box_notes() == 3);
  CHECK(t.cash_box_kzt() == 8000);
  CHECK(t.dispenser_faults().at("dispenser_link_lost") == 1);

  j.add("", kCashBoxCollected, R"({"notes":3})");
  CHECK(t.cash_box_notes() == 0);
  CHECK(t.notes_accepted().at(5000) == 1);  // a lifetime counter: not reset by a collection
}

TEST_CASE("a row is counted once, and a late dispense answer moves no new money") {
  Rows j;
  j.add("tx-2", "cash_out.dispense_intent", R"({"flow":"cash_out"})");
  j.add("tx-2", "cash_out.dispense_result", R"({"fiat_kzt":0,"result":"unknown"})");
  j.add("tx-2", "cash_out.late_dispense_result", R"({"result":"complete"})");
  CHECK(j.tally.flows().at("cash_out").transactions == 1);
  oq::JournalRow again;
  again.seq = 1;  // already folded
  again.type = "cash_in.purchase_queued";
  again.payload = R"({"fiat_kzt":5})";
  j.tally.add(again);
  CHECK(j.tally.flows().at("cash_in").transactions == 0);
  j.add("tx-9", "cash_in.purchase_queued", "not json");  // a broken payload is skipped
  CHECK(j.tally.rows() == 4);
  CHECK(j.tally.flows().at("cash_in").transactions == 0);
}
