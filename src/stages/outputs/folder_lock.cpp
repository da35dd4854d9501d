#include "stages/outputs/folder_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace oremap {

FolderLock::FolderLock(const std::filesystem::path& folder, const std::string& owner) {
  const std::filesystem::path file = folder / ".oremap-lock";
  // O_NOFOLLOW: a symbolic link planted as the lock file is not written through.
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw OutputError(folder.string() + ": cannot write in the output folder (" + std::strerror(errno) +
                      "): check its permissions, or set [project] output to a folder you can write");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    char holder[512] = {};
    const ssize_t n = ::pread(fd_, holder, sizeof holder - 1, 0);
    ::close(fd_);
    fd_ = -1;
    std::string who = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : std::string();
    while (!who.empty() && who.back() == '\n') who.pop_back();
    if (error == EWOULDBLOCK)
      throw OutputError(folder.string() + ": another oremap run is writing this output folder" +
                        (who.empty() ? std::string() : " (" + who + ")") +
                        ": wait for it to finish, or set [project] output to another folder");
    throw OutputError(file.string() + ": cannot lock the output folder: " + std::strerror(error));
  }
  // Who holds the folder only improves a refused run's message: a failed write is no error.
  const std::string me = "process " + std::to_string(::getpid()) + ", " + owner + "\n";
  if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, me.data(), me.size(), 0);
}

FolderLock::~FolderLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock; the file stays (removing it would race)
}

}  // namespace oremap
