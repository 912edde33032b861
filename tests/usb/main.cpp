// The test runner for the libusb tests: they need the umockdev preload library, so when it is not
// loaded the binary runs itself again through umockdev-wrapper. Without umockdev installed the
// tests are skipped (exit 77, which CTest reports as skipped) with a message saying what to
// install.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

bool under_umockdev() {
  const char* preload = std::getenv("LD_PRELOAD");
  return preload && std::strstr(preload, "libumockdev-preload");
}

}  // namespace

int main(int argc, char** argv) {
  if (!under_umockdev()) {
    if (std::getenv("KIOSK_USB_TEST_REEXEC")) {
      std::fprintf(stderr, "usb tests: umockdev-wrapper ran but LD_PRELOAD has no umockdev\n");
      return 1;
    }
    char self[4096] = {};
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
      std::perror("readlink /proc/self/exe");
      return 1;
    }
    ::setenv("KIOSK_USB_TEST_REEXEC", "1", 1);
    std::vector<char*> args{const_cast<char*>("umockdev-wrapper"), self};
    for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    ::execvp("umockdev-wrapper", args.data());
    std::fprintf(stderr,
                 "usb tests SKIPPED: umockdev-wrapper not found (%s); install the Debian packages "
                 "umockdev and libumockdev-dev (scripts/install-deps.sh)\n",
                 std::strerror(errno));
    return 77;
  }
  doctest::Context ctx(argc, argv);
  return ctx.run();
}
