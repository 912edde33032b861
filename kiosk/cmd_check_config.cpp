#include <cstdio>

#include "kiosk/commands.hpp"
#include "kiosk/config/kiosk_config.hpp"

namespace kiosk::app {

int cmd_check_config(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: kiosk check-config FILE\n");
    return 2;
  }
  auto c = load_config_file(argv[1]);
  if (!c) {
    std::printf("%s: %zu problem(s)\n", argv[1], c.error().problems.size());
    for (const auto& p : c.error().problems) std::printf("  %s\n", p.c_str());
    return 1;
  }
  std::printf("%s: ok (kiosk %s, %zu assets, validator %s, printer %s)\n", argv[1],
              c->kiosk_id.c_str(), c->assets.size(), c->validator.protocol.c_str(),
              c->printer.protocol.c_str());
  return 0;
}

}  // namespace kiosk::app
