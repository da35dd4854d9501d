#include "stages/outputs/output_folder.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <vector>

#include "core/disk_space.hpp"
#include "core/error.hpp"
#include "core/parallel_for.hpp"
#include "core/sha256.hpp"
#include "stages/outputs/manifest.hpp"

namespace oremap {

namespace fs = std::filesystem;

namespace {

constexpr const char* commit_note = ".oremap-commit";  // in a staging folder: sealed, move it into place

// Flushes a file or folder to disk, so that a power cut after the commit cannot leave a
// renamed-but-empty file (a kill -9 alone never needs this).
void sync_path(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void write_synced(const fs::path& target, const std::string& text) {
  const fs::path temp = target.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      const int saved_errno = errno;
      const std::string full = disk_full_message(temp, saved_errno);
      throw OutputError(!full.empty() ? full : target.string() + ": cannot write: " + std::strerror(saved_errno));
    }
  }
  sync_path(temp);
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) throw OutputError(target.string() + ": cannot move into place: " + ec.message());
}

// Throws unless every folder on the way from `dir` to `dir`/rel is a real folder (or absent):
// a symbolic link there would make oremap write or delete outside the output folder.
void check_no_link_on_the_way(const fs::path& dir, const std::string& rel) {
  fs::path at = dir;
  const fs::path parent = fs::path(rel).parent_path();
  for (const auto& part : parent) {
    at /= part;
    std::error_code ec;
    const fs::file_status s = fs::symlink_status(at, ec);
    if (s.type() == fs::file_type::not_found) return;
    if (s.type() != fs::file_type::directory)
      throw OutputError(at.string() + ": is " +
                        (s.type() == fs::file_type::symlink ? "a symbolic link" : "not a folder") +
                        "; oremap writes only inside the output folder: move it away so oremap can write " + rel);
  }
  std::error_code ec;
  if (fs::is_directory(fs::symlink_status(dir / rel, ec)))
    throw OutputError((dir / rel).string() + ": is a folder where oremap writes a file: move it away");
}

// Every regular file of the staging folder, relative, without oremap's own notes at its top.
std::vector<std::string> staged_files(const fs::path& stage) {
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(stage, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string rel = it->path().lexically_relative(stage).generic_string();
    if (rel.rfind(".oremap-", 0) == 0 || rel == manifest_name) continue;
    const fs::file_status s = it->symlink_status(ec);
    if (fs::is_directory(s)) continue;
    if (!fs::is_regular_file(s) || !inside_folder(rel))
      throw Error(ExitCode::failure, (stage / rel).string() + ": not a plain file among the results");
    files.push_back(rel);
  }
  if (ec) throw OutputError(stage.string() + ": cannot list the finished results: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

void remove_file_inside(const fs::path& dir, const std::string& rel) {
  std::error_code ec;
  check_no_link_on_the_way(dir, rel);
  const fs::path p = dir / rel;
  if (fs::is_directory(fs::symlink_status(p, ec))) return;
  fs::remove(p, ec);
  // Folders the set no longer uses go too, when nothing else is in them.
  for (fs::path up = p.parent_path(); up != dir && fs::is_empty(up, ec) && !ec; up = up.parent_path())
    fs::remove(up, ec);
}

// Step 2 of the protocol; repeatable, so a run killed in it is finished by the next.
void finish_commit(const fs::path& stage, const fs::path& dir) {
  const fs::path staged_manifest = stage / manifest_name;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(staged_manifest, ec))) {
    const Manifest manifest = read_manifest(staged_manifest);
    if (fs::is_regular_file(fs::symlink_status(dir / manifest_name, ec))) fs::remove(dir / manifest_name, ec);
    for (const auto& [rel, sha] : manifest) {
      const fs::path from = stage / rel;
      if (!fs::is_regular_file(fs::symlink_status(from, ec))) continue;  // kept from the previous set, or moved
      check_no_link_on_the_way(dir, rel);
      fs::create_directories((dir / rel).parent_path(), ec);
      fs::rename(from, dir / rel, ec);
      if (ec) throw OutputError((dir / rel).string() + ": cannot move the new result into place: " + ec.message());
    }
    std::ifstream removals(stage / commit_note);
    for (std::string rel; std::getline(removals, rel);)
      if (inside_folder(rel) && !manifest.count(rel)) remove_file_inside(dir, rel);
    fs::rename(staged_manifest, dir / manifest_name, ec);
    if (ec) throw OutputError((dir / manifest_name).string() + ": cannot move into place: " + ec.message());
    sync_path(dir);
  }
  fs::remove_all(stage, ec);
}

// SHA-256 of each staged file, and each flushed to disk; files in parallel (national grids are
// gigabytes). A file's flush (waiting on the disk) and its checksum (reading the page cache)
// are separate tasks, taken in turn, so they overlap: a lone 1 GiB output costs the longer of
// the two, not their sum. The first error or a cancel stops the others.
Manifest checksums(const fs::path& stage, const std::vector<std::string>& files, int threads,
                   const Progress& progress) {
  std::vector<std::string> sha(files.size());
  parallel_for(
      std::max(threads, 2), progress, 2 * files.size(),
      [&](std::size_t task) {
        const fs::path file = stage / files[task / 2];
        if (task % 2 == 0)
          sync_path(file);
        else
          sha[task / 2] = sha256_file(file);
      },
      "checksums");
  Manifest m;
  for (std::size_t i = 0; i < files.size(); ++i) m[files[i]] = sha[i];
  return m;
}

const fs::path& created(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw OutputError(dir.string() + ": cannot create the output folder: " + ec.message());
  return dir;
}

}  // namespace

OutputFolder::OutputFolder(const fs::path& dir, const std::string& owner, bool keep_work, const Log& log)
    : dir_(dir),
      log_(log),
      lock_(created(dir_), owner),
      run_id_(new_run_id()),
      work_(dir_, "work", run_id_, keep_work),
      stage_(dir_, "stage", run_id_, false) {
  std::error_code ec;
  std::vector<fs::path> own;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename().string().find(run_id_) == std::string::npos && own_run_folder_kind(it->path()))
      own.push_back(it->path());
  std::sort(own.begin(), own.end());
  for (const auto& folder : own) {  // we hold the lock: no other run is using these
    const std::string kind = *own_run_folder_kind(folder);
    if (kind == "stage" && fs::exists(folder / commit_note, ec)) {
      finish_commit(folder, dir_);
      log_.warn(dir_.string() + ": finished putting in place the results of a run that was stopped while doing so");
    } else if (kind == "stage" || !run_folder_kept(folder)) {
      fs::remove_all(folder, ec);
      log_.debug("removed " + folder.string() + ", left by a run that did not finish");
    }
  }
}

void OutputFolder::commit(Commit how, const Progress& progress, int threads) {
  seal(how, progress, threads);
  move_into_place();
}

void OutputFolder::seal(Commit how, const Progress& progress, int threads) {
  const fs::path& stage = stage_.path();
  const std::vector<std::string> files = staged_files(stage);
  for (const auto& rel : files) check_no_link_on_the_way(dir_, rel);

  const Manifest previous = read_manifest(dir_ / manifest_name);
  Manifest manifest;
  std::error_code ec;
  if (how == Commit::update)
    for (const auto& [rel, sha] : previous)
      if (fs::is_regular_file(fs::symlink_status(dir_ / rel, ec))) manifest[rel] = sha;
  for (const auto& [rel, sha] : checksums(stage, files, threads, progress)) manifest[rel] = sha;
  write_synced(stage / manifest_name, format_manifest(manifest));

  std::string removals;
  if (how == Commit::replace)
    for (const auto& [rel, sha] : previous)
      if (!manifest.count(rel)) removals += rel + "\n";
  stage_.keep();  // from here on the staging folder is the new set: finish it, never drop it
  write_synced(stage / commit_note, removals);
  sync_path(stage);
}

void OutputFolder::move_into_place() {
  finish_commit(stage_.path(), dir_);
  log_.info("results in " + dir_.string() + " (" + manifest_name + " lists them with their SHA-256)");
}

}  // namespace oremap
