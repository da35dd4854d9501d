// The output folder changes as a whole: staging, commit, the lock, the roll-forward of a commit
// a kill interrupted, and the sweep that removes only oremap's own leftovers.
#include "stages/outputs/output_folder.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "../../test_support.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"
#include "stages/outputs/manifest.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// Every regular file below `dir` (relative path -> bytes), hidden ones included, but for the
// lock file (it names the process holding the folder).
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it)
    if (it->is_regular_file() && !it->is_symlink() && it->path().filename() != ".oremap-lock")
      files[it->path().lexically_relative(dir).generic_string()] = read_text_file(it->path());
  return files;
}

std::ostringstream log_text;
const Log& quiet_log() {
  static Log log(log_text, Verbosity::quiet);
  return log;
}

}  // namespace

TEST_CASE("output folder: a committed run replaces the set, with a manifest sha256sum accepts", "[outputs]") {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  {
    OutputFolder folder(out, "first", false, quiet_log());
    put(folder.staging() / "copper.tif", "A");
    put(folder.staging() / "maps" / "copper.png", "B");
    CHECK_FALSE(fs::exists(out / "copper.tif"));                         // nothing visible before the commit
    folder.commit(OutputFolder::Commit::replace, silent_progress(), 3);  // checksums on 3 threads
  }
  CHECK(read_text_file(out / "copper.tif") == "A");
  CHECK(read_text_file(out / "maps" / "copper.png") == "B");
  // Independent check: coreutils' sha256sum verifies the manifest.
  CommandResult check = run_command("cd " + shell_quote(out.string()) + " && sha256sum --strict -c manifest.sha256");
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("copper.tif: OK") != std::string::npos);
  CHECK(read_manifest(out / "manifest.sha256").at("copper.tif") == sha256_hex("A"));

  put(out / "notes.txt", "the user's");  // not oremap's: stays
  {
    OutputFolder folder(out, "second", false, quiet_log());
    put(folder.staging() / "gold.tif", "C");
    folder.commit(OutputFolder::Commit::replace, silent_progress());
  }
  CHECK_FALSE(fs::exists(out / "copper.tif"));  // the previous set's files the new set lacks
  CHECK_FALSE(fs::exists(out / "maps"));
  CHECK(read_text_file(out / "gold.tif") == "C");
  CHECK(read_text_file(out / "notes.txt") == "the user's");
  CHECK(read_manifest(out / "manifest.sha256").size() == 1);

  {  // update (oremap score): the rest of the set stays listed
    OutputFolder folder(out, "third", false, quiet_log());
    put(folder.staging() / "sites_gold.csv", "D");
    folder.commit(OutputFolder::Commit::update, silent_progress());
  }
  const Manifest m = read_manifest(out / "manifest.sha256");
  CHECK(m.size() == 2);
  CHECK(m.at("gold.tif") == sha256_hex("C"));
  CHECK(m.at("sites_gold.csv") == sha256_hex("D"));
}

TEST_CASE("output folder: a run that does not commit leaves the previous results byte-identical", "[outputs]") {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  {
    OutputFolder folder(out, "first", false, quiet_log());
    put(folder.staging() / "copper.tif", "A");
    folder.commit(OutputFolder::Commit::replace, silent_progress());
  }
  const auto before = snapshot(out);
  {
    OutputFolder folder(out, "failing", false, quiet_log());
    put(folder.staging() / "copper.tif", "half written");
    put(folder.work() / "layer.tif", "intermediate");
  }  // an exception would leave here without commit()
  CHECK(snapshot(out) == before);
  CHECK(fs::directory_iterator(out) != fs::directory_iterator());
  for (const auto& e : fs::directory_iterator(out)) CHECK(e.path().filename().string().rfind(".oremap-stage", 0) != 0);
}

TEST_CASE("output folder: a second run into a folder in use is refused, naming the holder", "[outputs]") {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  OutputFolder first(out, "project /x/first.toml", false, quiet_log());
  try {
    OutputFolder second(out, "project /x/second.toml", false, quiet_log());
    FAIL("the second run was let in");
  } catch (const OutputError& e) {
    const std::string m = e.what();
    CHECK(m.find("another oremap run") != std::string::npos);
    CHECK(m.find("/x/first.toml") != std::string::npos);
    CHECK(m.find("process " + std::to_string(::getpid())) != std::string::npos);
  }
}

TEST_CASE("output folder: a commit stopped half way is finished by the next run", "[outputs]") {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  {
    OutputFolder folder(out, "old", false, quiet_log());
    put(folder.staging() / "a.tif", "old a");
    put(folder.staging() / "b.tif", "old b");
    put(folder.staging() / "old_only.csv", "old");
    folder.commit(OutputFolder::Commit::replace, silent_progress());
  }
  fs::path sealed;
  {
    OutputFolder folder(out, "killed", false, quiet_log());
    put(folder.staging() / "a.tif", "new a");
    put(folder.staging() / "b.tif", "new b");
    folder.seal(OutputFolder::Commit::replace, silent_progress());
    sealed = folder.staging();
    // As a kill -9 in the middle of moving: the old manifest gone, one file moved.
    fs::remove(out / "manifest.sha256");
    fs::rename(sealed / "a.tif", out / "a.tif");
  }  // the process "dies": a sealed staging folder is never dropped
  REQUIRE(fs::exists(sealed));
  { OutputFolder next(out, "next", false, quiet_log()); }
  CHECK_FALSE(fs::exists(sealed));
  CHECK(read_text_file(out / "a.tif") == "new a");
  CHECK(read_text_file(out / "b.tif") == "new b");
  CHECK_FALSE(fs::exists(out / "old_only.csv"));
  const Manifest m = read_manifest(out / "manifest.sha256");
  CHECK(m.size() == 2);
  CHECK(m.at("b.tif") == sha256_hex("new b"));
}

TEST_CASE("output folder: the sweep removes only what oremap can prove it made", "[outputs]") {
  TempDir dir;
  const fs::path out = dir.path() / "out", outside = dir.path() / "elsewhere";
  // A killed run's folders, with their markers; and one kept with --keep-temp.
  put(out / ".oremap-work-123-0000abcd" / ".oremap-run", "oremap run 123-0000abcd\n");
  put(out / ".oremap-work-123-0000abcd" / "layer.tif", "x");
  put(out / ".oremap-stage-123-0000abcd" / ".oremap-run", "oremap run 123-0000abcd\n");
  put(out / ".oremap-work-77-0000beef" / ".oremap-run", "oremap run 77-0000beef\n");
  put(out / ".oremap-work-77-0000beef" / "KEPT", "kept");
  // The user's files, named like leftovers; a work-like folder without a matching marker.
  put(out / "notes.old-2023.txt", "n");
  put(out / "backup.tmp-31337", "b");
  put(out / "maps" / "legend.old-2019.png", "l");
  put(out / "survey_archive.old-2020" / "a.csv", "a");
  put(out / ".oremap-work-99999999" / "mine.txt", "m");
  put(out / ".oremap-work-5-0000aaaa" / ".oremap-run", "oremap run 6-0000aaaa\n");
  put(outside / "data.old-2024.csv", "outside");
  put(outside / ".oremap-work-9-0000cccc" / ".oremap-run", "oremap run 9-0000cccc\n");
  fs::create_directory_symlink(outside, out / "linked");
  fs::create_directory_symlink(outside / ".oremap-work-9-0000cccc", out / ".oremap-work-9-0000cccc");
  const auto outside_before = snapshot(outside);
  { OutputFolder folder(out, "sweeping", false, quiet_log()); }
  CHECK_FALSE(fs::exists(out / ".oremap-work-123-0000abcd"));
  CHECK_FALSE(fs::exists(out / ".oremap-stage-123-0000abcd"));
  CHECK(fs::exists(out / ".oremap-work-77-0000beef" / "KEPT"));
  for (const char* kept :
       {"notes.old-2023.txt", "backup.tmp-31337", "maps/legend.old-2019.png", "survey_archive.old-2020/a.csv",
        ".oremap-work-99999999/mine.txt", ".oremap-work-5-0000aaaa/.oremap-run", "linked/data.old-2024.csv"})
    CHECK(fs::exists(out / kept));
  CHECK(fs::is_symlink(out / ".oremap-work-9-0000cccc"));
  CHECK(snapshot(outside) == outside_before);
}

TEST_CASE("output folder: results are never written through a symbolic link", "[outputs]") {
  TempDir dir;
  const fs::path out = dir.path() / "out", outside = dir.path() / "elsewhere";
  fs::create_directories(outside);
  fs::create_directories(out);
  fs::create_directory_symlink(outside, out / "maps");
  OutputFolder folder(out, "linked", false, quiet_log());
  put(folder.staging() / "maps" / "copper.png", "P");
  CHECK_THROWS_WITH(folder.commit(OutputFolder::Commit::replace, silent_progress()),
                    Catch::Contains("maps: is a symbolic link"));
  CHECK(fs::is_empty(outside));
  CHECK_FALSE(fs::exists(out / "manifest.sha256"));
}

TEST_CASE("manifest: lines that would reach outside the folder are ignored", "[outputs]") {
  TempDir dir;
  const std::string sha(64, 'a');
  put(dir.path() / "m", sha + "  ../../etc/passwd\n" + sha + "  /etc/passwd\n" + sha + "  a/./b\n" + sha +
                            "  ok/file.tif\n" + "garbage\n");
  const Manifest m = read_manifest(dir.path() / "m");
  REQUIRE(m.size() == 1);
  CHECK(m.count("ok/file.tif"));
}
