// The work folder: created per process, removed at the end unless kept; and the leftovers of
// killed runs (temporary names carrying a process id that no longer exists) are cleaned up by
// the next run, while files of live processes, kept folders and the user's files stay.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>

#include "stage_fixture.hpp"
#include "stages/pipeline.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {
void touch(const fs::path& p) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << "x";
}
}  // namespace

TEST_CASE("a new run removes the leftovers of killed runs, and nothing else", "[stages]") {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  // 99999999 is above Linux's largest process id (4194304), so no such process exists.
  const std::string dead = "99999999", alive = std::to_string(::getppid());
  touch(out / (".oremap-work-" + dead) / "layer.tif");
  touch(out / ("copper.tmp-" + dead + ".tif"));
  touch(out / "maps" / ("copper.tmp-" + dead + ".png"));
  touch(out / ("viewer.old-" + dead) / "index.html");
  touch(out / ("viewer.tmp-" + dead) / "index.html");
  touch(out / ".oremap-work-99999998" / "KEPT");                  // kept with --keep-temp
  touch(out / (".oremap-work-" + alive) / "layer.tif");            // another run, still going
  touch(out / ("gold.tmp-" + alive + ".tif"));
  touch(out / "copper.tif");                                       // the user's results
  touch(out / "notes.tmp-draft.txt");                              // not a process id
  {
    WorkDir work(out, false);
    CHECK(fs::exists(work.path()));
    std::vector<std::string> want = {".oremap-work-" + alive, ".oremap-work-99999998", work.path().filename().string(),
                                     "copper.tif", "gold.tmp-" + alive + ".tif", "maps", "notes.tmp-draft.txt"};
    std::sort(want.begin(), want.end());
    CHECK(folder_listing(out) == want);
    CHECK(folder_listing(out / "maps").empty());
  }
  CHECK(folder_listing(out).size() == 6);  // this run's work folder is gone again
  {
    WorkDir kept(out, true);
    CHECK(fs::exists(kept.path() / "KEPT"));
  }
  CHECK(fs::exists(out / (".oremap-work-" + std::to_string(::getpid())) / "KEPT"));
}
