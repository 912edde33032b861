// bench-journal: the look-ups that run while a customer waits, on a journal of a busy year
// (--tx N transactions of 8 rows; default 40,000 = 320,000 rows). Each look-up is timed as the
// kiosk does it now (the journal's payload indexes, schema v4: Store::rows_with) and, as the
// baseline in the same run, as it was done before (every journal row read, then filtered).
//   usage      a person's cash-in and cash-out this month (kiosk/shell/person_usage: local_usage)
//   intents    the redeem's "dispensed here?" check (a cash_out.dispense_intent for the order)
//   sessions   a person's sessions alone, by the v4 person index vs the v3 type index (the same
//              SQL, forced onto journal_by_type): what schema v4 adds
// Prints the median and p99 ms of each over --runs look-ups; last line one JSON object.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "kiosk/shell/person_usage.hpp"
#include "offline_queue/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kNow = 1'795'676'400'000;  // 2026-11-26 07:00 UTC

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct Stats {
  double median = 0, p99 = 0;
};
Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)]};
}

// One year of sessions, the newest last: cash-in (6 rows + the purchase with its outbox request)
// and cash-out (order, intent, result) for 500 people.
void fill(kiosk::oq::Store& store, int txs) {
  std::mt19937 rng(7);
  for (int i = 0; i < txs; ++i) {
    std::int64_t at = kNow - 365 * kDay + static_cast<std::int64_t>(i) * (365 * kDay / txs);
    std::string tx = "tx-" + std::to_string(i), person = "p-" + std::to_string(rng() % 500);
    bool sell = i % 4 == 0;
    std::string kind = sell ? "cash_out" : "cash_in";
    auto row = [&](const std::string& type, const std::string& payload,
                   std::optional<kiosk::oq::OutboxRequest> req = std::nullopt) {
      (void)store.append(kiosk::oq::JournalEntry{tx, type, payload, at++}, req);
    };
    row(kind + ".consent_given", R"({"version":"v1"})");
    row(kind + ".session_opened", R"({"person":")" + person + R"("})");
    if (sell) {
      row("cash_out.order_requested", R"({"fiat_kzt":20000})");
      row("cash_out.order_created", R"({"fiat_kzt":20000,"order_id":"o-)" + tx + R"("})");
      row("cash_out.dispense_intent", R"({"order_id":"o-)" + tx + R"("})");
      row("cash_out.dispense_result", R"({"moves":"0:1"})");
      row("cash_out.receipt_printed", "{}");
    } else {
      row("cash_in.note_credited", R"({"kzt":10000})");
      row("cash_in.note_credited", R"({"kzt":10000})");
      row("cash_in.purchase_queued", R"({"fiat_kzt":20000})",
          kiosk::oq::OutboxRequest{tx + ":cash-in", "POST", "/v1/cash-in", "{}", ""});
      row("cash_in.receipt_printed", "{}");
    }
    row(kind + ".closed", "{}");
  }
}

// The look-ups as they were: every row read, then filtered.
std::int64_t usage_by_scan(kiosk::oq::Store& store, const std::string& ref, std::int64_t month) {
  auto last = store.last_row();
  auto rows = store.rows_range(1, (*last)->seq);
  std::map<std::string, bool> theirs;
  std::int64_t sum = 0;
  for (const auto& r : *rows) {
    bool opened = r.type == "cash_in.session_opened" || r.type == "cash_out.session_opened";
    bool money = r.type == "cash_in.purchase_queued" || r.type == "cash_out.order_created";
    if (!opened && (!money || r.at_ms < month)) continue;
    auto p = nlohmann::json::parse(r.payload, nullptr, false);
    if (opened) {
      if (p.value("person", "") == ref) theirs[r.tx_id] = true;
      continue;
    }
    if (theirs.count(r.tx_id)) sum += p.value("fiat_kzt", std::int64_t{0});
  }
  return sum;
}

std::size_t intents_by_scan(kiosk::oq::Store& store, const std::string& order) {
  auto last = store.last_row();
  auto rows = store.rows_range(1, (*last)->seq);
  return std::count_if(rows->begin(), rows->end(), [&](const auto& r) {
    if (r.type != "cash_out.dispense_intent") return false;
    auto p = nlohmann::json::parse(r.payload, nullptr, false);
    return p.value("order_id", "") == order;
  });
}

// A person's sessions by raw SQL on a second connection; `by` forces an index ("" = SQLite's
// choice, which is the v4 person index). Returns the number of rows.
int person_sessions(sqlite3* db, const std::string& ref, const std::string& by) {
  std::string sql = "SELECT seq FROM journal " + by +
                    " WHERE json_extract(payload, '$.person') = ?1 AND type IN "
                    "('cash_in.session_opened', 'cash_out.session_opened') ORDER BY seq";
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return -1;
  sqlite3_bind_text(st, 1, ref.c_str(), -1, SQLITE_TRANSIENT);
  int n = 0;
  while (sqlite3_step(st) == SQLITE_ROW) ++n;
  sqlite3_finalize(st);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  int txs = 40'000, runs = 15;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--tx") txs = std::stoi(argv[i + 1]);
    if (a == "--runs") runs = std::stoi(argv[i + 1]);
  }
  // In memory-backed /dev/shm when there is one: filling a year row by row with an fsync each
  // would take minutes on a disk (the look-ups read from the page cache either way).
  std::filesystem::path base = std::filesystem::is_directory("/dev/shm")
                                   ? "/dev/shm"
                                   : std::filesystem::temp_directory_path();
  auto dir = base / ("bench-journal-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto store = std::move(*kiosk::oq::Store::open((dir / "kiosk.db").string()));
  auto t0 = Clock::now();
  fill(*store, txs);
  double fill_s = ms_since(t0) / 1000;
  std::vector<double> usage_new, usage_old, intents_new, intents_old, sessions_v4, sessions_v3;
  std::int64_t agree = 0;
  sqlite3* raw = nullptr;
  sqlite3_open((dir / "kiosk.db").c_str(), &raw);
  // Timed in two passes: the indexed look-ups first, then the full scans. A look-up timed just
  // after a full scan pays ~30 ms for what the scan left behind (freed memory, a cold cache) and
  // would measure the bench, not the index.
  std::vector<std::string> refs, orders;
  std::vector<std::int64_t> usage_of;
  std::vector<std::size_t> intents_of;
  for (int i = 0; i < runs; ++i) {
    refs.push_back("p-" + std::to_string(i * 37 % 500));
    orders.push_back("o-tx-" + std::to_string((i * 7919 % (txs / 4)) * 4));
    auto t = Clock::now();
    auto u = kiosk::app::local_usage(*store, refs[i], kNow, 300);
    usage_new.push_back(ms_since(t));
    usage_of.push_back(u ? u->all.month.value : -1);
    t = Clock::now();
    auto n = store->rows_with({"cash_out.dispense_intent"}, kiosk::oq::Store::PayloadKey::OrderId,
                              orders[i]);
    intents_new.push_back(ms_since(t));
    intents_of.push_back(n ? n->size() : 0);
    t = Clock::now();
    int s4 = person_sessions(raw, refs[i], "");
    sessions_v4.push_back(ms_since(t));
    t = Clock::now();
    int s3 = person_sessions(raw, refs[i], "INDEXED BY journal_by_type");
    sessions_v3.push_back(ms_since(t));
    agree += s4 > 0 && s4 == s3;
  }
  for (int i = 0; i < runs; ++i) {
    auto t = Clock::now();
    auto old =
        usage_by_scan(*store, refs[i], kiosk::flows::compliance::local_month_start_ms(kNow, 300));
    usage_old.push_back(ms_since(t));
    agree += usage_of[i] == old;
    t = Clock::now();
    agree += intents_of[i] == intents_by_scan(*store, orders[i]);
    intents_old.push_back(ms_since(t));
  }
  sqlite3_close(raw);
  auto un = stats(usage_new), uo = stats(usage_old), in = stats(intents_new),
       io = stats(intents_old), s4 = stats(sessions_v4), s3 = stats(sessions_v3);
  std::printf("journal: %d transactions, %d rows, filled in %.1f s\n", txs, txs * 8, fill_s);
  std::printf("usage    indexed median %.2f ms p99 %.2f | full scan median %.1f ms p99 %.1f\n",
              un.median, un.p99, uo.median, uo.p99);
  std::printf("intents  indexed median %.2f ms p99 %.2f | full scan median %.1f ms p99 %.1f\n",
              in.median, in.p99, io.median, io.p99);
  std::printf(
      "sessions person index median %.2f ms p99 %.2f | type index median %.1f ms p99 %.1f\n",
      s4.median, s4.p99, s3.median, s3.p99);
  nlohmann::json out = {{"bench", "journal"},
                        {"transactions", txs},
                        {"rows", txs * 8},
                        {"runs", runs},
                        {"answers_agree", agree == 3 * runs},
                        {"usage_indexed_ms", {{"median", un.median}, {"p99", un.p99}}},
                        {"usage_full_scan_ms", {{"median", uo.median}, {"p99", uo.p99}}},
                        {"intents_indexed_ms", {{"median", in.median}, {"p99", in.p99}}},
                        {"intents_full_scan_ms", {{"median", io.median}, {"p99", io.p99}}},
                        {"sessions_person_index_ms", {{"median", s4.median}, {"p99", s4.p99}}},
                        {"sessions_type_index_ms", {{"median", s3.median}, {"p99", s3.p99}}},
                        {"fill_s", fill_s}};
  store.reset();
  std::filesystem::remove_all(dir);
  std::printf("%s\n", out.dump().c_str());
  return agree == 3 * runs ? 0 : 1;
}
