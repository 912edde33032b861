// bench-startup: starts `kiosk run --sim` N times and measures the time from exec to the UI
// answering GET /healthz, then the idle RSS and idle CPU over 10 s of one instance. Baseline in
// the same run: exec-to-exit of `kiosk help` (the cost of starting the binary at all).
// Usage: bench-startup [--runs N] [--idle-seconds S] [--kiosk PATH]
// Last line: one JSON object.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

pid_t spawn(const std::vector<std::string>& args, bool quiet) {
  pid_t pid = fork();
  if (pid == 0) {
    if (quiet) {
      int devnull = ::open("/dev/null", O_WRONLY);
      dup2(devnull, 1);
      dup2(devnull, 2);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

bool healthz(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const char req[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (write(fd, req, sizeof req - 1) > 0) {
      char buf[64] = {};
      ok = read(fd, buf, sizeof buf - 1) > 12 && std::strstr(buf, " 200 ") != nullptr;
    }
  }
  close(fd);
  return ok;
}

long proc_rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

long proc_cpu_ticks(pid_t pid) {  // utime + stime of the process
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(in)), {});
  auto rp = s.rfind(')');
  std::istringstream rest(s.substr(rp + 2));
  std::string f;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> f; ++i) {
    if (i == 14) utime = std::stol(f);
    if (i == 15) stime = std::stol(f);
  }
  return utime + stime;
}

void stop(pid_t pid) {
  kill(pid, SIGTERM);
  int st = 0;
  waitpid(pid, &st, 0);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 5, idle_s = 10, port = 18431;
  std::string kiosk = (std::filesystem::path(argv[0]).parent_path() / "kiosk").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--runs") runs = std::atoi(argv[i + 1]);
    if (a == "--idle-seconds") idle_s = std::atoi(argv[i + 1]);
    if (a == "--kiosk") kiosk = argv[i + 1];
  }
  auto dir = std::filesystem::temp_directory_path() / ("kiosk-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);

  std::vector<double> baseline, ready;
  for (int r = 0; r < runs; ++r) {
    auto t0 = Clock::now();
    pid_t p = spawn({kiosk, "help"}, true);
    int st = 0;
    waitpid(p, &st, 0);
    baseline.push_back(ms_since(t0));
  }
  pid_t last = -1;
  for (int r = 0; r < runs; ++r) {
    std::string db = (dir / ("run" + std::to_string(r) + ".db")).string();
    auto t0 = Clock::now();
    pid_t p = spawn({kiosk, "run", "--sim", "--port", std::to_string(port), "--db", db}, true);
    bool up = false;
    while (ms_since(t0) < 10000 && !(up = healthz(port)))
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (!up) {
      std::printf("{\"error\":\"kiosk did not become ready within 10 s\"}\n");
      stop(p);
      return 1;
    }
    ready.push_back(ms_since(t0));
    std::printf("run %d: ready in %.1f ms\n", r, ready.back());
    if (r + 1 < runs)
      stop(p);
    else
      last = p;
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // settle
  long rss_kb = proc_rss_kb(last);
  long cpu0 = proc_cpu_ticks(last);
  auto t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(idle_s));
  double wall_s = ms_since(t0) / 1000.0;
  long cpu1 = proc_cpu_ticks(last);
  stop(last);
  std::filesystem::remove_all(dir);
  double cpu_pct =
      100.0 * static_cast<double>(cpu1 - cpu0) / static_cast<double>(sysconf(_SC_CLK_TCK)) / wall_s;
  std::printf(
      "{\"bench\":\"startup\",\"runs\":%d,\"ready_median_ms\":%.1f,\"ready_max_ms\":%.1f,"
      "\"baseline_exec_help_median_ms\":%.1f,\"idle_rss_mb\":%.1f,\"idle_cpu_pct\":%.2f,"
      "\"idle_seconds\":%.1f,\"goals\":{\"ready_ms\":1000,\"idle_rss_mb\":80,\"idle_cpu_pct\":2}}"
      "\n",
      runs, median(ready), *std::max_element(ready.begin(), ready.end()), median(baseline),
      static_cast<double>(rss_kb) / 1024.0, cpu_pct, wall_s);
  return 0;
}
