// A standalone driver for LLVMFuzzerTestOneInput targets when libFuzzer is not available (g++):
// feeds seeded random inputs and random mutations of them. Usage: TARGET [--runs N] [--seed S]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  long runs = 10000;
  unsigned seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::atol(argv[i + 1]);
    if (std::strcmp(argv[i], "--seed") == 0) seed = static_cast<unsigned>(std::atol(argv[i + 1]));
  }
  std::mt19937 rng(seed);
  std::vector<std::uint8_t> buf;
  for (long r = 0; r < runs; ++r) {
    if (r % 16 == 0 || buf.size() > 4096) buf.assign(rng() % 64, 0);
    switch (rng() % 4) {
      case 0:  // fresh random bytes
        for (auto& b : buf) b = static_cast<std::uint8_t>(rng());
        break;
      case 1:  // append
        buf.push_back(static_cast<std::uint8_t>(rng()));
        break;
      case 2:  // flip a byte
        if (!buf.empty()) buf[rng() % buf.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        break;
      default:  // truncate
        if (!buf.empty()) buf.resize(rng() % buf.size());
    }
    LLVMFuzzerTestOneInput(buf.data(), buf.size());
  }
  std::printf("%ld runs, no crash\n", runs);
  return 0;
}
