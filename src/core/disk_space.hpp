#pragma once
// A full disk named as such: libtiff and GDAL report "TIFFAppendToStrip: Write error" or
// "cannot write", which does not tell the user what to do.
#include <cstdint>
#include <filesystem>
#include <string>

namespace oremap {

// "no space left on <mount point> while writing <file>; free space there, or set [project] output
// to a folder on another disk" when the file system holding `file` is full: `saved_errno` (errno
// read right after the failed write) is ENOSPC, or less than 1 MiB is left for this user.
// Otherwise "" (the failure has another cause).
std::string disk_full_message(const std::filesystem::path& file, int saved_errno);

// Bytes this user may still write on the file system holding `path` (root: the free blocks,
// others: the available ones).
std::uint64_t free_bytes(const std::filesystem::path& path);

// Before a long run: "" when `needed` bytes fit in `available`, else "the run needs up to
// 2.0 GiB of temporary disk in <dir> (on <mount point>), and 1.5 GiB is free; ..." with the
// fixes (sizes under 1 GiB in MiB).
std::string disk_shortfall_message(const std::filesystem::path& dir, std::uint64_t needed, std::uint64_t available);

}  // namespace oremap
