#include "core/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <system_error>

#include "core/disk_space.hpp"
#include "core/error.hpp"

namespace oremap {

std::filesystem::path temporary_beside(const std::filesystem::path& target) {
  std::filesystem::path tmp = target;
  tmp.replace_filename(target.stem().string() + ".tmp-" + std::to_string(::getpid()) + target.extension().string());
  return tmp;
}

void commit_file(const std::filesystem::path& temp, const std::filesystem::path& target) {
  std::error_code ec;
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw OutputError(target.string() + ": cannot move the finished file into place: " + ec.message());
  }
}

void write_text_atomically(const std::filesystem::path& target, const std::string& content) {
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  std::filesystem::path tmp = temporary_beside(target);
  {
    std::ofstream out(tmp, std::ios::binary);
    out << content;
    out.close();  // the last bytes are written here: check after it
    if (!out) {
      const std::string full = disk_full_message(target, errno);  // before the removal frees space
      std::filesystem::remove(tmp, ec);
      throw OutputError(full.empty() ? target.string() + ": cannot write (disk full or no permission?)" : full);
    }
  }
  commit_file(tmp, target);
}

}  // namespace oremap
