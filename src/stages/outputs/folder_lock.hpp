#pragma once
// One oremap process at a time per output folder: an exclusive flock(2) on
// <folder>/.oremap-lock, held while the run lives. The kernel releases it when the process
// ends, however it ends, so a killed run cannot leave the folder locked.
#include <filesystem>
#include <string>

namespace oremap {

class FolderLock {
 public:
  // Throws OutputError naming the process and project that hold the folder, or why the lock
  // file cannot be made. `owner` (e.g. the project file) is recorded for that message.
  FolderLock(const std::filesystem::path& folder, const std::string& owner);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace oremap
