#include "flows/wallet/hashes.hpp"

#include <doctest/doctest.h>

#include <string>

#include "test_hex.hpp"

using namespace kiosk::flows::wallet;

namespace {
std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
}  // namespace

TEST_CASE("sha256 matches FIPS 180-4 vectors, across block boundaries") {
  CHECK(to_hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(to_hex(sha256("abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(to_hex(sha256(std::string(55, 'a'))) ==
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(to_hex(sha256(std::string(56, 'a'))) ==
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(to_hex(sha256(std::string(64, 'a'))) ==
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  CHECK(to_hex(sha256(std::string(1'000'000, 'a'))) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("keccak256 is Ethereum's Keccak, not NIST SHA3") {
  CHECK(to_hex(keccak256("")) ==
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  CHECK(to_hex(keccak256("abc")) ==
        "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  CHECK(to_hex(keccak256("")) != to_hex(sha3_256({})));
}

TEST_CASE("the Keccak permutation and absorption agree with SHA3-256 over many blocks") {
  // Same sponge, NIST padding: checked against Python's hashlib.sha3_256.
  struct V {
    std::size_t n;
    const char* hex;
  };
  for (V v : {V{0, "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"},
              V{1, "80084bf2fba02475726feb2cab2d8215eab14bc6bdd8bfb2c8151257032ecd8b"},
              V{135, "8094bb53c44cfb1e67b7c30447f9a1c33696d2463ecc1d9c92538913392843c9"},
              V{136, "3fc5559f14db8e453a0a3091edbd2bc25e11528d81c66fa570a4efdcc2695ee1"},
              V{137, "f8d6846cedd2ccfadf15c5879ef95af724d799eed7391fb1c91f95344e738614"},
              V{200, "cce34485baf2bf2aca99b94833892a4f52896d3d153f7b840cc4f9fe695f1387"},
              V{272, "a490357b9b3fb39d0a89a117734e5b020b1f33c7bf3fa3575c396425432003d3"},
              V{1000, "8f3934e6f7a15698fe0f396b95d8c4440929a8fa6eae140171c068b4549fbf81"}}) {
    CAPTURE(v.n);
    std::string input(v.n, 'a');
    CHECK(to_hex(sha3_256(bytes_of(input))) == v.hex);
  }
}
