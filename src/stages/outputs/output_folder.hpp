#pragma once
// The user's output folder changes as a whole, or not at all. A run writes its results into its
// own staging folder inside it (.oremap-stage-<run id>); only a run that succeeds moves them into
// place, manifest.sha256 last, so a failed, cancelled or killed run leaves the previous results
// exactly as they were. One oremap run per folder at a time (FolderLock).
//
// Commit protocol, safe against kill -9 at any moment: (1) seal: checksum the staged files, write
// the new manifest and then a commit note into the staging folder; (2) move into place: remove
// the old manifest, rename each staged file over its namesake, remove the previous set's files
// the new one lacks, rename the manifest in, remove the staging folder. A run killed during (2)
// leaves a sealed staging folder; the next run on the folder finishes (2) before anything else.
// A reader tells a complete set by manifest.sha256 being present (`sha256sum -c` passes).
#include <filesystem>
#include <string>

#include "core/log.hpp"
#include "core/progress.hpp"
#include "stages/outputs/folder_lock.hpp"
#include "stages/outputs/run_folder.hpp"

namespace oremap {

class OutputFolder {
 public:
  enum class Commit {
    replace,  // `run`: the new set replaces the previous one entirely
    update,   // `score`: the new files replace their namesakes; the rest of the set stays
  };

  // Creates and locks `dir`, finishes a commit a killed run left half done, removes the work
  // and staging folders of runs that ended without cleaning up (only folders oremap can prove
  // are its own; kept work folders stay), then makes this run's work and staging folders.
  // `owner` (the project file) names this run to a second run that is refused.
  OutputFolder(const std::filesystem::path& dir, const std::string& owner, bool keep_work, const Log& log);

  const std::filesystem::path& path() const { return dir_; }
  const std::filesystem::path& staging() const { return stage_.path(); }
  const std::filesystem::path& work() const { return work_.path(); }

  // `threads` checksum files side by side.
  void commit(Commit how, const Progress& progress, int threads = 1);

  // The two steps of commit(), separately so that a test can stop between them as a kill would.
  void seal(Commit how, const Progress& progress, int threads = 1);
  void move_into_place();

 private:
  std::filesystem::path dir_;
  const Log& log_;
  FolderLock lock_;
  std::string run_id_;
  RunFolder work_;
  RunFolder stage_;
};

}  // namespace oremap
