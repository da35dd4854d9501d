#include "core/disk_space.hpp"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>

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

std::string disk_full_message(const fs::path& file, int saved_errno) {
  const fs::path dir = existing_folder(file);
  bool full = saved_errno == ENOSPC;
  struct statvfs s {};
  if (!full && !dir.empty() && ::statvfs(dir.c_str(), &s) == 0) {
    // root may use the blocks reserved for it; others only the available ones
    const unsigned long long blocks = ::geteuid() == 0 ? s.f_bfree : s.f_bavail;
    full = static_cast<unsigned long long>(s.f_frsize) * blocks < (1ull << 20);
  }
  if (!full) return "";
  return "no space left on " + mount_point(dir).string() + " while writing " + file.string() +
         "; free space there, or set [project] output to a folder on another disk";
}

}  // namespace oremap
