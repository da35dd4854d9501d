#include "stages/outputs/run_folder.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <regex>

#include "core/disk_space.hpp"
#include "core/error.hpp"

namespace oremap {

namespace fs = std::filesystem;

namespace {

constexpr const char* marker_name = ".oremap-run";

std::string marker_text(const std::string& run_id) { return "oremap run " + run_id + "\n"; }

}  // namespace

std::string new_run_id() {
  std::random_device device;
  char id[32];
  std::snprintf(id, sizeof id, "%ld-%08x", static_cast<long>(::getpid()), static_cast<unsigned>(device()));
  return id;
}

RunFolder::RunFolder(const fs::path& parent, const std::string& kind, const std::string& run_id, bool keep)
    : path_(parent / (".oremap-" + kind + "-" + run_id)), keep_(keep) {
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (!ec && !fs::create_directory(path_, ec) && !ec) ec = std::make_error_code(std::errc::file_exists);
  if (ec) throw OutputError(path_.string() + ": cannot create the " + kind + " folder: " + ec.message());
  std::ofstream marker(path_ / marker_name);
  marker << marker_text(run_id);
  marker.close();
  if (!marker) {
    const int saved_errno = errno;
    const std::string full = disk_full_message(path_ / marker_name, saved_errno);
    fs::remove_all(path_, ec);
    throw OutputError(!full.empty() ? full
                                    : path_.string() + ": cannot write in the output folder: " +
                                          std::strerror(saved_errno) + "; check its permissions");
  }
  if (keep_) std::ofstream(path_ / "KEPT") << "kept by --keep-temp; delete this folder when done\n";
}

RunFolder::~RunFolder() {
  std::error_code ec;
  if (!keep_) fs::remove_all(path_, ec);
}

std::optional<std::string> own_run_folder_kind(const fs::path& entry) {
  static const std::regex name(R"(\.oremap-(work|stage)-([0-9]+-[0-9a-f]{8}))");
  std::smatch m;
  const std::string file = entry.filename().string();
  if (!std::regex_match(file, m, name)) return std::nullopt;
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(entry, ec)) ||
      !fs::is_regular_file(fs::symlink_status(entry / marker_name, ec)))
    return std::nullopt;
  std::ifstream in(entry / marker_name, std::ios::binary);
  std::string text(64, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text != marker_text(m[2])) return std::nullopt;
  return m[1].str();
}

bool run_folder_kept(const fs::path& folder) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(folder / "KEPT", ec));
}

}  // namespace oremap
