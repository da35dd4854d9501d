// `oremap run --progress=...` as a separate process with stderr in a file: JSON lines that a
// program can follow (per stage, fractions that never fall, stay in [0,1] and end at exactly 1),
// plain lines, nothing with none or --quiet, and never a carriage return off a terminal.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../stages/stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

CommandResult oremap_cli(const std::string& args) { return run_command(shell_quote(OREMAP_BINARY) + " " + args); }

// A 6 x 6 km project that goes through every kind of stage: a distance evidence raster, a
// weighted model and its COG, sites scored on a road distance, maps, viewer, report.
void write_project(const TempDir& dir) {
  write_text_file(dir.file("sites.geojson"), feature_collection({{geo_point(500500, 3000500), R"("cu": 1)"},
                                                                 {geo_point(503500, 3002500), R"("cu": 1)"},
                                                                 {geo_point(505500, 3005500), R"("cu": 0)"}}));
  write_text_file(dir.file("roads.geojson"),
                  feature_collection({{geo_line({{500000, 3001000}, {506000, 3004000}}), ""}}));
  write_text_file(dir.file("p.toml"), grid_toml(500000, 3000000, 1000, 6, 6) + R"(
[[layers]]
id = "sites"
path = "sites.geojson"
crs = "EPSG:32642"

[[layers]]
id = "roads"
path = "roads.geojson"
crs = "EPSG:32642"

[[evidence]]
id = "road_distance"
kind = "distance"
input = "roads"
write = true

[[evidence]]
id = "road_near"
kind = "fuzzy"
input = "road_distance"
function = "small"
midpoint = 2000
spread = 2

[[models]]
id = "cu_weighted"
commodity = "copper"
kind = "weighted"
inputs = ["road_near"]
weights = [1]

[sites]
layer = "sites"
commodities = { copper = "cu = 1" }
draws = 10

[[criteria]]
id = "road"
kind = "distance"
layer = "roads"
weight = 1
bounds = [0, 5000]
better = "lower"
)");
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("cli progress: --progress=json gives per stage monotone fractions in [0,1] ending at 1", "[cli][progress]") {
  TempDir dir;
  write_project(dir);
  const CommandResult r = oremap_cli("run --progress=json " + shell_quote(dir.file("p.toml")));
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find('\r') == std::string::npos);
  struct Stage {
    std::string name;
    std::vector<double> fractions;
  };
  std::map<int, Stage> stages;  // by step
  int last_step = 0;
  for (const std::string& line : lines_of(r.err)) {
    INFO(line);
    if (line.rfind("oremap: ", 0) == 0) continue;          // a log line, whole
    const nlohmann::json j = nlohmann::json::parse(line);  // throws (fails) on anything else
    REQUIRE(j.size() == 4);
    CHECK(line.rfind("{\"stage\":", 0) == 0);  // in the documented order: stage, step, fraction, message
    const int step = j.at("step").get<int>();
    CHECK(step >= last_step);  // steps follow each other: a stage once left is not resumed
    last_step = step;
    Stage& s = stages[step];
    if (s.name.empty()) s.name = j.at("stage").get<std::string>();
    CHECK(j.at("stage").get<std::string>() == s.name);
    CHECK_THAT(j.at("message").get<std::string>(), Contains(s.name));
    s.fractions.push_back(j.at("fraction").get<double>());
  }
  REQUIRE(stages.size() >= 5);
  CHECK(stages.begin()->first == 1);
  CHECK(stages.rbegin()->first == static_cast<int>(stages.size()));  // numbered 1, 2, 3, ... without gaps
  std::vector<std::string> names;
  for (const auto& [step, s] : stages) {
    INFO("step " << step << ": " << s.name);
    names.push_back(s.name);
    for (std::size_t i = 0; i < s.fractions.size(); ++i) {
      CHECK(s.fractions[i] >= 0.0);
      CHECK(s.fractions[i] <= 1.0);
      if (i > 0) CHECK(s.fractions[i] >= s.fractions[i - 1]);
    }
    CHECK(s.fractions.back() == 1.0);
  }
  // The run's kinds of work all report: the distance evidence, the model, the COGs, the sites,
  // the output folder's checksums.
  const std::string all = [&] {
    std::string t;
    for (const auto& n : names) t += n + "\n";
    return t;
  }();
  CHECK_THAT(all, Contains("distance\n"));
  CHECK_THAT(all, Contains("cu_weighted\n"));
  CHECK_THAT(all, Contains("writing COG\n"));
  CHECK_THAT(all, Contains("sites"));
  CHECK_THAT(all, Contains("checksums\n"));
}

TEST_CASE("cli progress: plain lines, none, --quiet, and the default off a terminal", "[cli][progress]") {
  TempDir dir;
  write_project(dir);
  const std::string project = shell_quote(dir.file("p.toml"));
  SECTION("plain: whole lines of the log's form, a percentage and the stage; 100% closes each stage") {
    for (const char* args : {"run --progress=plain ", "run "}) {  // the default with stderr in a file
      INFO(args);
      const CommandResult r = oremap_cli(args + project);
      REQUIRE(r.exit_code == 0);
      CHECK(r.err.find('\r') == std::string::npos);
      CHECK(r.err.find('\033') == std::string::npos);
      int progress_lines = 0, finished = 0;
      for (const std::string& line : lines_of(r.err)) {
        CHECK_THAT(line, StartsWith("oremap: "));
        if (line.rfind("oremap: progress: ", 0) != 0) continue;
        ++progress_lines;
        if (line.rfind("oremap: progress: 100% ", 0) == 0) ++finished;
      }
      CHECK(progress_lines > 5);
      CHECK(finished >= 5);
    }
  }
  SECTION("none, and --quiet without --progress, print nothing") {
    for (const char* args : {"run --progress=none ", "--quiet run "}) {
      INFO(args);
      const CommandResult r = oremap_cli(args + project);
      REQUIRE(r.exit_code == 0);
      CHECK_THAT(r.err, !Contains("progress"));
      CHECK_THAT(r.err, !Contains("fraction"));
    }
  }
  SECTION("bar off a terminal falls back to plain lines, without carriage returns") {
    const CommandResult r = oremap_cli("run --progress=bar " + project);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find('\r') == std::string::npos);
    CHECK_THAT(r.err, Contains("oremap: progress: 100% "));
  }
  SECTION("bar on a terminal: redrawn in place, and log lines never on the bar's line") {
    // script(1) gives the run a terminal; its output holds stdout and stderr, with \r\n line ends.
    const CommandResult r = run_command(
        "script -qec " + shell_quote(shell_quote(OREMAP_BINARY) + " --verbose run --progress=bar " + project) +
        " /dev/null </dev/null");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("] 100% "));
    CHECK_THAT(r.out, Contains("oremap: debug: "));
    int log_lines = 0;
    for (std::string line : lines_of(r.out)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      INFO(line);
      const auto at = line.find("oremap: ");
      if (at == std::string::npos) continue;
      ++log_lines;
      CHECK(at == 0);  // a log line starts its own line: no bar before it
      CHECK(line.find('\r') == std::string::npos);
    }
    CHECK(log_lines > 0);
  }
  SECTION("an unknown form is a usage error naming the choices") {
    const CommandResult r = oremap_cli("run --progress=fancy " + project);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("fancy"));
  }
}
