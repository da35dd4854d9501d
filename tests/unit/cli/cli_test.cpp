// The oremap command line, run as a separate process: exit codes, stderr diagnostics, --quiet,
// and `inspect --json` on the Pakistan demo checked against ogrinfo / gdalinfo / gdaltransform.
#include <toml++/toml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../test_support.hpp"

using Catch::Matchers::Contains;
using oremap::test::CommandResult;
using oremap::test::run_command;
using oremap::test::run_ok;
using oremap::test::shell_quote;
using oremap::test::TempDir;
using oremap::test::write_text_file;

namespace {

const std::string kDemo = OREMAP_SOURCE_DIR "/geodata/pakistan/project.toml";

CommandResult oremap_cli(const std::string& args) { return run_command(shell_quote(OREMAP_BINARY) + " " + args); }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The number after `label` in a tool's output, e.g. "Feature Count: 136".
long long number_after(const std::string& text, const std::string& label) {
  std::size_t at = text.find(label);
  if (at == std::string::npos) throw std::runtime_error("no '" + label + "' in:\n" + text);
  return std::stoll(text.substr(at + label.size()));
}

// A one-point layer at (69.5, 30) and a project over it.
void write_small_project(const TempDir& dir, const std::string& grid) {
  write_text_file(dir.file("site.geojson"), R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "a"}, "geometry": {"type": "Point", "coordinates": [69.5, 30]}}]})");
  write_text_file(dir.file("p.toml"), grid + "\n[[layers]]\nid = \"site\"\npath = \"site.geojson\"\n");
}

}  // namespace

TEST_CASE("cli validate: a broken project exits 2 with file:line:col lines on stderr", "[cli]") {
  TempDir dir;
  write_small_project(dir, "[grid]\ncell_size = -5\nbbox = [68, 29, 71, 31]\nresolution = 3\n");
  const std::string file = dir.file("p.toml");
  CommandResult r = oremap_cli("validate " + shell_quote(file));
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  // cell_size = -5: line 2, value at column 13; resolution: line 4, column 1
  CHECK(lines(r.err) == std::vector<std::string>{
                            file + ":2:13: grid.cell_size: must be > 0 (got -5); Cell size in metres, or [dx, dy] for "
                                   "non-square cells (dx wide, dy high).",
                            file + ":4:1: grid.resolution: unknown key; remove it or use one of: crs, cell_size, bbox, "
                                   "bbox_crs, extent_layer, buffer, align, mask",
                            "oremap: 2 problem(s) in the project file"});
}

TEST_CASE("cli validate --json: each problem with file, line, column, key, message and fix", "[cli][json]") {
  TempDir dir;
  // A typo: `cel_size` on line 2, at column 1.
  write_small_project(dir, "[grid]\ncel_size = 1000\nbbox = [68, 29, 71, 31]\n");
  const std::string file = dir.file("p.toml");
  CommandResult r = oremap_cli("validate --json " + shell_quote(file));
  CHECK(r.exit_code == 2);
  INFO(r.out << r.err);
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  CHECK(doc["valid"] == false);
  // Two problems: cell_size missing from [grid] (line 1), and the unknown key.
  REQUIRE(doc["problems"].size() == 2);
  const auto& missing = doc["problems"][0];
  CHECK(missing["line"] == 1);
  CHECK(missing["key"] == "grid");
  CHECK(missing["message"] == "missing required key 'cell_size'");
  const auto& typo = doc["problems"][1];
  CHECK(typo["file"] == file);
  CHECK(typo["line"] == 2);
  CHECK(typo["column"] == 1);
  CHECK(typo["key"] == "grid.cel_size");
  CHECK(typo["message"] == "unknown key; did you mean 'cell_size'?");
  CHECK_THAT(typo["fix"].get<std::string>(), Contains("remove it or use one of: crs, cell_size,"));
  // The same, as text, for people.
  CHECK_THAT(r.err, Contains(file + ":2:1: grid.cel_size: unknown key; did you mean 'cell_size'?; remove it"));

  write_small_project(dir, "[grid]\ncell_size = 1000\nbbox = [68, 29, 71, 31]\n");
  CommandResult ok = oremap_cli("--quiet validate --json " + shell_quote(file));
  CHECK(ok.exit_code == 0);
  const nlohmann::json valid = nlohmann::json::parse(ok.out);
  CHECK(valid["valid"] == true);
  CHECK(valid["problems"].empty());
}

TEST_CASE("cli validate: a valid project exits 0 and says so unless --quiet", "[cli]") {
  TempDir dir;
  write_small_project(dir, "[grid]\ncell_size = 1000\nbbox = [68, 29, 71, 31]\n");
  const std::string file = dir.file("p.toml");
  CommandResult r = oremap_cli("validate " + shell_quote(file));
  CHECK(r.exit_code == 0);
  CHECK(r.err == "oremap: " + file + ": valid (1 layers)\n");
  CommandResult quiet = oremap_cli("--quiet validate " + shell_quote(file));
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.err.empty());
}

TEST_CASE("cli validate: a missing layer file exits 2 and names the resolved path", "[cli]") {
  TempDir dir;
  write_text_file(dir.file("p.toml"),
                  "[grid]\ncell_size = 1000\nbbox = [68, 29, 71, 31]\n\n[[layers]]\nid = \"x\"\n"
                  "path = \"missing.geojson\"\n");
  CommandResult r = oremap_cli("validate " + shell_quote(dir.file("p.toml")));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err,
             Contains(dir.file("p.toml") + ":7:8: layers[0].path: file not found: " + dir.file("missing.geojson")));
}

TEST_CASE("cli validate: a missing project file exits 2", "[cli]") {
  TempDir dir;
  CommandResult r = oremap_cli("validate " + shell_quote(dir.file("nope.toml")));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains(dir.file("nope.toml") + ": cannot read the project file"));
}

TEST_CASE("cli: usage errors exit 2", "[cli]") {
  CHECK(oremap_cli("").exit_code == 2);            // a subcommand is required
  CHECK(oremap_cli("frobnicate").exit_code == 2);  // unknown subcommand
  CHECK(oremap_cli("validate").exit_code == 2);    // missing project argument
  CHECK(oremap_cli("--version").exit_code == 0);
}

TEST_CASE("cli inspect: --quiet suppresses info lines such as the UTM pick", "[cli]") {
  TempDir dir;
  // No crs: lon 68..71, lat 29..31 has its centre at (69.5, 30), in UTM zone 42 north
  write_small_project(dir, "[grid]\ncell_size = 1000\nbbox = [68, 29, 71, 31]\n");
  CommandResult loud = oremap_cli("inspect " + shell_quote(dir.file("p.toml")));
  CHECK(loud.exit_code == 0);
  CHECK_THAT(loud.err, Contains("oremap: grid: no crs given; using EPSG:32642 (WGS 84 / UTM zone 42N)"));
  CommandResult quiet = oremap_cli("--quiet inspect " + shell_quote(dir.file("p.toml")));
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.err.empty());
  CHECK(quiet.out == loud.out);  // only stderr changes
}

TEST_CASE("cli inspect: an unreadable layer exits 3 after reporting every layer", "[cli]") {
  TempDir dir;
  write_small_project(dir, "[grid]\ncrs = \"EPSG:32642\"\ncell_size = 1000\nbbox = [68, 29, 71, 31]\n");
  write_text_file(dir.file("p.toml"), oremap::test::read_text_file(dir.file("p.toml")) +
                                          "\n[[layers]]\nid = \"broken\"\npath = \"broken.geojson\"\n");
  write_text_file(dir.file("broken.geojson"), "{ not json");
  CommandResult r = oremap_cli("inspect --json " + shell_quote(dir.file("p.toml")));
  CHECK(r.exit_code == 3);
  nlohmann::json info = nlohmann::json::parse(r.out);
  REQUIRE(info["layers"].size() == 2);
  CHECK(info["layers"][0]["feature_count"] == 1);
  CHECK_THAT(
      info["layers"][1]["error"].get<std::string>(),
      Catch::Matchers::StartsWith("layer 'broken': " + dir.file("broken.geojson") + ": cannot open as vector data"));
  CHECK_THAT(r.err, Contains("oremap: error: some layers cannot be read"));
}

TEST_CASE("cli inspect --json on the Pakistan demo matches ogrinfo and gdalinfo", "[cli]") {
  CommandResult r = oremap_cli("inspect --json " + shell_quote(kDemo));
  REQUIRE(r.exit_code == 0);
  nlohmann::json info = nlohmann::json::parse(r.out);
  CHECK(info["grid"]["crs"]["epsg"] == 32642);
  CHECK(info["grid"]["cell_size"] == 1000.0);

  // The layers as declared, read from the project file with toml++ rather than oremap
  // (21 when this test was written; the demo grows, so the file is the reference).
  toml::table project = toml::parse_file(kDemo);
  const toml::array& declared = *project["layers"].as_array();
  REQUIRE(declared.size() >= 21);
  REQUIRE(info["layers"].size() == declared.size());
  const std::string dir = OREMAP_SOURCE_DIR "/geodata/pakistan/";
  for (std::size_t i = 0; i < declared.size(); ++i) {
    const toml::table& layer = *declared[i].as_table();
    const std::string id = layer["id"].value_or(std::string());
    const std::string path = dir + layer["path"].value_or(std::string());
    const nlohmann::json& got = info["layers"][i];
    INFO("layer " << id);  // one inspect run, checked layer by layer
    CHECK(got["id"] == id);
    CHECK(got["warnings"].empty());
    CHECK_FALSE(got.contains("error"));
    if (path.size() > 4 && path.substr(path.size() - 4) == ".tif") {
      // gdalinfo: "Size is 36, 28"
      const std::string gdalinfo = run_ok("gdalinfo " + shell_quote(path));
      CHECK(got["type"] == "raster");
      CHECK(got["size"][0] == number_after(gdalinfo, "Size is "));
      CHECK(got["size"][1] == number_after(gdalinfo, "Size is " + std::to_string(got["size"][0].get<int>()) + ", "));
    } else {
      std::string command = "ogrinfo -ro -so -al ";
      if (auto where = layer["where"].value<std::string>()) command += "-where " + shell_quote(*where) + " ";
      const long long expected = number_after(run_ok(command + shell_quote(path)), "Feature Count: ");
      CHECK(got["type"] == "vector");
      CHECK(got["feature_count"] == expected);
    }
  }
}

TEST_CASE("cli inspect --json: the demo grid is the country's extent in UTM 42N, buffered 20 km and snapped", "[cli]") {
  // Independent derivation: ogrinfo gives the country's lon/lat extent; gdaltransform maps 1001
  // points along each edge to EPSG:32642; the min/max, +-20 km buffer, snapped outward to 1 km.
  const std::string country = OREMAP_SOURCE_DIR "/geodata/pakistan/admin/pak_adm0_dissolved.geojson";
  const std::string ogrinfo = run_ok("ogrinfo -ro -so -al " + shell_quote(country));
  const std::size_t at = ogrinfo.find("Extent: (");
  REQUIRE(at != std::string::npos);
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  REQUIRE(std::sscanf(ogrinfo.c_str() + at, "Extent: (%lf, %lf) - (%lf, %lf)", &x0, &y0, &x1, &y1) == 4);
  std::ostringstream points;
  points.precision(17);
  for (int i = 0; i <= 1000; ++i) {
    const double f = i / 1000.0, lon = x0 + f * (x1 - x0), lat = y0 + f * (y1 - y0);
    points << lon << " " << y0 << "\n"
           << lon << " " << y1 << "\n"
           << x0 << " " << lat << "\n"
           << x1 << " " << lat << "\n";
  }
  TempDir dir;
  write_text_file(dir.file("edges.txt"), points.str());
  std::istringstream projected(
      run_ok("gdaltransform -output_xy -s_srs EPSG:4326 -t_srs EPSG:32642 < " + shell_quote(dir.file("edges.txt"))));
  double xmin = std::numeric_limits<double>::max(), ymin = xmin, xmax = -xmin, ymax = -xmin;
  for (double x, y; projected >> x >> y;) {
    xmin = std::min(xmin, x), xmax = std::max(xmax, x), ymin = std::min(ymin, y), ymax = std::max(ymax, y);
  }
  const std::vector<double> expected = {
      std::floor((xmin - 20000) / 1000) * 1000, std::floor((ymin - 20000) / 1000) * 1000,
      std::ceil((xmax + 20000) / 1000) * 1000, std::ceil((ymax + 20000) / 1000) * 1000};
  // At the time of writing: [-350000, 2604000, 1421000, 4152000]
  CommandResult r = oremap_cli("inspect --json " + shell_quote(kDemo));
  REQUIRE(r.exit_code == 0);
  nlohmann::json grid = nlohmann::json::parse(r.out)["grid"];
  CHECK(grid["extent"].get<std::vector<double>>() == expected);
  CHECK(grid["cols"] == std::lround((expected[2] - expected[0]) / 1000));
  CHECK(grid["rows"] == std::lround((expected[3] - expected[1]) / 1000));
}

TEST_CASE("cli inspect: text output names the grid and each layer", "[cli]") {
  CommandResult r = oremap_cli("inspect " + shell_quote(kDemo));
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("grid     EPSG:32642 (WGS 84 / UTM zone 42N)"));
  // 136: ogrinfo -ro -so -al -where "is_fold IS NULL OR is_fold = 0"
  // geology/faults/gem_gaf_2021_harmonized_pakistan.geojson
  CHECK_THAT(r.out, Contains("features 136 Line String  (where is_fold IS NULL OR is_fold = 0)"));
  CHECK(r.err.empty());  // the demo declares its crs: nothing to log at normal verbosity
}
