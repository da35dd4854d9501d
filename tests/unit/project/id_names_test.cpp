// Ids are names (issue 9, point 1): they become output file names (<output>/<id>.tif,
// <id>_weights.csv, ...), so an id outside the documented safe set is a project-file problem
// reported at the id's value, and every sink builds output paths through one helper that
// refuses a name whose file would leave the output folder. Expected texts are written out here,
// not taken from oremap's constants.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "gdal/handles.hpp"
#include "project/project.hpp"
#include "project/schema.hpp"
#include "stages/outputs/output_name.hpp"

using namespace oremap;
using namespace oremap::test;
using Catch::Matchers::Contains;

namespace {

const std::string kRule =
    "1 to 64 ASCII letters, digits, _ or -, starting with a letter, and not a Windows device name (con, prn, aux, "
    "nul, com1-com9, lpt1-lpt9)";

// The problems of a project whose one layer has id `id` (a TOML literal string: no escapes).
std::vector<std::string> layer_id_problems(const TempDir& dir, const std::string& id) {
  const std::string text = "[grid]\ncell_size = 1000\nbbox = [60, 23, 78, 38]\n\n[[layers]]\nid = '" + id +
                           "'\npath = \"country.geojson\"\n";
  try {
    project::parse_project(text, "p.toml", dir.path());
  } catch (const ProjectError& e) {
    CHECK(e.code() == ExitCode::project);
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(d.format());
    return out;
  }
  return {};
}

CommandResult oremap_cli(const std::string& args) { return run_command(shell_quote(OREMAP_BINARY) + " " + args); }

}  // namespace

TEST_CASE("ids: an id that is not a safe file name is refused at its value, with the rule", "[validate][ids]") {
  TempDir dir;
  write_text_file(dir.file("country.geojson"), R"({"type": "FeatureCollection", "features": []})");
  const std::vector<std::string> bad = {"../../raster/etopo5_pakistan",
                                        "../escaped_model",
                                        "a/b",
                                        "a\\b",
                                        "",
                                        "1abc",
                                        "_x",
                                        "-x",
                                        "x.y",
                                        "x y",
                                        "caf\xc3\xa9",
                                        "con",
                                        "NUL",
                                        "Lpt1",
                                        "com9",
                                        std::string(65, 'a')};
  for (const auto& id : bad) {
    INFO(id);
    // line 6: id = '...'; the value starts at column 6
    CHECK(layer_id_problems(dir, id) ==
          std::vector<std::string>{"p.toml:6:6: layers[0].id: '" + id +
                                   "' is not a valid id: ids become output file names; use " + kRule +
                                   ", e.g. \"copper_weighted\""});
  }
  for (const std::string& good :
       std::vector<std::string>{"a", "copper_weighted", "Cu-2", "console", "com10", "lpt0", std::string(64, 'z')}) {
    INFO(good);
    CHECK(layer_id_problems(dir, good).empty());
  }
}

TEST_CASE("ids: evidence, model, criterion and exclusion ids follow the same rule", "[validate][ids]") {
  TempDir dir;
  write_text_file(dir.file("dem.tif"), "");  // validation only checks that it exists
  write_text_file(dir.file("sites.geojson"), R"({"type": "FeatureCollection", "features": []})");
  const std::string text = R"([grid]
cell_size = 1000
bbox = [60, 23, 78, 38]

[[layers]]
id = "dem"
path = "dem.tif"

[[layers]]
id = "sites"
path = "sites.geojson"

[[evidence]]
id = "ev/1"
kind = "invert"
input = "dem"

[[models]]
id = "../../raster/etopo5_pakistan"
commodity = "copper"
kind = "weighted"
inputs = ["dem"]
weights = [1]

[sites]
layer = "sites"
commodity = "copper"

[[criteria]]
id = "near sites"
kind = "distance"
layer = "sites"
weight = 1
bounds = [0, 1000]

[[exclusions]]
id = "aux"
layer = "sites"
)";
  std::vector<std::string> got;
  try {
    project::parse_project(text, "p.toml", dir.path());
  } catch (const ProjectError& e) {
    for (const auto& d : e.diagnostics()) got.push_back(d.format());
  }
  auto expected = [&](int line, const std::string& key, const std::string& id) {
    return "p.toml:" + std::to_string(line) + ":6: " + key + ": '" + id +
           "' is not a valid id: ids become output file names; use " + kRule + ", e.g. \"copper_weighted\"";
  };
  CHECK(got == std::vector<std::string>{
                   expected(14, "evidence[0].id", "ev/1"), expected(19, "models[0].id", "../../raster/etopo5_pakistan"),
                   expected(30, "criteria[0].id", "near sites"), expected(37, "exclusions[0].id", "aux")});
}

TEST_CASE("ids: oremap validate and run exit 2 on a model id that would overwrite an input", "[cli][ids]") {
  // The issue's case: the model's COG would be written to out/../raster/dem.tif, the input DEM.
  TempDir dir;
  fs::create_directories(dir.path() / "raster");
  const Grid grid = make_grid(32642, 500000, 3002000, 1000, 2, 2);
  {
    gdal::register_drivers();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(driver->Create(dir.file("raster/dem.tif").c_str(), 2, 2, 1, GDT_Int16, nullptr));
    auto gt = grid.geotransform();
    ds->SetGeoTransform(gt.data());
    ds->SetProjection(grid.crs_wkt.c_str());
    std::vector<std::int16_t> v = {100, 200, 300, 400};
    REQUIRE(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, 2, 2, v.data(), 2, 2, GDT_Int16, 0, 0, nullptr) == CE_None);
  }
  const std::string dem_before = read_text_file(dir.path() / "raster/dem.tif");
  write_text_file(dir.file("p.toml"), R"([project]
output = "out"

[grid]
crs = "EPSG:32642"
bbox_crs = "EPSG:32642"
bbox = [500000, 3000000, 502000, 3002000]
cell_size = 1000

[[layers]]
id = "dem"
path = "raster/dem.tif"

[[models]]
id = "../raster/dem"
commodity = "copper"
kind = "weighted"
inputs = ["dem"]
weights = [1]
)");
  const std::string file = dir.file("p.toml");
  for (const char* command : {"validate", "run"}) {
    INFO(command);
    const CommandResult r = oremap_cli(std::string(command) + " " + shell_quote(file));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains(file +
                               ":15:6: models[0].id: '../raster/dem' is not a valid id: ids become output "
                               "file names; use " +
                               kRule));
  }
  CHECK(read_text_file(dir.path() / "raster/dem.tif") == dem_before);
  CHECK(!fs::exists(dir.path() / "out"));
}

TEST_CASE("ids: the output-path helper refuses names whose file would leave the output folder", "[sinks][ids]") {
  const fs::path out = "/data/run/out";
  CHECK(output_path(out, "copper_w", "_weights.csv", "models.id") == fs::path("/data/run/out/copper_w_weights.csv"));
  CHECK(output_path(out, "sites_gold", ".csv", "sites.commodities") == fs::path("/data/run/out/sites_gold.csv"));
  for (const std::string& name :
       std::vector<std::string>{"../../raster/etopo5_pakistan", "../escaped_model", "a/b", "/etc/passwd", "a\\b", "",
                                ".", "..", std::string("a\0b", 3)}) {
    INFO(name);
    try {
      output_path(out, name, name == "." || name == ".." ? "" : ".tif", "models.id");
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::output);
      const std::string what = e.what();
      const std::string shown = name.find('\0') == std::string::npos ? name : "a\\x00b";  // printable
      CHECK_THAT(what, Catch::Matchers::StartsWith("models.id: '" + shown + "' cannot name an output file: "));
      CHECK_THAT(what, Contains(" would not be inside the output folder /data/run/out; use a name of " + kRule));
    }
  }
}

TEST_CASE("ids: the rule is documented on every id key, in the schema and docs/project-file.md", "[validate][ids]") {
  const std::string sentence = "A name: " + kRule + ".";
  const std::string generated = project::schema_markdown();
  const std::string docs = read_text_file(fs::path(OREMAP_SOURCE_DIR) / "docs" / "project-file.md");
  // Each id row of the reference carries it: layers, evidence, models, criteria, exclusions.
  std::size_t rows = 0;
  for (std::size_t at = generated.find("| `id` |"); at != std::string::npos; at = generated.find("| `id` |", at + 1)) {
    ++rows;
    CHECK_THAT(generated.substr(at, generated.find('\n', at) - at), Contains(sentence));
  }
  CHECK(rows == 5);
  CHECK_THAT(docs, Contains(generated));  // the doc is the generator's output under its header
}
