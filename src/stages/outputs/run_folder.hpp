#pragma once
// A folder oremap makes inside the output folder for one run: `.oremap-<kind>-<run id>` holding
// a marker file that repeats the run id. A later run removes such a folder only when it can
// prove it is oremap's own (name and marker agree, a real folder, not a symbolic link): the
// user's files, whatever their names, are never touched.
#include <filesystem>
#include <optional>
#include <string>

namespace oremap {

// "<pid>-<8 hex digits>": unique among the runs that share an output folder.
std::string new_run_id();

class RunFolder {
 public:
  // Creates <parent>/.oremap-<kind>-<run_id> with its marker; OutputError when it cannot.
  RunFolder(const std::filesystem::path& parent, const std::string& kind, const std::string& run_id, bool keep);
  // Removes the folder and everything in it, unless kept (it then carries a KEPT note).
  ~RunFolder();
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  void keep() { keep_ = true; }

 private:
  std::filesystem::path path_;
  bool keep_;
};

// The kind ("work", "stage") of `entry` when it is a run folder oremap made, else nothing.
std::optional<std::string> own_run_folder_kind(const std::filesystem::path& entry);

// True when a run folder was kept on purpose (--keep-temp) and must stay.
bool run_folder_kept(const std::filesystem::path& folder);

}  // namespace oremap
