// `kiosk check-config [--sim] FILE`: would `kiosk run --config FILE` (or, with --sim, `kiosk run
// --sim --config FILE`) accept this file? Prints every problem with its JSON path.
#include <cstdio>
#include <string>

#include "kiosk/commands.hpp"
#include "kiosk/config/kiosk_config.hpp"
#include "kiosk/config/production_check.hpp"

namespace kiosk::app {

int cmd_check_config(int argc, char** argv) {
  bool sim = argc == 3 && std::string(argv[1]) == "--sim";
  if (argc != 2 && !sim) {
    std::fprintf(stderr, "usage: kiosk check-config [--sim] FILE\n");
    return 2;
  }
  const char* path = argv[argc - 1];
  auto c = load_config_file(path);
  auto problems = c ? std::vector<std::string>{} : c.error().problems;
  if (c && !sim) problems = production_problems(*c);
  if (!problems.empty()) {
    std::printf("%s: %zu problem(s)\n", path, problems.size());
    for (const auto& p : problems) std::printf("  %s\n", p.c_str());
    return 1;
  }
  std::printf("%s: ok%s (kiosk %s, %zu assets, validator %s, printer %s)\n", path,
              sim ? " for --sim" : "", c->kiosk_id.c_str(), c->assets.size(),
              c->validator.protocol.c_str(), c->printer.protocol.c_str());
  return 0;
}

}  // namespace kiosk::app
