// Personal data at rest: AES-256-GCM boxes open only with the same key and context, and any
// change to the box is detected.
#include "offline_queue/sealed_box.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace kiosk::oq;

TEST_CASE("a sealed box opens with its key and context only") {
  auto key = SealKey::from_bytes(std::string(32, '\x07'));
  auto other = SealKey::from_bytes(std::string(32, '\x08'));
  REQUIRE(key);
  REQUIRE(other);
  std::string image = "\xFF\xD8\xFF\xE0 pretend JPEG of an ID card";
  auto box = seal(*key, image, "tx-1/document");
  REQUIRE(box);
  CHECK(box->size() == image.size() + 28);
  CHECK(box->find("pretend JPEG") == std::string::npos);
  CHECK(open_sealed(*key, *box, "tx-1/document") == image);
  CHECK_FALSE(open_sealed(*other, *box, "tx-1/document"));
  CHECK_FALSE(open_sealed(*key, *box, "tx-2/document"));
  std::string tampered = *box;
  tampered[20] ^= 1;
  CHECK_FALSE(open_sealed(*key, tampered, "tx-1/document"));
  CHECK_FALSE(open_sealed(*key, box->substr(0, 10), "tx-1/document"));
  // Two seals of the same data differ (fresh nonce).
  CHECK(*seal(*key, image, "tx-1/document") != *box);
}

TEST_CASE("keys load from a hex file and bad key files are refused with a reason") {
  auto dir = std::filesystem::temp_directory_path();
  auto good = (dir / "seal-key-good.txt").string(), bad = (dir / "seal-key-bad.txt").string();
  std::ofstream(good) << std::string(64, 'a') << "\n";
  std::ofstream(bad) << "not-a-key\n";
  auto k = SealKey::from_file(good);
  REQUIRE(k);
  CHECK(k->bytes() == std::string(32, '\xaa'));
  auto e = SealKey::from_file(bad);
  REQUIRE_FALSE(e);
  CHECK(e.error().what.find("64 hex digits") != std::string::npos);
  CHECK_FALSE(SealKey::from_file((dir / "no-such-key").string()));
  CHECK_FALSE(SealKey::from_bytes("short"));
  std::filesystem::remove(good);
  std::filesystem::remove(bad);
}

TEST_CASE("a seal key file is one line of 64 hex digits: raw bytes and extra lines are refused") {
  auto dir = std::filesystem::temp_directory_path();
  auto raw = (dir / "seal-key-raw.bin").string(), two = (dir / "seal-key-two-ends.txt").string();
  std::ofstream(raw, std::ios::binary) << std::string(32, 'k');  // 32 raw bytes, no hex
  std::ofstream(two) << std::string(64, 'a') << "\n\n";
  CHECK_FALSE(SealKey::from_file(raw));
  CHECK_FALSE(SealKey::from_file(two));
  std::filesystem::remove(raw);
  std::filesystem::remove(two);
}
