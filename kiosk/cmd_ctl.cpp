// `kiosk ctl [--socket PATH | --config FILE [--db PATH]] [--json] COMMAND [ARGS]`: talks to the
// running kiosk over its Unix socket (kiosk/observe/ctl_server.hpp). Prints the answer as text,
// or as the JSON line itself with --json. Exit 0 on an ok answer, 1 on a refusal, 2 on misuse
// or no kiosk listening.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <expected>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/cassette_arg.hpp"
#include "kiosk/commands.hpp"
#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/observe/ctl_text.hpp"

namespace kiosk::app {
namespace {

using nlohmann::json;

constexpr const char* kUsage =
    "usage: kiosk ctl [--socket PATH | --config FILE [--db PATH]] [--json] COMMAND\n"
    "  status | devices | cassettes | journal tail [N] |\n"
    "  refill --cassettes KZT:COUNT[,KZT:COUNT...] [--reject-emptied N] |\n"
    "  maintenance on|off | test-dispense --cassette N [--count 1..5]\n"
    "without --socket or --config: /run/kiosk/ctl.sock when it exists, else the sim config's\n";

int usage(const std::string& why) {
  std::fprintf(stderr, "kiosk ctl: %s\n%s", why.c_str(), kUsage);
  return 2;
}

bool parse_int(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// The request line for the words after the options, or why not.
std::expected<json, std::string> request_for(const std::vector<std::string>& w) {
  if (w.empty()) return std::unexpected("no command");
  const std::string& c = w[0];
  if ((c == "status" || c == "devices" || c == "cassettes") && w.size() == 1)
    return json{{"cmd", c}};
  if (c == "test-dispense") {  // notes into the reject tray; the kiosk checks the ranges
    json r = {{"cmd", "test_dispense"}};
    for (std::size_t i = 1; i < w.size(); ++i) {
      int n = 0;
      if ((w[i] == "--cassette" || w[i] == "--count") && i + 1 < w.size() &&
          parse_int(w[i + 1], n)) {
        r[w[i] == "--cassette" ? "cassette" : "count"] = n;
        ++i;
      } else {
        return std::unexpected("test-dispense: unexpected argument " + w[i]);
      }
    }
    if (!r.contains("cassette")) return std::unexpected("test-dispense needs --cassette N");
    return r;
  }
  if (c == "journal" && w.size() >= 2 && w[1] == "tail" && w.size() <= 3) {
    json r = {{"cmd", "journal_tail"}};
    if (w.size() == 3) {
      int n = 0;
      if (!parse_int(w[2], n) || n < 1 || n > 500) return std::unexpected("N must be 1..500");
      r["n"] = n;
    }
    return r;
  }
  if (c == "maintenance" && w.size() == 2 && (w[1] == "on" || w[1] == "off"))
    return json{{"cmd", "maintenance"}, {"on", w[1] == "on"}};
  if (c == "refill") {
    json r = {{"cmd", "refill"}, {"cassettes", json::array()}};
    for (std::size_t i = 1; i < w.size(); ++i) {
      if (w[i] == "--cassettes" && i + 1 < w.size()) {
        std::vector<flows::dispense::Cassette> cs;
        if (!parse_cassettes(w[++i], cs)) return std::unexpected("bad --cassettes");
        for (const auto& k : cs)
          r["cassettes"].push_back({{"index", k.index}, {"kzt", k.kzt.value}, {"count", k.count}});
      } else if (w[i] == "--reject-emptied" && i + 1 < w.size()) {
        int n = 0;
        if (!parse_int(w[++i], n) || n < 0) return std::unexpected("bad --reject-emptied");
        r["reject_emptied"] = n;
      } else {
        return std::unexpected("unexpected argument " + w[i]);
      }
    }
    if (r["cassettes"].empty()) return std::unexpected("refill needs --cassettes");
    return r;
  }
  return std::unexpected("unknown command: " + c);
}

std::expected<std::string, std::string> exchange_line(const std::string& path,
                                                      const std::string& line) {
  sockaddr_un addr{};
  if (path.size() >= sizeof addr.sun_path) return std::unexpected("socket path too long");
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::unexpected(std::string("socket: ") + std::strerror(errno));
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size());
  timeval tv{90, 0};  // a test dispense of five notes takes seconds on a real dispenser
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd);
    return std::unexpected("cannot connect to " + path + ": " + why);
  }
  std::string out = line + "\n";
  for (std::size_t sent = 0; sent < out.size();) {
    ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may have answered (forbidden) and closed: read it
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buf[4096];
  while (answer.find('\n') == std::string::npos) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    answer.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (answer.find('\n') == std::string::npos)
    return std::unexpected("no answer from the kiosk on " + path);
  return answer.substr(0, answer.find('\n'));
}

}  // namespace

int cmd_ctl(int argc, char** argv) {
  std::string socket, config_path, db;
  bool as_json = false;
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (words.empty() && (a == "--socket" || a == "--config" || a == "--db")) {
      if (i + 1 >= argc) return usage(std::string(a) + " needs a value");
      (a == "--socket" ? socket : a == "--config" ? config_path : db) = argv[++i];
    } else if (a == "--json") {
      as_json = true;
    } else if (a == "-h" || a == "--help") {
      std::printf("%s", kUsage);
      return 0;
    } else {
      words.emplace_back(a);
    }
  }
  auto request = request_for(words);
  if (!request) return usage(request.error());
  if (socket.empty()) {
    std::error_code ec;
    if (config_path.empty() && db.empty() && std::filesystem::exists("/run/kiosk/ctl.sock", ec)) {
      socket = "/run/kiosk/ctl.sock";
    } else {
      auto config = load_config_file(config_path.empty() ? default_sim_config_path() : config_path);
      if (!config) {
        for (const auto& p : config.error().problems) std::fprintf(stderr, "%s\n", p.c_str());
        return 2;
      }
      socket = resolve_ctl_socket(config->observability, db.empty() ? config->db_path : db);
      if (socket.empty()) return usage("the config has no ctl.socket_path");
    }
  }
  auto line = exchange_line(socket, request->dump());
  if (!line) {
    std::fprintf(stderr, "kiosk ctl: %s\n", line.error().c_str());
    return 2;
  }
  json answer = json::parse(*line, nullptr, false);
  if (as_json)
    std::printf("%s\n", line->c_str());
  else
    std::printf("%s", ctl_human_text((*request)["cmd"].get<std::string>(), answer).c_str());
  return answer.is_object() && answer.value("ok", false) ? 0 : 1;
}

}  // namespace kiosk::app
