// Hostile output folders and runs: user files with leftover-looking names, read-only and symlinked
// outputs, a run cancelled or starved of threads, markup and spreadsheet formulas in names, and
// map PDFs that must not change between identical runs. See hostile_support.hpp.
#include <cstring>
#include <regex>

#include "hostile_support.hpp"

// Whether this is the AddressSanitizer build (GCC says so with a macro, clang with a feature).
#if defined(__SANITIZE_ADDRESS__)
#define OREMAP_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OREMAP_ADDRESS_SANITIZER 1
#endif
#endif
#ifndef OREMAP_ADDRESS_SANITIZER
#define OREMAP_ADDRESS_SANITIZER 0
#endif

using namespace oremap::test;
using namespace oremap::test::hostile;

namespace {

const std::string kCandidates = "deposits/gold_ree_candidates_pakistan_region.geojson";

// User files whose names look like leftovers; they are the user's and must survive every run.
const std::vector<std::string> kUserFiles = {"notes.old-2023.txt", "backup.tmp-31337", "maps/legend.old-2019.png",
                                             "survey_archive.old-2020/field_book.txt",
                                             "linked.old-2024/data.old-2024.csv"};

void add_user_files(const Workspace& w) {
  write_text_file(w.output / "notes.old-2023.txt", "field notes, 2023\n");
  write_text_file(w.output / "backup.tmp-31337", "a user's backup\n");
  write_text_file(w.output / "maps/legend.old-2019.png", "\x89PNG\r\n\x1a\n(not really)\n");
  fs::create_directories(w.output / "survey_archive.old-2020");
  write_text_file(w.output / "survey_archive.old-2020/field_book.txt", "1998 survey\n");
  // A symlinked subfolder of the output folder pointing outside it.
  fs::create_directories(w.outside / "survey_data");
  write_text_file(w.outside / "survey_data/data.old-2024.csv", "x,y\n1,2\n");
  fs::create_directory_symlink(w.outside / "survey_data", w.output / "linked.old-2024");
}

void user_files_intact(const Workspace& w) {
  CHECK(read_text_file(w.output / "notes.old-2023.txt") == "field notes, 2023\n");
  CHECK(read_text_file(w.output / "backup.tmp-31337") == "a user's backup\n");
  CHECK(read_text_file(w.output / "maps/legend.old-2019.png") == "\x89PNG\r\n\x1a\n(not really)\n");
  CHECK(read_text_file(w.output / "survey_archive.old-2020/field_book.txt") == "1998 survey\n");
  CHECK(fs::is_symlink(w.output / "linked.old-2024"));
  CHECK(read_text_file(w.outside / "survey_data/data.old-2024.csv") == "x,y\n1,2\n");
}

std::vector<fs::path> files_with_extension(const fs::path& dir, const std::vector<std::string>& extensions) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() &&
        std::find(extensions.begin(), extensions.end(), e.path().extension().string()) != extensions.end())
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

// --- User files that look like leftovers -------------------------------------------------------------

HOSTILE("user files: leftover-looking names survive a failed run") {
  // Fails after the grid and the first layers are read (the DEM is cut short).
  run_case(Case()
               .prepare(add_user_files)
               .prepare([](const Workspace& w) {
                 const fs::path dem = w / "raster/etopo5_pakistan.tif";
                 fs::resize_file(dem, fs::file_size(dem) / 2);
               })
               .exits(3)
               .names({"etopo5_pakistan.tif"}));
}

HOSTILE("user files: leftover-looking names survive a successful run") {
  run_case(Case().prepare(add_user_files).succeeds([](const Workspace& w, const CommandResult&) {
    user_files_intact(w);
    CHECK(fs::exists(w.output / "copper_weighted.tif"));
  }));
}

HOSTILE("user files: leftover-looking names survive the sweep after a killed run") {
  // A run killed with SIGKILL leaves its work; the next run sweeps that, never the user's files.
  run_case(Case()
               .prepare(add_user_files)
               .run("{oremap} run {project} & pid=$!; sleep 4; kill -KILL $pid; wait $pid; {oremap} run {project}")
               .succeeds([](const Workspace& w, const CommandResult&) {
                 user_files_intact(w);
                 for (const auto& e : fs::directory_iterator(w.output)) {
                   INFO(e.path());
                   const std::string name = e.path().filename().string();
                   const bool leftover = name.rfind(".oremap-", 0) == 0 && name != ".oremap-lock";
                   CHECK_FALSE(leftover);
                 }
               }));
}

// --- Read-only, misplaced and symlinked outputs ----------------------------------------------------

HOSTILE("output: read-only output folder") {
  run_case(Case()
               .prepare([](const Workspace& w) { run_ok("chmod -R a-w " + shell_quote(w.output.string())); })
               .run("{as_user} {oremap} run {project}")
               .exits(5)
               .names({"pakistan/output"}));
}

HOSTILE("output: output folder is an existing input file") {
  run_case(Case()
               .toml("output = \"output\"", "output = \"raster/etopo5_pakistan.tif\"")
               .exits(5)
               .names({"etopo5_pakistan.tif"}));
}

HOSTILE("output: output folder below a regular file") {
  run_case(
      Case().toml("output = \"output\"", "output = \"project.toml/results\"").exits(5).names({"project.toml/results"}));
}

HOSTILE("output: an output file symlinked outside is replaced, its target untouched") {
  run_case(Case()
               .prepare([](const Workspace& w) {
                 fs::remove(w.output / "copper_weighted.tif");
                 fs::create_symlink(w.outside / "precious.txt", w.output / "copper_weighted.tif");
               })
               .succeeds([](const Workspace& w, const CommandResult&) {
                 CHECK(read_text_file(w.outside / "precious.txt") == "a file beyond the output folder\n");
                 CHECK_FALSE(fs::is_symlink(w.output / "copper_weighted.tif"));
                 CHECK(fs::is_regular_file(w.output / "copper_weighted.tif"));
               }));
}

// --- Runs that are stopped ------------------------------------------------------------------------

HOSTILE("run: cancelled with SIGTERM mid-run") {
  run_case(
      Case().run("{oremap} run {project} & pid=$!; sleep 4; kill -TERM $pid; wait $pid").exits(130).names({"cancel"}));
}

HOSTILE("run: --threads 1000 under an address-space limit") {
#if OREMAP_ADDRESS_SANITIZER
  // AddressSanitizer reserves terabytes of shadow address space: no binary of the sanitized build
  // starts under ulimit -v. The normal build's run of this case is the one that counts.
  WARN("skipped in the AddressSanitizer build: ulimit -v leaves it no room to start");
#else
  run_case(Case().run("ulimit -v 2000000 && exec {oremap} run --threads 1000 {project}").exits(4).names({"thread"}));
#endif
}

// --- Markup and formulas in names ------------------------------------------------------------------

HOSTILE("names: HTML/JS in site and project names is escaped in HTML outputs") {
  run_case(Case()
               .toml("name = \"Pakistan copper, gold and REE screening (demo)\"",
                     "name = \"<img src=x onerror=alert(2)> screening\"")
               .prepare([](const Workspace& w) {
                 std::string text = read_text_file(w / kCandidates);
                 for (const char* site : {"\"Dash-e-Kain\"", "\"Reko Diq\"", "\"Saindak\""}) {
                   const std::size_t at = text.find(site);
                   REQUIRE(at != std::string::npos);
                   text.replace(at, std::strlen(site), "\"<script>alert(1)</script>\"");
                 }
                 write_text_file(w / kCandidates, text);
               })
               .succeeds([](const Workspace& w, const CommandResult&) {
                 const auto pages = files_with_extension(w.output, {".html", ".svg"});
                 REQUIRE(pages.size() >= 2);
                 for (const auto& p : pages) {
                   INFO(p);
                   const std::string text = read_text_file(p);
                   CHECK_THAT(text, !Contains("<script>alert(1)"));
                   CHECK_THAT(text, !Contains("<img src=x"));
                 }
               }));
}

HOSTILE("names: spreadsheet formulas in site names are neutralised in CSV outputs") {
  run_case(Case()
               .prepare([](const Workspace& w) {
                 std::string text = read_text_file(w / kCandidates);
                 const std::vector<std::pair<std::string, std::string>> names = {
                     {"\"Dash-e-Kain\"", "\"=HYPERLINK(\\\"http://evil.example\\\")\""},
                     {"\"Reko Diq\"", "\"+1+cmd|' /C calc'!A0\""},
                     {"\"Saindak\"", "\"@SUM(1+1)\""},
                     {"\"Jijal\"", "\"-2+3\""}};
                 for (const auto& [from, to] : names) {
                   const std::size_t at = text.find(from);
                   REQUIRE(at != std::string::npos);
                   text.replace(at, from.size(), to);
                 }
                 write_text_file(w / kCandidates, text);
               })
               .succeeds([](const Workspace& w, const CommandResult&) {
                 const auto tables = files_with_extension(w.output, {".csv"});
                 REQUIRE_FALSE(tables.empty());
                 bool seen = false;
                 for (const auto& p : tables) {
                   INFO(p);
                   const std::string text = read_text_file(p);
                   seen = seen || text.find("HYPERLINK") != std::string::npos;
                   // No cell may start with = + - @ before one of the planted names.
                   CHECK_FALSE(std::regex_search(text, std::regex("(^|[,\\n])\"?(=HYPERLINK|\\+1\\+cmd|@SUM|-2\\+3)")));
                 }
                 CHECK(seen);
               }));
}

// --- Determinism -------------------------------------------------------------------------------------

HOSTILE("maps: PDFs byte-identical between two identical runs") {
  run_case(Case().succeeds([](const Workspace& w, const CommandResult&) {
    const auto pdfs = files_with_extension(w.output / "maps", {".pdf"});
    REQUIRE(pdfs.size() >= 3);
    for (const auto& p : pdfs) {
      INFO(p);
      const fs::path previous = baseline_output() / fs::relative(p, w.output);
      REQUIRE(fs::exists(previous));
      CHECK(read_text_file(p) == read_text_file(previous));
    }
  }));
}
