// `kiosk parse-wallet` and `kiosk decode-qr`, run in-process with stdout captured.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/camera/sample_payloads.hpp"
#include "sim/camera/synthetic_qr.hpp"

namespace kiosk::app {
int cmd_parse_wallet(int argc, char** argv);
int cmd_decode_qr(int argc, char** argv);
}  // namespace kiosk::app

namespace {

struct Run {
  int status;
  std::string out;
};

// Runs `fn` with argv, capturing what it writes to stdout.
Run run(int (*fn)(int, char**), std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::fflush(stdout);
  std::FILE* capture = std::tmpfile();
  int saved = dup(fileno(stdout));
  dup2(fileno(capture), fileno(stdout));
  int status = fn(static_cast<int>(argv.size()), argv.data());
  std::fflush(stdout);
  dup2(saved, fileno(stdout));
  close(saved);
  std::rewind(capture);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, capture)) > 0;) out.append(buf, n);
  std::fclose(capture);
  return {status, out};
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

}  // namespace

TEST_CASE("parse-wallet prints one JSON object and exits 0, 1 or 2") {
  auto ok = run(kiosk::app::cmd_parse_wallet,
                {"parse-wallet", "--asset", "BTC/bitcoin",
                 "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?amount=0.0005&label=Kiosk%"
                 "20Astana"});
  CHECK(ok.status == 0);
  auto j = nlohmann::json::parse(ok.out);
  CHECK(j["ok"] == true);
  CHECK(j["asset"] == "BTC");
  CHECK(j["kind"] == "bip21");
  CHECK(j["address"] == "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
  CHECK(j["address_masked"] == "bc1qw5\u2026f3t4");
  CHECK(j["amount"] == "50000");
  CHECK(j["amount_units"] == "0.0005");
  CHECK(j["label"] == "Kiosk Astana");
  CHECK(j["warnings"] == nlohmann::json::array({"amount_in_qr"}));

  auto refused = run(kiosk::app::cmd_parse_wallet, {"parse-wallet", "--asset", "USDT/ethereum",
                                                    "TLeUZDGLWnyiJVFcp3m3M1782uBsGWa8uf"});
  CHECK(refused.status == 1);
  auto r = nlohmann::json::parse(refused.out);
  CHECK(r["ok"] == false);
  CHECK(r["code"] == "wrong_chain");

  auto testnet = run(kiosk::app::cmd_parse_wallet,
                     {"kiosk", "parse-wallet", "--allow-testnet", "--asset", "BTC/bitcoin",
                      "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"});
  CHECK(testnet.status == 0);
  auto accepted = run(kiosk::app::cmd_parse_wallet,
                      {"parse-wallet", "--asset", "BTC/bitcoin", "--accept", "BTC/lightning",
                       kiosk::sim::sample_payload("BTC/lightning", true)});
  CHECK(accepted.status == 0);
  auto a = nlohmann::json::parse(accepted.out);
  CHECK(a["kind"] == "bolt11");
  CHECK(a["amount"] == "2500000000");  // millisatoshi
  CHECK(a["amount_units"] == "0.025");

  CHECK(run(kiosk::app::cmd_parse_wallet, {"parse-wallet", "bc1q"}).status == 2);
  CHECK(run(kiosk::app::cmd_parse_wallet, {"parse-wallet", "--asset", "BTC"}).status == 2);
  CHECK(run(kiosk::app::cmd_parse_wallet, {"parse-wallet", "--asset", "BTC/bitcoin"}).status == 2);
  CHECK(run(kiosk::app::cmd_parse_wallet, {"parse-wallet", "--asset", "BTC/bitcoin", "a", "b"})
            .status == 2);
  CHECK(run(kiosk::app::cmd_parse_wallet, {"parse-wallet", "--bogus"}).status == 2);
  auto unknown =
      run(kiosk::app::cmd_parse_wallet, {"parse-wallet", "--asset", "DOGE/dogecoin", "x"});
  CHECK(unknown.status == 1);
  CHECK(nlohmann::json::parse(unknown.out)["code"] == "unsupported_asset");
}

TEST_CASE("decode-qr prints one JSON line per image") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kiosk-decode-qr-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string payload = kiosk::sim::sample_payload("USDT/tron", true);
  kiosk::sim::SyntheticQrOptions o;
  o.seed = 5;
  std::string with_code = (dir / "code.png").string();
  std::string blank = (dir / "blank.png").string();
  std::string junk = (dir / "junk.png").string();
  REQUIRE(cv::imwrite(with_code, kiosk::sim::render_qr_frame(payload, o)));
  REQUIRE(cv::imwrite(blank, kiosk::sim::render_blank_frame(o)));
  std::ofstream(junk) << "not an image";

  auto both = run(kiosk::app::cmd_decode_qr, {"decode-qr", with_code, blank});
  CHECK(both.status == 0);
  auto lines = json_lines(both.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["image"] == with_code);
  REQUIRE(lines[0]["payloads"].size() == 1);
  CHECK(lines[0]["payloads"][0]["text"] == payload);
  CHECK(lines[0]["payloads"][0]["corners"].size() == 4);
  CHECK(lines[0]["payloads"][0]["corners"][0].size() == 2);
  CHECK(lines[0]["ms"].is_number());
  CHECK(lines[1]["payloads"].empty());

  auto bad = run(kiosk::app::cmd_decode_qr,
                 {"kiosk", "decode-qr", junk, (dir / "missing.png").string(), with_code});
  CHECK(bad.status == 1);
  lines = json_lines(bad.out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0]["error"].is_string());
  CHECK(lines[1]["error"].is_string());
  CHECK(lines[2]["payloads"].size() == 1);

  CHECK(run(kiosk::app::cmd_decode_qr, {"decode-qr"}).status == 2);
  CHECK(run(kiosk::app::cmd_decode_qr, {"decode-qr", "--bogus", with_code}).status == 2);
  fs::remove_all(dir);
}
