#include "core/disk_space.hpp"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace oremap {

namespace fs = std::filesystem;

namespace {

// The nearest existing folder at or above `p` (the file itself may be gone or not yet there).
fs::path existing_folder(const fs::path& p) {
  std::error_code ec;
  fs::path dir = fs::absolute(p, ec).lexically_normal();
  if (ec) dir = p;
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  while (!dir.empty() && !fs::exists(dir, ec) && dir != dir.root_path()) dir = dir.parent_path();
  return dir;
}

// Where the file system holding `dir` is mounted: the highest ancestor on the same device.
fs::path mount_point(const fs::path& dir) {
  struct stat here {};
  if (::stat(dir.c_str(), &here) != 0) return dir;
  fs::path at = dir;
  while (at != at.root_path() && !at.empty()) {
    struct stat up {};
    if (::stat(at.parent_path().c_str(), &up) != 0 || up.st_dev != here.st_dev) break;
    at = at.parent_path();
  }
  return at;
}

}  // namespace

std::uint64_t free_bytes(const fs::path& path) {
  const fs::path dir = existing_folder(path);
  struct statvfs s {};
  if (dir.empty() || ::statvfs(dir.c_str(), &s) != 0) return UINT64_MAX;  // unknown: assume room
  // root may use the blocks reserved for it; others only the available ones
  const unsigned long long blocks = ::geteuid() == 0 ? s.f_bfree : s.f_bavail;
  return static_cast<std::uint64_t>(s.f_frsize) * blocks;
}

std::string disk_shortfall_message(const fs::path& dir, std::uint64_t needed, std::uint64_t available) {
  if (needed <= available) return "";
  auto gib = [](std::uint64_t b) {
    char text[32];
    const bool large = b >= (1ull << 30);
    std::snprintf(text, sizeof text, "%.1f %s", static_cast<double>(b) / (large ? 1ull << 30 : 1ull << 20),
                  large ? "GiB" : "MiB");
    return std::string(text);
  };
  return "the run needs up to " + gib(needed) + " of temporary disk in " + dir.string() + " (on " +
         mount_point(existing_folder(dir)).string() + "), and " + gib(available) +
         " is free; free space there, set [project] output to a folder on another disk, or raise [grid] "
         "cell_size (`oremap plan` lists what is written)";
}

std::string disk_full_message(const fs::path& file, int saved_errno) {
  const fs::path dir = existing_folder(file);
  const bool full = saved_errno == ENOSPC || free_bytes(file) < (1ull << 20);
  if (!full) return "";
  return "no space left on " + mount_point(dir).string() + " while writing " + file.string() +
         "; free space there, or set [project] output to a folder on another disk";
}

}  // namespace oremap
