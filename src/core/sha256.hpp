#pragma once
// SHA-256 for manifest.sha256 and the validation report's provenance table, by OpenSSL's
// libcrypto (EVP), which uses the CPU's SHA extensions where present: results are gigabytes,
// and a scalar hash was a quarter of a one-raster run. Checked against the FIPS/NIST test
// vectors in tests/unit/core.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

struct evp_md_ctx_st;

namespace oremap {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  // The digest; the object must not be updated afterwards.
  std::array<std::uint8_t, 32> finish();

 private:
  struct Free {
    void operator()(evp_md_ctx_st* c) const;
  };
  std::unique_ptr<evp_md_ctx_st, Free> ctx_;
};

std::string to_hex(const std::array<std::uint8_t, 32>& digest);

// Lower-case hex digest of a byte string.
std::string sha256_hex(const std::string& bytes);

// Lower-case hex digest of a file, read in 1 MiB chunks; throws InputError if unreadable.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace oremap
