// bench-outbox: (1) durable enqueue latency of Store::append(journal entry, outbox request) on a
// file database, beside a bare SQLite baseline (own connection, WAL, synchronous=FULL, one INSERT
// of a row of the same size + COMMIT per row) on the same disk; (2) drain of N queued cash-in
// requests through OutboxPump + ExchangeClient to an ExchangeSim on loopback, run in a forked
// child process so its record of every request does not count against the draining side:
// seconds, requests/s, duplicates, losses (from the sim's GET /sim/requests), and the draining
// process's RSS at start, peak (sampled every 20 ms), mid-drain and end.
// Usage: bench-outbox [--enqueue N] [--drain N] [--dir PATH]
// Last line: one JSON object.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "offline_queue/exchange_client.hpp"
#include "offline_queue/exchange_messages.hpp"
#include "offline_queue/outbox_pump.hpp"
#include "offline_queue/store.hpp"
#include "sim/exchange/exchange_sim.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double us_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto idx = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(idx, v.size() - 1)];
}

double rss_mb(const std::string& status_file = "/proc/self/status") {
  std::ifstream f(status_file);
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  }
  return 0;
}

// A realistic cash-in body: 25,000 KZT in three notes, BTC quote, as the shell builds it.
kiosk::oq::CashInRequest cash_in(int i) {
  kiosk::oq::CashInRequest r;
  r.tx_id = "tx-bench-" + std::to_string(i);
  r.asset = "BTC";
  r.network = "bitcoin";
  r.address = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
  r.fiat = kiosk::flows::Kzt{25000};
  r.fee = kiosk::flows::Kzt{500};
  r.notes = {{10000, 2}, {5000, 1}};
  r.quote_kzt_per_unit = kiosk::flows::Rate::from_parts(51000000, 0);
  r.quote_as_of = "2024-05-01T10:00:00Z";
  r.offline = false;
  r.created_at = "2024-05-01T10:01:00Z";
  return r;
}

kiosk::oq::JournalEntry journal_for(const kiosk::oq::CashInRequest& r, std::int64_t at_ms) {
  return {r.tx_id, "cash_in.purchase_queued",
          R"({"fiat_kzt":25000,"notes":3,"tx_id":")" + r.tx_id + "\"}", at_ms};
}

kiosk::oq::OutboxRequest request_for(const kiosk::oq::CashInRequest& r) {
  kiosk::oq::OutboxRequest q;
  q.idempotency_key = "idem-" + r.tx_id;
  q.path = "/v1/cash-in";
  q.body = kiosk::oq::cash_in_body(r);
  q.tx_id = r.tx_id;
  return q;
}

bool sql_exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "bench=outbox error=sqlite msg=\"%s\"\n", err ? err : "?");
    sqlite3_free(err);
    return false;
  }
  return true;
}

struct Latency {
  double median_us = 0, p99_us = 0;
  bool ok = true;
};

Latency bench_store_append(const fs::path& dir, int n, std::size_t& row_bytes) {
  Latency out;
  auto store = kiosk::oq::Store::open((dir / "enqueue.db").string());
  if (!store) return {0, 0, false};
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto r = cash_in(i);
    auto entry = journal_for(r, 1714557660000 + i);
    auto req = request_for(r);
    if (i == 0) row_bytes = entry.payload.size() + req.body.size() + 2 * 64 + 64;
    auto t0 = Clock::now();
    auto res = (*store)->append(entry, req);
    us.push_back(us_since(t0));
    if (!res) return {0, 0, false};
  }
  out.median_us = percentile(us, 0.5);
  out.p99_us = percentile(us, 0.99);
  return out;
}

Latency bench_bare_sqlite(const fs::path& dir, int n, std::size_t row_bytes) {
  Latency out;
  sqlite3* db = nullptr;
  if (sqlite3_open((dir / "baseline.db").string().c_str(), &db) != SQLITE_OK) return {0, 0, false};
  bool ok = sql_exec(db, "PRAGMA journal_mode=WAL") && sql_exec(db, "PRAGMA synchronous=FULL") &&
            sql_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, data TEXT)");
  sqlite3_stmt* ins = nullptr;
  ok = ok &&
       sqlite3_prepare_v2(db, "INSERT INTO t (data) VALUES (?)", -1, &ins, nullptr) == SQLITE_OK;
  std::string data(row_bytes, 'x');
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(n));
  for (int i = 0; ok && i < n; ++i) {
    auto t0 = Clock::now();
    ok = sql_exec(db, "BEGIN");
    sqlite3_bind_text(ins, 1, data.data(), static_cast<int>(data.size()), SQLITE_STATIC);
    ok = ok && sqlite3_step(ins) == SQLITE_DONE;
    sqlite3_reset(ins);
    ok = ok && sql_exec(db, "COMMIT");
    us.push_back(us_since(t0));
  }
  sqlite3_finalize(ins);
  sqlite3_close(db);
  if (!ok) return {0, 0, false};
  out.median_us = percentile(us, 0.5);
  out.p99_us = percentile(us, 0.99);
  return out;
}

struct DrainResult {
  bool ok = true;
  double seconds = 0;
  std::int64_t remaining = 0;
  int duplicates = 0, losses = 0;
  double rss_start = 0, rss_mid = 0, rss_end = 0, rss_peak = 0;  // the draining process
  double sim_rss_start = 0, sim_rss_end = 0;                     // the simulator's process
};

// The exchange simulator in a forked child with its own io_context, until SIGTERM.
struct SimProcess {
  pid_t pid = -1;
  std::uint16_t port = 0;
  std::string status_file() const { return "/proc/" + std::to_string(pid) + "/status"; }
  void stop() {
    if (pid <= 0) return;
    kill(pid, SIGTERM);
    int st = 0;
    waitpid(pid, &st, 0);
    pid = -1;
  }
};

std::optional<SimProcess> spawn_sim() {
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    close(fds[0]);
    boost::asio::io_context io;
    kiosk::sim::ExchangeSimConfig sc;
    sc.kiosks = {{"kiosk-bench", "bench-secret"}};
    kiosk::sim::ExchangeSim sim(io, sc);
    boost::asio::signal_set stop(io, SIGTERM);
    stop.async_wait([&](const boost::system::error_code&, int) {
      sim.stop();
      io.stop();
    });
    std::uint16_t port = sim.port();
    bool told = write(fds[1], &port, sizeof port) == sizeof port;
    close(fds[1]);
    if (told) io.run();
    _exit(told ? 0 : 1);
  }
  close(fds[1]);
  SimProcess p{pid, 0};
  bool got = read(fds[0], &p.port, sizeof p.port) == sizeof p.port;
  close(fds[0]);
  if (!got) {
    p.stop();
    return std::nullopt;
  }
  return p;
}

// key -> times applied (2xx, not a replay), from the simulator's GET /sim/requests.
std::optional<std::map<std::string, int>> applied_at_sim(boost::asio::io_context& io,
                                                         const std::string& url) {
  kiosk::oq::ExchangeEndpoint ep;
  ep.url = url;
  ep.kiosk_id = "kiosk-bench";
  ep.secret = "bench-secret";
  ep.request_timeout = std::chrono::seconds(60);
  ep.max_response_bytes = 512u << 20;
  kiosk::oq::ExchangeClient control(io, ep);
  std::optional<kiosk::oq::ExchangeResult> got;
  control.request({"GET", "/sim/requests", "", std::nullopt},
                  [&](kiosk::oq::ExchangeResult r) { got = std::move(r); });
  io.restart();
  while (!got && io.run_one()) {
  }
  if (!got || !*got || (*got)->status != 200) return std::nullopt;
  auto j = nlohmann::json::parse((*got)->body, nullptr, false);
  if (!j.is_object() || !j.contains("requests")) return std::nullopt;
  std::map<std::string, int> applied;
  for (const auto& rec : j["requests"]) {
    int status = rec.value("status", 0);
    if (rec.value("target", "") == "/v1/cash-in" && status >= 200 && status < 300 &&
        !rec.value("replay", false))
      ++applied[rec.value("idempotency_key", "")];
  }
  return applied;
}

DrainResult bench_drain(const fs::path& dir, int n) {
  DrainResult out;
  auto store = kiosk::oq::Store::open((dir / "drain.db").string());
  if (!store) return {.ok = false};
  std::vector<std::string> keys;
  for (int i = 0; i < n; ++i) {
    auto r = cash_in(i);
    auto req = request_for(r);
    keys.push_back(req.idempotency_key);
    if (!(*store)->append(journal_for(r, 1714557660000 + i), req)) return {.ok = false};
  }
  auto& outbox = (*store)->outbox();

  auto sim = spawn_sim();
  if (!sim) return {.ok = false};
  const std::string url = "http://127.0.0.1:" + std::to_string(sim->port);
  out.sim_rss_start = rss_mb(sim->status_file());
  boost::asio::io_context io;
  kiosk::oq::ExchangeEndpoint endpoint;
  endpoint.url = url;
  endpoint.kiosk_id = "kiosk-bench";
  endpoint.secret = "bench-secret";
  kiosk::oq::ExchangeClient client(io, endpoint);
  kiosk::oq::OutboxPump pump(io, outbox, client, kiosk::oq::system_wall_clock_ms());

  out.rss_start = out.rss_peak = rss_mb();
  bool mid_taken = false;
  const auto t0 = Clock::now();
  const auto cap = std::chrono::seconds(120);
  boost::asio::steady_timer tick(io);
  std::function<void()> watch = [&] {
    tick.expires_after(std::chrono::milliseconds(20));
    tick.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      auto d = outbox.depth();
      std::int64_t depth = d ? *d : -1;
      out.rss_peak = std::max(out.rss_peak, rss_mb());
      if (!mid_taken && depth >= 0 && depth <= n / 2) {
        out.rss_mid = rss_mb();
        mid_taken = true;
      }
      if (depth == 0 || Clock::now() - t0 > cap) {
        out.remaining = depth;
        pump.stop();
        io.stop();
        return;
      }
      watch();
    });
  };
  pump.start();
  watch();
  io.run();
  out.seconds = us_since(t0) / 1e6;
  out.rss_end = rss_mb();
  out.rss_peak = std::max(out.rss_peak, out.rss_end);
  out.sim_rss_end = rss_mb(sim->status_file());
  if (!mid_taken) out.rss_mid = out.rss_end;

  auto counted = applied_at_sim(io, url);
  sim->stop();
  if (!counted) {
    std::fprintf(stderr, "bench=outbox error=sim_requests\n");
    return {.ok = false};
  }
  const auto& applied = *counted;
  for (const auto& [key, count] : applied)
    if (count > 1) ++out.duplicates;
  for (const auto& key : keys)
    if (!applied.contains(key)) ++out.losses;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int enqueue_n = 2000, drain_n = 10000;
  fs::path dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--enqueue")
      enqueue_n = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--drain")
      drain_n = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--dir")
      dir = argv[i + 1];
  }
  bool own_dir = dir.empty();
  if (own_dir) {
    std::string tmpl = (fs::temp_directory_path() / "bench-outbox-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) {
      std::fprintf(stderr, "bench=outbox error=mkdtemp\n");
      return 1;
    }
    dir = tmpl;
  }
  fs::create_directories(dir);

  std::size_t row_bytes = 0;
  auto enq = bench_store_append(dir, enqueue_n, row_bytes);
  auto base = bench_bare_sqlite(dir, enqueue_n, row_bytes);
  auto drain = bench_drain(dir, drain_n);
  if (own_dir) fs::remove_all(dir);
  if (!enq.ok || !base.ok || !drain.ok) {
    std::fprintf(stderr, "bench=outbox error=setup enqueue_ok=%d baseline_ok=%d drain_ok=%d\n",
                 enq.ok, base.ok, drain.ok);
    return 1;
  }

  double ratio = base.median_us > 0 ? enq.median_us / base.median_us : 0;
  double per_s = drain.seconds > 0 ? drain_n / drain.seconds : 0;
  double rss_min = std::min({drain.rss_start, drain.rss_mid, drain.rss_end});
  double rss_max = std::max({drain.rss_start, drain.rss_mid, drain.rss_end});
  bool drained = drain.remaining == 0;
  std::printf(
      "enqueue: n=%d median=%.1fus p99=%.1fus; bare sqlite: median=%.1fus p99=%.1fus; ratio=%.2f\n",
      enqueue_n, enq.median_us, enq.p99_us, base.median_us, base.p99_us, ratio);
  std::printf(
      "drain: n=%d seconds=%.2f per_s=%.0f remaining=%lld dup=%d lost=%d rss=%.1f/%.1f/%.1f MB "
      "peak=%.1f MB (draining process); simulator process rss %.1f -> %.1f MB\n",
      drain_n, drain.seconds, per_s, static_cast<long long>(drain.remaining), drain.duplicates,
      drain.losses, drain.rss_start, drain.rss_mid, drain.rss_end, drain.rss_peak,
      drain.sim_rss_start, drain.sim_rss_end);
  const double peak_growth = drain.rss_peak - drain.rss_start;
  std::printf(
      "{\"bench\":\"outbox\",\"enqueue\":{\"n\":%d,\"median_us\":%.1f,\"p99_us\":%.1f,\"row_"
      "bytes\":%zu},"
      "\"baseline_sqlite\":{\"median_us\":%.1f,\"p99_us\":%.1f},\"enqueue_vs_baseline\":%.3f,"
      "\"drain\":{\"n\":%d,\"seconds\":%.3f,\"per_s\":%.1f,\"remaining\":%lld,\"duplicates\":%d,"
      "\"losses\":%d,\"rss_mb_start\":%.1f,\"rss_mb_mid\":%.1f,\"rss_mb_end\":%.1f,"
      "\"rss_growth_mb\":%.1f,\"rss_start_mb\":%.1f,\"rss_peak_mb\":%.1f,\"rss_end_mb\":%.1f,"
      "\"exchange_sim\":\"child_process\",\"sim_rss_mb_start\":%.1f,\"sim_rss_mb_end\":%.1f},"
      "\"goals\":{\"enqueue_vs_baseline_le_1_5\":%s,\"drain_lt_10s\":%s,"
      "\"zero_duplicates\":%s,\"zero_losses\":%s,\"rss_flat_peak_growth_le_8mb\":%s}}\n",
      enqueue_n, enq.median_us, enq.p99_us, row_bytes, base.median_us, base.p99_us, ratio, drain_n,
      drain.seconds, per_s, static_cast<long long>(drain.remaining), drain.duplicates, drain.losses,
      drain.rss_start, drain.rss_mid, drain.rss_end, rss_max - rss_min, drain.rss_start,
      drain.rss_peak, drain.rss_end, drain.sim_rss_start, drain.sim_rss_end,
      ratio <= 1.5 ? "true" : "false", drained && drain.seconds < 10 ? "true" : "false",
      drain.duplicates == 0 ? "true" : "false", drain.losses == 0 ? "true" : "false",
      peak_growth <= 8.0 ? "true" : "false");
  return 0;
}
