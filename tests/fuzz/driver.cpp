// A standalone driver for LLVMFuzzerTestOneInput targets when libFuzzer is not available (g++).
// Usage: TARGET [--runs N] [--seed S] [--replay PATH...]
//  --replay: first feeds every file named, and every file in every folder named (sorted, not
//            recursive; a folder that does not exist is skipped): the seed corpus and the crash
//            regressions, so a fixed crash stays fixed under `make test`;
//  then N seeded random inputs and random mutations of them (N = 10000 unless --runs).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> files_under(const std::vector<std::string>& paths) {
  std::vector<fs::path> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      files.emplace_back(p);
      continue;
    }
    if (!fs::is_directory(p, ec)) continue;
    std::vector<fs::path> here;
    for (const auto& e : fs::directory_iterator(p, ec))
      if (e.is_regular_file()) here.push_back(e.path());
    std::sort(here.begin(), here.end());
    files.insert(files.end(), here.begin(), here.end());
  }
  return files;
}

std::vector<std::uint8_t> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void run_random(long runs, unsigned seed) {
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
}

}  // namespace

int main(int argc, char** argv) {
  long runs = 10000;
  unsigned seed = 1;
  std::vector<std::string> replay;
  bool in_replay = false;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--runs") == 0 && has_value) {
      runs = std::atol(argv[++i]);
      in_replay = false;
    } else if (std::strcmp(argv[i], "--seed") == 0 && has_value) {
      seed = static_cast<unsigned>(std::atol(argv[++i]));
      in_replay = false;
    } else if (std::strcmp(argv[i], "--replay") == 0) {
      in_replay = true;
    } else if (in_replay) {
      replay.emplace_back(argv[i]);
    } else {
      std::fprintf(stderr, "usage: %s [--runs N] [--seed S] [--replay PATH...]\n", argv[0]);
      return 2;
    }
  }
  const auto files = files_under(replay);
  for (const auto& f : files) {
    const auto bytes = slurp(f);
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  }
  run_random(runs, seed);
  std::printf("%zu files replayed, %ld random runs, no crash\n", files.size(), runs);
  return 0;
}
