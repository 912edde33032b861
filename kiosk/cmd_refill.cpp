// `kiosk refill-cassettes DB --cassettes KZT:COUNT[,KZT:COUNT...] [--reject-emptied N]`
// The technician's refill, with the kiosk stopped: journals the counted notes per cassette (the
// new book) and the reconciliation against what the journal says the cassettes held, and prints
// that reconciliation as one JSON object. A difference is recorded, never absorbed silently.
// The running kiosk reads the counts from the journal when it starts.
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kiosk/cassette_arg.hpp"
#include "kiosk/commands.hpp"
#include "kiosk/shell/cassette_refill.hpp"

namespace kiosk::app {
namespace {

int usage(const char* why) {
  std::fprintf(stderr,
               "kiosk refill-cassettes: %s\n"
               "usage: kiosk refill-cassettes DB --cassettes KZT:COUNT[,KZT:COUNT...] "
               "[--reject-emptied N]\n",
               why);
  return 2;
}

}  // namespace

int cmd_refill_cassettes(int argc, char** argv) {
  std::string db;
  std::vector<flows::dispense::Cassette> counted;
  int reject = 0;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--cassettes" && i + 1 < argc) {
      if (!parse_cassettes(argv[++i], counted)) return usage("bad --cassettes");
    } else if (a == "--reject-emptied" && i + 1 < argc) {
      std::string_view v = argv[++i];
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), reject);
      if (ec != std::errc() || p != v.data() + v.size() || reject < 0)
        return usage("bad --reject-emptied");
    } else if (db.empty() && !a.starts_with("--")) {
      db = a;
    } else {
      return usage(("unexpected argument " + std::string(a)).c_str());
    }
  }
  if (db.empty() || counted.empty()) return usage("DB and --cassettes are required");
  auto store = oq::Store::open(db);
  if (!store) {
    std::fprintf(stderr, "kiosk refill-cassettes: %s: %s\n", db.c_str(),
                 store.error().what.c_str());
    return 1;
  }
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  auto out = refill_cassettes(**store, counted, reject, "cli:" + std::to_string(::getuid()), now);
  if (!out) {
    std::fprintf(stderr, "kiosk refill-cassettes: %s: %s\n", out.error().kind.c_str(),
                 out.error().why.c_str());
    return 1;
  }
  std::printf("%s\n", out->dump().c_str());
  return 0;
}

}  // namespace kiosk::app
