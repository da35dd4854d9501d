#pragma once
// What the fuzz targets share: a scratch folder per process, silenced GDAL messages, and the
// rule for outcomes (an oremap::Error is an answer; any other exception is a finding).
#include <cpl_error.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <typeinfo>

#include "core/error.hpp"

namespace oremap::fuzz {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed at exit.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "oremap-fuzz-XXXXXX").string();
    if (!mkdtemp(pattern.data())) std::abort();
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline void write_file(const fs::path& path, const void* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) std::abort();
}

inline void write_file(const fs::path& path, const std::string& text) { write_file(path, text.data(), text.size()); }

// Runs one input: oremap's own errors are expected outcomes of bad input; anything else thrown
// is a bug (it would reach the CLI as "internal error", exit 1), so it aborts for libFuzzer.
template <typename F>
void expect_oremap_errors_only(F&& run) {
  try {
    run();
  } catch (const oremap::Error&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz finding: %s thrown: %s\n", typeid(e).name(), e.what());
    std::abort();
  }
}

// GDAL and PROJ would print a line per malformed input; only crashes matter here.
inline void silence_gdal() { CPLSetErrorHandler(CPLQuietErrorHandler); }

}  // namespace oremap::fuzz
