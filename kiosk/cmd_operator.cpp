// `kiosk operator keygen --out PREFIX`: writes a new Ed25519 key pair, PREFIX.key (private, PKCS#8
// PEM, mode 0600: keep it off the kiosks) and PREFIX.pub (the public half for
// operator.command_public_key_file).
// `kiosk operator sign --key FILE --kiosk ID --seq N --name NAME [--args JSON] [--ttl S] [--id ID]
// [--issued-at UNIX_S]`: prints a signed command envelope (exchange-api.md, "Operator commands")
// as one JSON line, for the exchange to queue (or POST /sim/commands on the simulator).
// `kiosk operator badge ...`: a technician badge (cmd_operator_badge.cpp).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kiosk/commands.hpp"
#include "offline_queue/ed25519.hpp"
#include "offline_queue/operator_command.hpp"
#include "offline_queue/operator_command_args.hpp"

namespace kiosk::app {
namespace {

int usage(const std::string& why) {
  std::fprintf(
      stderr,
      "kiosk operator: %s\n"
      "usage: kiosk operator keygen --out PREFIX\n"
      "       kiosk operator sign --key FILE --kiosk ID --seq N --name NAME [--args JSON]\n"
      "                           [--ttl SECONDS] [--id ID] [--issued-at UNIX_SECONDS]\n"
      "       kiosk operator badge --key FILE --technician ID --kiosks ID,..|* --permissions P,..\n"
      "                            [--hours H] [--pin-stdin] [--svg FILE]\n",
      why.c_str());
  return 2;
}

bool write_file(const std::string& path, const std::string& text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, mode);
  if (fd < 0) return false;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fsync(fd) == 0 && ok;
  return ::close(fd) == 0 && ok;
}

bool parse_int(std::string_view v, std::int64_t& out) {
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && p == v.data() + v.size();
}

int keygen(int argc, char** argv) {
  std::string prefix;
  for (int i = 2; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--out" && i + 1 < argc)
      prefix = argv[++i];
    else
      return usage("unexpected argument " + std::string(a));
  }
  if (prefix.empty()) return usage("--out PREFIX is required");
  auto key = oq::Ed25519PrivateKey::generate();
  if (!key) return usage(key.error());
  if (!write_file(prefix + ".key", key->pem(), 0600)) {
    std::fprintf(stderr, "kiosk operator keygen: cannot create %s.key (it must not exist)\n",
                 prefix.c_str());
    return 1;
  }
  if (!write_file(prefix + ".pub", key->public_pem(), 0644)) {
    std::fprintf(stderr, "kiosk operator keygen: cannot create %s.pub (it must not exist)\n",
                 prefix.c_str());
    return 1;
  }
  std::printf(
      "%s.key (private: keep it off the kiosks)\n%s.pub (operator.command_public_key_file)\n",
      prefix.c_str(), prefix.c_str());
  return 0;
}

int sign(int argc, char** argv) {
  std::string key_file, kiosk, name, id, args_text = "{}";
  std::int64_t seq = 0, ttl = 300, issued_at = -1;
  for (int i = 2; i < argc; ++i) {
    std::string_view a = argv[i];
    if (i + 1 >= argc) return usage("missing value after " + std::string(a));
    std::string_view v = argv[++i];
    if (a == "--key")
      key_file = v;
    else if (a == "--kiosk")
      kiosk = v;
    else if (a == "--name")
      name = v;
    else if (a == "--id")
      id = v;
    else if (a == "--args")
      args_text = v;
    else if (a == "--seq") {
      if (!parse_int(v, seq) || seq < 1) return usage("--seq wants 1 or more");
    } else if (a == "--ttl") {
      if (!parse_int(v, ttl) || ttl < 1) return usage("--ttl wants seconds");
    } else if (a == "--issued-at") {
      if (!parse_int(v, issued_at)) return usage("--issued-at wants Unix seconds");
    } else
      return usage("unknown option " + std::string(a));
  }
  if (key_file.empty() || kiosk.empty() || name.empty() || seq == 0)
    return usage("--key, --kiosk, --seq and --name are required");
  auto args = nlohmann::json::parse(args_text, nullptr, false);
  if (!args.is_object()) return usage("--args must be a JSON object");
  if (oq::find_command(name) == nullptr) return usage("no command named " + name);
  if (auto p = oq::command_args_problem(name, args); !p.empty()) return usage(p);
  auto key = oq::Ed25519PrivateKey::from_pem_file(key_file);
  if (!key) return usage(key.error());
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  if (issued_at < 0) issued_at = now;
  if (id.empty()) id = "cmd-" + kiosk + "-" + std::to_string(seq);
  if (!oq::usable_command_id(id)) return usage("--id must be 1-64 of A-Z a-z 0-9 . _ - :");
  oq::OperatorCommand c{id, kiosk, seq, issued_at, issued_at + ttl, name, args};
  auto env = oq::sign_command(c, *key);
  if (!oq::command_signing_bytes(env)) return usage("--args has no canonical form (no floats)");
  std::printf("%s\n", env.dump().c_str());
  return 0;
}

}  // namespace

int cmd_operator(int argc, char** argv) {
  if (argc < 2) return usage("keygen, sign or badge?");
  std::string_view verb = argv[1];
  if (verb == "keygen") return keygen(argc, argv);
  if (verb == "sign") return sign(argc, argv);
  if (verb == "badge") return cmd_operator_badge(argc, argv);
  return usage("unknown verb " + std::string(verb));
}

}  // namespace kiosk::app
