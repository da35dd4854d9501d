#pragma once
// SHA-256 (FIPS 180-4) for the provenance table of the validation report. GDAL has one
// (CPL_SHA256) but does not install its header, so it is not public API; this is the
// textbook algorithm, checked against the FIPS/NIST test vectors in tests/unit/core.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace oremap {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  // The digest; the object must not be updated afterwards.
  std::array<std::uint8_t, 32> finish();

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  // bytes hashed so far
};

std::string to_hex(const std::array<std::uint8_t, 32>& digest);

// Lower-case hex digest of a byte string.
std::string sha256_hex(const std::string& bytes);

// Lower-case hex digest of a file, read in 1 MiB chunks; throws InputError if unreadable.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace oremap
