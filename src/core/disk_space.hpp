#pragma once
// A full disk named as such: libtiff and GDAL report "TIFFAppendToStrip: Write error" or
// "cannot write", which does not tell the user what to do.
#include <filesystem>
#include <string>

namespace oremap {

// "no space left on <mount point> while writing <file>; free space there, or set [project] output
// to a folder on another disk" when the file system holding `file` is full: `saved_errno` (errno
// read right after the failed write) is ENOSPC, or less than 1 MiB is left for this user.
// Otherwise "" (the failure has another cause).
std::string disk_full_message(const std::filesystem::path& file, int saved_errno);

}  // namespace oremap
