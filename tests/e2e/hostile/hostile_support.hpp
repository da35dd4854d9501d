#pragma once
// The hostile-input suite (issue 9, "Keep it fixed"): every case copies the Pakistan demo project
// with the outputs of a previous successful run into a fresh folder, damages one thing (the
// project text, an input file, the output folder, the command line), runs the oremap binary and
// asserts three things: the exit code, that the message names the culprit (a key, a file or a
// layer id), and that nothing changed on disk: after a failed run every file under the case's
// folder (the project, its inputs, the previous outputs, files outside the output folder) is
// byte-identical; only a hidden `.oremap-lock` may appear in the output folder. Cases that must
// succeed assert instead what the run may not touch and what its outputs must look like.
//
// The previous outputs are one real run of the demo, made once per oremap binary and shared by
// every test process (ctest starts one process per case) through a folder beside the binary,
// guarded by a file lock.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "../../unit/test_support.hpp"

namespace oremap::test::hostile {

using Catch::Matchers::Contains;

inline const fs::path& demo_dir() {
  static const fs::path dir = fs::path(OREMAP_SOURCE_DIR) / "geodata" / "pakistan";
  return dir;
}

// What a folder holds: relative path -> "file <size> <FNV-1a 64 of the bytes>" or "symlink -> <target>".
// Regular files and symlinks only (symlinks are not followed); `.oremap-lock` is ignored.
using Snapshot = std::map<std::string, std::string>;

inline std::string fingerprint(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "unreadable";
  std::uint64_t h = 1469598103934665603ull, size = 0;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    const auto n = static_cast<std::size_t>(in.gcount());
    for (std::size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(buffer[i])) * 1099511628211ull;
    size += n;
  }
  return "file " + std::to_string(size) + " " + std::to_string(h);
}

inline Snapshot snapshot(const fs::path& root) {
  Snapshot out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.filename() == ".oremap-lock") continue;
    const std::string rel = fs::relative(p, root).generic_string();
    if (it->is_symlink())
      out[rel] = "symlink -> " + fs::read_symlink(p).string();
    else if (it->is_regular_file())
      out[rel] = fingerprint(p);
  }
  return out;
}

// "+ added", "- removed", "~ changed" lines between two snapshots, for paths `keep` selects.
inline std::string differences(const Snapshot& before, const Snapshot& after,
                               const std::function<bool(const std::string&)>& keep = nullptr) {
  std::string out;
  for (const auto& [path, what] : before) {
    if (keep && !keep(path)) continue;
    auto it = after.find(path);
    if (it == after.end())
      out += "- " + path + "\n";
    else if (it->second != what)
      out += "~ " + path + " (" + what + " -> " + it->second + ")\n";
  }
  for (const auto& [path, what] : after)
    if ((!keep || keep(path)) && !before.count(path)) out += "+ " + path + "\n";
  return out;
}

// Copies a folder recursively, symlinks as symlinks; `skip` names first-level entries to leave out.
inline void copy_tree(const fs::path& from, const fs::path& to, const std::vector<std::string>& skip = {}) {
  fs::create_directories(to);
  for (const auto& e : fs::directory_iterator(from)) {
    const std::string name = e.path().filename().string();
    if (std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
    fs::copy(e.path(), to / name, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }
}

// The output folder of one successful demo run by this oremap binary, made on first use.
inline fs::path baseline_output() {
  static const fs::path cached = [] {
    struct stat st {};
    if (stat(OREMAP_BINARY, &st) != 0) throw std::runtime_error(std::string("no oremap binary at ") + OREMAP_BINARY);
    const std::string key = std::to_string(st.st_size) + "-" + std::to_string(st.st_mtim.tv_sec) + "-" +
                            std::to_string(st.st_mtim.tv_nsec) + "-" +
                            std::to_string(std::hash<std::string>()(read_text_file(demo_dir() / "project.toml")));
    // Beside the binary (its build folder), not in the shared temp dir: test runs of other
    // checkouts on the same machine have other binaries and would take each other's baselines.
    const fs::path home = fs::path(OREMAP_BINARY).parent_path() / "hostile-baseline";
    fs::create_directories(home);
    const fs::path dir = home / key;
    const std::string lock_path = (home / "lock").string();
    const int lock = open(lock_path.c_str(), O_CREAT | O_RDWR, 0666);
    if (lock < 0 || flock(lock, LOCK_EX) != 0) throw std::runtime_error("cannot lock " + lock_path);
    struct Unlock {
      int fd;
      ~Unlock() { close(fd); }
    } unlock{lock};
    if (!fs::exists(dir / "done")) {
      std::error_code ignored;
      for (const auto& e : fs::directory_iterator(home, ignored))  // baselines of this binary's older builds
        if (e.is_directory()) fs::remove_all(e.path(), ignored);
      copy_tree(demo_dir(), dir / "pakistan", {"output"});
      const CommandResult r = run_command(shell_quote(OREMAP_BINARY) + " --quiet run " +
                                          shell_quote((dir / "pakistan" / "project.toml").string()));
      if (r.exit_code != 0)
        throw std::runtime_error("the baseline demo run failed (" + std::to_string(r.exit_code) + "): " + r.err);
      write_text_file(dir / "done", key);
    }
    return dir / "pakistan" / "output";
  }();
  return cached;
}

// One case's folder: <root>/pakistan (the project, inputs and previous outputs) and <root>/outside
// (a folder beyond the output folder, for symlinks and escapes).
struct Workspace {
  fs::path root, project_dir, project_file, output, outside;

  fs::path operator/(const std::string& relative) const { return project_dir / relative; }
};

struct Case {
  using Prepare = std::function<void(const Workspace&)>;
  using Check = std::function<void(const Workspace&, const CommandResult&)>;

  std::vector<std::pair<std::string, std::string>> edits;  // project.toml: exact text -> replacement
  std::vector<Prepare> prepares;
  std::string command = "{oremap} --quiet run {project}";  // only warnings and errors
  int exit_code = -1;
  std::vector<std::string> culprits;  // must appear in stderr
  std::vector<std::string> secrets;   // must appear in neither stdout nor stderr
  Check success_check;                // for cases that must succeed (exit 0)
  int timeout_s = 180;

  Case& toml(const std::string& old_text, const std::string& new_text) {
    edits.emplace_back(old_text, new_text);
    return *this;
  }
  Case& append(const std::string& text) { return toml("", text); }
  Case& prepare(Prepare p) {
    prepares.push_back(std::move(p));
    return *this;
  }
  // {oremap}: the binary; {project}: the project file; {output}: the output folder;
  // {as_user}: empty, or (when the tests run as root) setpriv to run as nobody.
  Case& run(const std::string& c) {
    command = c;
    return *this;
  }
  Case& exits(int code) {
    exit_code = code;
    return *this;
  }
  Case& names(std::vector<std::string> s) {
    culprits = std::move(s);
    return *this;
  }
  Case& never_prints(std::vector<std::string> s) {
    secrets = std::move(s);
    return *this;
  }
  Case& succeeds(Check c) {
    exit_code = 0;
    success_check = std::move(c);
    return *this;
  }
  Case& within(int seconds) {
    timeout_s = seconds;
    return *this;
  }
};

inline void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

// The project text with `old_text` (which must occur exactly once) replaced.
inline void edit_project(const fs::path& file, const std::string& old_text, const std::string& new_text) {
  std::string text = read_text_file(file);
  if (old_text.empty()) {
    text += "\n" + new_text + "\n";
  } else {
    const std::size_t at = text.find(old_text);
    INFO("project edit: " << old_text);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(old_text, at + 1) == std::string::npos);
    text.replace(at, old_text.size(), new_text);
  }
  write_text_file(file, text);
}

inline void run_case(const Case& c) {
  const fs::path baseline = baseline_output();
  TempDir dir;
  Workspace w{dir.path(), dir.path() / "pakistan", dir.path() / "pakistan" / "project.toml",
              dir.path() / "pakistan" / "output", dir.path() / "outside"};
  // Readable by nobody, for the cases run without root's powers; writable again at the end.
  fs::permissions(w.root, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  struct Writable {
    fs::path root;
    ~Writable() { std::system(("chmod -R u+w " + shell_quote(root.string()) + " 2>/dev/null").c_str()); }
  } writable{w.root};
  copy_tree(demo_dir(), w.project_dir, {"output"});
  copy_tree(baseline, w.output);
  fs::create_directories(w.outside);
  write_text_file(w.outside / "precious.txt", "a file beyond the output folder\n");
  for (const auto& [from, to] : c.edits) edit_project(w.project_file, from, to);
  for (const auto& p : c.prepares) p(w);

  std::string command = c.command;
  replace_all(command, "{oremap}", shell_quote(OREMAP_BINARY));
  replace_all(command, "{project}", shell_quote(w.project_file.string()));
  replace_all(command, "{output}", shell_quote(w.output.string()));
  replace_all(command, "{as_user}", geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups" : "");
  command = "cd " + shell_quote(w.root.string()) + " && timeout " + std::to_string(c.timeout_s) + " sh -c " +
            shell_quote(command) + " </dev/null";

  const Snapshot before = snapshot(w.root);
  const auto start = std::chrono::steady_clock::now();
  const CommandResult r = run_command(command);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Snapshot after = snapshot(w.root);

  INFO("command: " << command);
  INFO("took " << seconds << " s");
  INFO("stderr:\n" << r.err);
  CHECK(r.exit_code == c.exit_code);
  for (const auto& s : c.culprits) CHECK_THAT(r.err, Contains(s));
  for (const auto& s : c.secrets) {
    CHECK_THAT(r.err, !Contains(s));
    CHECK_THAT(r.out, !Contains(s));
  }
  if (c.exit_code != 0) {
    // A failed run changes nothing: not the previous outputs, not the inputs, nothing else.
    const std::string changed = differences(before, after);
    INFO("changed on disk:\n" << changed);
    CHECK(changed.empty());
  } else {
    // A successful run changes nothing beyond its output folder.
    const std::string changed =
        differences(before, after, [](const std::string& p) { return p.rfind("pakistan/output/", 0) != 0; });
    INFO("changed outside the output folder:\n" << changed);
    CHECK(changed.empty());
    if (c.success_check && r.exit_code == 0) c.success_check(w, r);
  }
}

}  // namespace oremap::test::hostile

#define HOSTILE(name) TEST_CASE("hostile: " name, "[hostile]")
