// `oremap run` and `oremap validate-model` as separate processes: a [report] value the schema
// cannot check (a deposit layer that is not declared) fails before any raster is computed; `run
// --json` prints its summary on stdout, checked against sha256sum and the log.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../stages/stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;
using Catch::Matchers::Contains;

namespace {

CommandResult oremap_cli(const std::string& args) { return run_command(shell_quote(OREMAP_BINARY) + " " + args); }

// Every file under `dir` (recursively), relative to it; not the lock a run holds on the folder.
std::vector<std::string> all_files(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().filename() != ".oremap-lock")
      out.push_back(fs::relative(e.path(), dir).string());
  return out;
}

// 2 x 2 cells of 1 km; one raster layer of `values`, one weighted model reading it; then `tail`.
// Writes p.toml and returns its text up to `tail`.
std::string write_weighted_project(const TempDir& dir, const std::vector<double>& values, const std::string& tail) {
  write_grid_raster(dir.path() / "s.tif", make_grid(32642, 500000, 3002000, 1000, 2, 2), values, -9999.0);
  const std::string head = grid_toml(500000, 3000000, 1000, 2, 2) + R"(
[[layers]]
id = "s"
path = "s.tif"

[[models]]
id = "copper_w"
commodity = "copper"
kind = "weighted"
inputs = ["s"]
weights = [1]
)";
  write_text_file(dir.path() / "p.toml", head + tail);
  return head;
}

}  // namespace

TEST_CASE("cli run and validate-model: a bad [report] deposit layer fails before the raster work", "[cli]") {
  TempDir dir;
  const std::string deposits = "deposits = { copper = \"nope\" }";
  const std::string head =
      write_weighted_project(dir, {0.1, 0.2, 0.3, 0.4}, "\n[report]\n" + deposits + "\n") + "\n[report]\n";
  const std::string file = (dir.path() / "p.toml").string();
  // The deposits line follows every line of `head`; the value "nope" starts at its column.
  const std::string at = file + ":" + std::to_string(std::count(head.begin(), head.end(), '\n') + 1) + ":" +
                         std::to_string(deposits.find("\"nope\"") + 1) + ": ";
  for (const char* command : {"run", "validate-model"}) {
    INFO(command);
    const CommandResult r = oremap_cli(std::string("--quiet ") + command + " " + shell_quote(file));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains(at + "report.deposits.copper: 'nope' is not a declared layer"));
    // Nothing computed: no model raster, no COG, no report.
    CHECK(all_files(dir.path() / "out").empty());
  }
}

TEST_CASE("cli run --json: outputs with bytes and SHA-256, warnings and stage timings on stdout", "[cli][json]") {
  TempDir dir;
  write_weighted_project(dir, {0.5, 0.5, 0.5, 0.5}, "");  // constant: the model warns about its input
  const CommandResult r = oremap_cli("--progress=none run --json " + shell_quote((dir.path() / "p.toml").string()));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const nlohmann::json doc = nlohmann::json::parse(r.out);  // stdout holds the summary alone
  const fs::path out = dir.path() / "out";
  REQUIRE(doc["outputs"].is_array());
  bool cog = false;
  for (const auto& o : doc["outputs"]) {
    const std::string path = o["path"];
    INFO(path);
    CHECK(o["bytes"] == fs::file_size(out / path));
    const std::string sha = run_ok("sha256sum " + shell_quote((out / path).string())).substr(0, 64);
    CHECK(o["sha256"] == sha);
    cog |= path == "copper_w.tif";
  }
  CHECK(cog);
  const std::string manifest = read_text_file(out / "manifest.sha256");  // one line per file
  CHECK(doc["outputs"].size() == static_cast<std::size_t>(std::count(manifest.begin(), manifest.end(), '\n')));
  // The log's warnings, without the "oremap: warning: " prefix; also still on stderr.
  REQUIRE(doc["warnings"].size() >= 1);
  bool constant = false;
  for (const auto& w : doc["warnings"]) {
    CHECK_THAT(r.err, Contains("oremap: warning: " + w.get<std::string>()));
    constant |= w.get<std::string>().find("'s'") != std::string::npos;
  }
  CHECK(constant);
  REQUIRE(doc["stages"].size() >= 2);
  double sum = 0;
  for (const auto& s : doc["stages"]) {
    CHECK(s["stage"].is_string());
    CHECK(s["seconds"].get<double>() >= 0);
    sum += s["seconds"].get<double>();
  }
  CHECK(sum <= doc["seconds"].get<double>() + 1e-6);
}
