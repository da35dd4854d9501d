// kill -9 at several moments of a real run of the demo: afterwards the output folder holds
// exactly the previous run's files or exactly a new complete set (its manifest checks), never
// a mix; the next run cleans up. And a second run into a folder in use is refused.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <map>

#include "../../test_support.hpp"
#include "core/sha256.hpp"
#include "stages/outputs/manifest.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

using Files = std::map<std::string, std::string>;  // relative path -> bytes

// The result files a user sees: everything but oremap's hidden lock and run folders.
Files results(const fs::path& dir) {
  Files files;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().filename().string();
    if (it.depth() == 0 && name.rfind(".oremap-", 0) == 0) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files[it->path().lexically_relative(dir).generic_string()] = read_text_file(it->path());
  }
  return files;
}

// True when `files` is one complete set: manifest.sha256 lists exactly the other files, with
// their SHA-256 (computed here, independently of the run).
bool complete_set(const Files& files, const fs::path& dir) {
  if (!files.count("manifest.sha256")) return false;
  const Manifest m = read_manifest(dir / "manifest.sha256");
  if (m.size() + 1 != files.size()) return false;
  for (const auto& [rel, bytes] : files)
    if (rel != "manifest.sha256" && (!m.count(rel) || m.at(rel) != sha256_hex(bytes))) return false;
  return true;
}

struct Child {
  pid_t pid = -1;
  FILE* stderr_lines = nullptr;
};

// Starts `oremap --verbose run <project>` with its stderr readable line by line.
Child start_run(const fs::path& project) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  Child c;
  c.pid = fork();
  REQUIRE(c.pid >= 0);
  if (c.pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    execl(OREMAP_BINARY, OREMAP_BINARY, "--verbose", "run", project.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  c.stderr_lines = fdopen(fds[0], "r");
  return c;
}

// Reads the child's log until a line contains `marker`; false if it ended first.
bool wait_for(Child& c, const std::string& marker) {
  char line[8192];
  while (fgets(line, sizeof line, c.stderr_lines))
    if (std::string(line).find(marker) != std::string::npos) return true;
  return false;
}

int finish(Child& c) {
  char drain[4096];
  while (fgets(drain, sizeof drain, c.stderr_lines)) {
  }
  fclose(c.stderr_lines);
  int status = 0;
  waitpid(c.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A copy of the Pakistan demo, without outputs.
fs::path copy_demo(const fs::path& to) {
  const fs::path demo = fs::path(OREMAP_SOURCE_DIR) / "geodata" / "pakistan";
  fs::create_directories(to);
  for (const auto& e : fs::directory_iterator(demo))
    if (e.path().filename() != "output") fs::copy(e.path(), to / e.path().filename(), fs::copy_options::recursive);
  return to / "project.toml";
}

void set_copper_weights(const fs::path& project, const std::string& weights) {
  std::string text = read_text_file(project);
  const std::size_t at = text.find("weights = [", text.find("id = \"copper_weighted\""));
  REQUIRE(at != std::string::npos);
  text.replace(at, text.find('\n', at) - at, "weights = " + weights);
  write_text_file(project, text);
}

}  // namespace

TEST_CASE("kill -9 at any moment: the output folder holds the previous set or the new one, never a mix",
          "[outputs][kill]") {
  TempDir dir;
  const fs::path project = copy_demo(dir.path() / "demo"), out = dir.path() / "demo" / "output";
  REQUIRE(run_command(shell_quote(OREMAP_BINARY) + " --quiet run " + shell_quote(project.string())).exit_code == 0);
  Files previous = results(out);
  REQUIRE(complete_set(previous, out));

  // Each kill runs a project whose copper weights differ, so a new set differs from the old.
  const std::vector<std::string> moments = {
      "grid ",           "evidence fault_distance", "model copper_wofe", "model ree_preset", "candidate sites",
      "maps/copper.pdf", "viewer: wrote",           "validating model",  "results in"};
  int generation = 0, kept_previous = 0, new_sets = 0;
  for (const auto& moment : moments) {
    INFO("killed at: " << moment);
    set_copper_weights(project, "[0." + std::to_string(5 - generation % 3) + ", 0.25, 0.15]");
    ++generation;
    Child run = start_run(project);
    const bool reached = wait_for(run, moment);
    kill(run.pid, SIGKILL);
    CHECK(finish(run) == 128 + SIGKILL);
    CHECK(reached);
    const Files now = results(out);
    if (now == previous) {
      ++kept_previous;
    } else {
      CHECK(complete_set(now, out));
      CHECK(now.at("resolved_project.toml") != previous.at("resolved_project.toml"));
      ++new_sets;
      previous = now;
    }
  }
  CHECK(kept_previous >= 7);  // killed before its commit: the old set, untouched
  CHECK(new_sets >= 1);       // killed after "results in": the new set, whole

  // The next run sweeps what the killed ones left and commits normally.
  REQUIRE(run_command(shell_quote(OREMAP_BINARY) + " --quiet run " + shell_quote(project.string())).exit_code == 0);
  CHECK(complete_set(results(out), out));
  for (const auto& e : fs::directory_iterator(out)) {
    const std::string name = e.path().filename().string();
    CHECK((name.rfind(".oremap-", 0) != 0 || name == ".oremap-lock"));
  }
}

TEST_CASE("a second run into an output folder in use is refused and changes nothing", "[outputs][kill]") {
  TempDir dir;
  const fs::path project = copy_demo(dir.path() / "demo"), out = dir.path() / "demo" / "output";
  // Another project (different weights) writing into the same folder.
  const fs::path other = dir.path() / "demo" / "other.toml";
  fs::copy_file(project, other);
  set_copper_weights(other, "[0.2, 0.4, 0.4]");

  Child first = start_run(project);
  REQUIRE(wait_for(first, "evidence arc_distance"));
  const CommandResult second = run_command(shell_quote(OREMAP_BINARY) + " --quiet run " + shell_quote(other.string()));
  CHECK(second.exit_code == 5);
  CHECK_THAT(second.err, Catch::Matchers::Contains("another oremap run is writing this output folder"));
  CHECK_THAT(second.err, Catch::Matchers::Contains(fs::absolute(project).string()));
  CHECK(finish(first) == 0);
  const Files set = results(out);
  CHECK(complete_set(set, out));
  const std::string& resolved = set.at("resolved_project.toml");  // "# Resolved by oremap ... from <file>"
  CHECK(resolved.find(project.string()) != std::string::npos);
  CHECK(resolved.find(other.string()) == std::string::npos);
}
