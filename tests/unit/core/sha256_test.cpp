// SHA-256 against the FIPS 180-2 / NIST example vectors, and chunked updates against one-shot.
#include "core/sha256.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "../test_support.hpp"

using namespace oremap;

TEST_CASE("sha256: FIPS 180-2 and NIST known vectors", "[core][sha256]") {
  // FIPS 180-2 appendix B.1: "abc".
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // The empty message (NIST CAVS SHA256ShortMsg, Len = 0).
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // FIPS 180-2 appendix B.2: 448-bit message (padding spills into a second block).
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // FIPS 180-2 appendix B.3: one million 'a'.
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // A familiar pangram (widely published digest).
  CHECK(sha256_hex("The quick brown fox jumps over the lazy dog") ==
        "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
}

TEST_CASE("sha256: any split of the input into updates gives the same digest", "[core][sha256]") {
  // Lengths around the 55/56/64-byte padding boundaries, split at every position.
  for (std::size_t len : {55u, 56u, 63u, 64u, 65u, 119u, 128u}) {
    std::string msg;
    for (std::size_t i = 0; i < len; ++i) msg += static_cast<char>('a' + i % 26);
    const std::string whole = sha256_hex(msg);
    for (std::size_t cut = 0; cut <= len; ++cut) {
      Sha256 h;
      h.update(msg.data(), cut);
      h.update(msg.data() + cut, len - cut);
      INFO("length " << len << ", cut at " << cut);
      CHECK(to_hex(h.finish()) == whole);
    }
  }
}

TEST_CASE("sha256: a file is hashed as its bytes", "[core][sha256]") {
  test::TempDir dir;
  test::write_text_file(dir.path() / "abc.txt", "abc");
  CHECK(sha256_file(dir.path() / "abc.txt") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK_THROWS_WITH(sha256_file(dir.path() / "missing.txt"), Catch::Contains("cannot read the file"));
}
