// Project-file validation: every kind of problem with its exact message and file:line:column.
// Expected messages are written from the schema's declarations; line:column are counted by hand
// in the inline TOML (columns are 1-based and point at the key, value or table header at fault).
#include <toml++/toml.h>

#include <catch2/catch.hpp>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "project/project.hpp"

using namespace oremap;

namespace {

// A project folder holding the files the projects below refer to.
struct ProjectDir {
  oremap::test::TempDir dir;
  ProjectDir() {
    oremap::test::write_text_file(dir.file("country.geojson"), R"({"type": "FeatureCollection", "features": []})");
    oremap::test::write_text_file(dir.file("dem.tif"), "");  // validation only checks that it exists
  }

  project::Project parse(const std::string& text) const { return project::parse_project(text, "p.toml", dir.path()); }

  // Every diagnostic of a project that must fail, formatted as the CLI prints them.
  std::vector<std::string> problems(const std::string& text) const {
    oremap::test::QuietGdalErrors quiet;  // unknown CRSs make PROJ complain on stderr
    try {
      parse(text);
    } catch (const ProjectError& e) {
      CHECK(e.code() == ExitCode::project);
      std::vector<std::string> out;
      for (const auto& d : e.diagnostics()) out.push_back(d.format());
      return out;
    }
    FAIL("the project was accepted");
    return {};
  }

  // The single diagnostic of a project with exactly one problem.
  std::string problem(const std::string& text) const {
    std::vector<std::string> all = problems(text);
    INFO(Catch::Detail::stringify(all));
    REQUIRE(all.size() == 1);
    return all[0];
  }
};

// Appended after the lines under test, so it never shifts their line numbers.
const std::string kLayers = "\n[[layers]]\nid = \"country\"\npath = \"country.geojson\"\n";

}  // namespace

TEST_CASE_METHOD(ProjectDir, "validate accepts a valid project and fills defaults", "[validate]") {
  project::Project p = parse(R"([project]
name = "Demo"

[grid]
crs = "EPSG:32642"
cell_size = 1000
extent_layer = "country"
buffer = 20000

[[layers]]
id = "country"
path = "country.geojson"

[[layers]]
id = "dem"
path = "dem.tif"
resampling = "bilinear"
)");
  CHECK(p.name == "Demo");
  CHECK(p.output_dir == dir.path() / "output");
  CHECK(p.grid.crs == std::optional<std::string>("EPSG:32642"));
  CHECK(p.grid.cell_size == 1000.0);  // an integer in TOML, read as a number
  CHECK(p.grid.buffer == 20000.0);
  CHECK(p.grid.extent_layer == std::optional<std::string>("country"));
  CHECK_FALSE(p.grid.bbox);
  CHECK(p.grid.bbox_crs == "EPSG:4326");
  REQUIRE(p.layers.size() == 2);
  CHECK(p.layers[0].path == dir.file("country.geojson"));  // resolved from the project's folder
  CHECK(p.layers[0].type == "vector");
  CHECK(p.layers[0].resampling == "nearest");
  CHECK(p.layers[0].band == 1);
  CHECK(p.layers[1].type == "raster");  // from the .tif extension
  CHECK(p.layers[1].resampling == "bilinear");
  CHECK(p.layer("dem").path == dir.file("dem.tif"));
}

TEST_CASE_METHOD(ProjectDir, "validate reads a bbox grid and names the project after the file", "[validate]") {
  project::Project p = parse("[grid]\ncell_size = 250.5\nbbox = [60, 23.5, 78, 38]\n" + kLayers);
  CHECK(p.name == "p");  // no [project] name: the file's stem
  CHECK_FALSE(p.grid.crs);
  CHECK(p.grid.cell_size == 250.5);
  CHECK(p.grid.bbox == std::optional<std::array<double, 4>>({60, 23.5, 78, 38}));
}

TEST_CASE_METHOD(ProjectDir, "validate reports a TOML syntax error at its position", "[validate]") {
  // Line 2, column 13 is the second '='. The reason is toml++'s own description of the error,
  // asked of toml++ directly ("Error while parsing value: could not determine value type").
  const std::string text = "[grid]\ncell_size = = 1000\n";
  std::string reason;
  try {
    (void)toml::parse(text);
  } catch (const toml::parse_error& e) {
    reason = std::string(e.description());
  }
  REQUIRE_FALSE(reason.empty());
  CHECK(problem(text) == "p.toml:2:13: TOML syntax error: " + reason + "; fix the syntax (see docs/project-file.md)");
}

TEST_CASE_METHOD(ProjectDir, "validate reports an unknown section with a suggestion", "[validate]") {
  // [projcet] on line 1: the name starts at column 2, after '['
  CHECK(problem(R"([projcet]
name = "x"

[grid]
cell_size = 1000
extent_layer = "country"
)" + kLayers) ==
        "p.toml:1:2: projcet: unknown section; did you mean 'project'?; see docs/project-file.md for the "
        "sections oremap reads");
}

TEST_CASE_METHOD(ProjectDir, "validate reports an unknown key with a suggestion", "[validate]") {
  CHECK(problem(R"([grid]
crs = "EPSG:32642"
cell_size = 1000
extent_layer = "country"
bufer = 20000
)" + kLayers) ==
        "p.toml:5:1: grid.bufer: unknown key; did you mean 'buffer'?; remove it or use one of: crs, "
        "cell_size, bbox, bbox_crs, extent_layer, buffer, align, mask");
}

TEST_CASE_METHOD(ProjectDir, "validate reports a value of the wrong type", "[validate]") {
  // cell_size = "1000": the value starts at column 13
  CHECK(problem("[grid]\nextent_layer = \"country\"\ncell_size = \"1000\"\n" + kLayers) ==
        "p.toml:3:13: grid.cell_size: expected a number or a list of numbers, got a string; write e.g. cell_size = 30 "
        "or [30, 20]");
  // band = 1.5 on line 5 (kLayers-like table written out): column 8
  CHECK(problem("[grid]\ncell_size = 1000\nbbox = [60, 23, 78, 38]\n[[layers]]\nband = 1.5\nid = \"dem\"\n"
                "path = \"dem.tif\"\n") ==
        "p.toml:5:8: layers[0].band: expected an integer, got a number; write e.g. band = 1");
}

TEST_CASE_METHOD(ProjectDir, "validate reports an out-of-range number", "[validate]") {
  CHECK(problem("[grid]\nextent_layer = \"country\"\ncell_size = -5\n" + kLayers) ==
        "p.toml:3:13: grid.cell_size: must be > 0 (got -5); Cell size in metres, or [dx, dy] for non-square cells (dx "
        "wide, dy high).");
  CHECK(problem("[grid]\nextent_layer = \"country\"\ncell_size = 0\n" + kLayers) ==
        "p.toml:3:13: grid.cell_size: must be > 0 (got 0); Cell size in metres, or [dx, dy] for non-square cells (dx "
        "wide, dy high).");  // the bound is exclusive
  CHECK(problem("[grid]\nextent_layer = \"country\"\ncell_size = nan\n" + kLayers) ==
        "p.toml:3:13: grid.cell_size: must be a finite number (got nan); give a finite value");
  CHECK(problem("[grid]\nextent_layer = \"country\"\ncell_size = 1000\nbuffer = -10\n" + kLayers) ==
        "p.toml:4:10: grid.buffer: must be >= 0 (got -10); Metres added around the extent on every side.");
  // band = 0 on line 5: 1-based bands, inclusive bound
  CHECK(problem("[grid]\ncell_size = 1000\nbbox = [60, 23, 78, 38]\n[[layers]]\nband = 0\nid = \"dem\"\n"
                "path = \"dem.tif\"\n") == "p.toml:5:8: layers[0].band: must be >= 1 (got 0); Raster band to read.");
}

TEST_CASE_METHOD(ProjectDir, "validate reports a value outside the choices with a suggestion", "[validate]") {
  // resampling = "bilinar": the value starts at column 14
  CHECK(problem(R"([grid]
cell_size = 1000
extent_layer = "country"

[[layers]]
id = "country"
path = "country.geojson"
resampling = "bilinar"
)") == "p.toml:8:14: layers[0].resampling: unknown value 'bilinar'; did you mean 'bilinear'?; use one of: nearest, "
       "bilinear, cubic, cubicspline, lanczos, average, mode, min, max, med");
}

TEST_CASE_METHOD(ProjectDir, "validate reports a missing required key at its table", "[validate]") {
  // The [[layers]] header on line 5 is where the table starts.
  CHECK(problem(R"([grid]
cell_size = 1000
bbox = [60, 23, 78, 38]

[[layers]]
id = "country"
)") == "p.toml:5:1: layers[0]: missing required key 'path'; add path = ... (File path (relative to the project "
       "file) or a GDAL connection string such as \"PG:dbname=geo host=localhost\".)");
  CHECK(problem("[grid]\nextent_layer = \"country\"\n" + kLayers) ==
        "p.toml:1:1: grid: missing required key 'cell_size'; add cell_size = ... (Cell size in metres, or [dx, dy] for "
        "non-square cells (dx wide, dy high).)");
}

TEST_CASE_METHOD(ProjectDir, "validate reports a missing required section", "[validate]") {
  CHECK(problem("[grid]\ncell_size = 1000\nbbox = [60, 23, 78, 38]\n") ==
        "p.toml:1:1: layers: missing required section; add a [[layers]] table");
}

TEST_CASE_METHOD(ProjectDir, "validate reports a duplicate id and where it was first declared", "[validate]") {
  // The first "country" id is on line 6, the second on line 10 (value at column 6).
  CHECK(problem(R"([grid]
cell_size = 1000
extent_layer = "country"

[[layers]]
id = "country"
path = "country.geojson"

[[layers]]
id = "country"
path = "dem.tif"
)") == "p.toml:10:6: layers[1].id: duplicate id 'country' (first declared at p.toml:6); give every layer and step a "
       "unique id");
}

TEST_CASE_METHOD(ProjectDir, "validate reports a dangling reference with a suggestion", "[validate]") {
  // extent_layer = "contry": the value starts at column 16
  CHECK(problem("[grid]\ncell_size = 1000\nextent_layer = \"contry\"\n" + kLayers) ==
        "p.toml:3:16: grid.extent_layer: unknown id 'contry'; did you mean 'country'?; declare it as a [[layers]] id");
  // mask refers to layers too
  CHECK(problem("[grid]\ncell_size = 1000\nextent_layer = \"country\"\nmask = \"coast\"\n" + kLayers) ==
        "p.toml:4:8: grid.mask: unknown id 'coast'; declare it as a [[layers]] id");  // too far for a suggestion
}

TEST_CASE_METHOD(ProjectDir, "validate reports a missing file with its resolved path", "[validate]") {
  const std::string d = dir.path().string();
  CHECK(problem(R"([grid]
cell_size = 1000
extent_layer = "country"

[[layers]]
id = "country"
path = "data/../nope.geojson"
)") == "p.toml:7:8: layers[0].path: file not found: " + d +
            "/nope.geojson; check the spelling; relative paths "
            "resolve from the project file's folder (" +
            d + ")");
}

TEST_CASE_METHOD(ProjectDir, "validate lets connection strings through without a file check", "[validate]") {
  project::Project p = parse(
      "[grid]\ncell_size = 1000\nbbox = [60, 23, 78, 38]\n\n[[layers]]\nid = \"roads\"\n"
      "path = \"PG:dbname=geo host=localhost\"\nlayer = \"roads\"\n");
  CHECK(p.layers[0].path == "PG:dbname=geo host=localhost");
  CHECK(p.layers[0].type == "vector");
}

TEST_CASE_METHOD(ProjectDir, "validate reports an unknown CRS", "[validate]") {
  CHECK(problem(R"([grid]
cell_size = 1000
extent_layer = "country"

[[layers]]
id = "country"
path = "country.geojson"
crs = "EPSG:999999"
)") == "p.toml:8:7: layers[0].crs: unknown CRS 'EPSG:999999'; use an EPSG code such as \"EPSG:32642\", a PROJ "
       "string or WKT");
  // An unknown grid CRS is reported once, not again as "not projected".
  CHECK(problem("[grid]\ncrs = \"EPSG:326420\"\ncell_size = 1000\nextent_layer = \"country\"\n" + kLayers) ==
        "p.toml:2:7: grid.crs: unknown CRS 'EPSG:326420'; use an EPSG code such as \"EPSG:32642\", a PROJ string or "
        "WKT");
}

TEST_CASE_METHOD(ProjectDir, "validate refuses a geographic grid CRS", "[validate]") {
  CHECK(problem("[grid]\ncrs = \"EPSG:4326\"\ncell_size = 1000\nextent_layer = \"country\"\n" + kLayers) ==
        "p.toml:2:7: grid.crs: 'EPSG:4326' is geographic: cell sizes and distances would be in degrees; use a "
        "projected CRS in metres, e.g. the UTM zone of the area (\"EPSG:326zz\" north, \"EPSG:327zz\" south), or "
        "omit crs to let oremap pick the UTM zone");
}

TEST_CASE_METHOD(ProjectDir, "validate needs exactly one of bbox and extent_layer", "[validate]") {
  SECTION("both") {
    CHECK(problem("[grid]\ncell_size = 1000\nbbox = [60, 23, 78, 38]\nextent_layer = \"country\"\n" + kLayers) ==
          "p.toml:1:1: grid: both bbox and extent_layer are set; give exactly one: bbox = [xmin, ymin, xmax, ymax] "
          "or extent_layer = \"<layer id>\"");
  }
  SECTION("neither") {
    CHECK(problem("[grid]\ncell_size = 1000\n" + kLayers) ==
          "p.toml:1:1: grid: no extent: neither bbox nor extent_layer is set; give exactly one: bbox = [xmin, ymin, "
          "xmax, ymax] or extent_layer = \"<layer id>\"");
  }
}

TEST_CASE_METHOD(ProjectDir, "validate checks the bbox's length and order", "[validate]") {
  // bbox = [...] value starts at column 8
  CHECK(problem("[grid]\ncell_size = 1000\nbbox = [60, 23, 78]\n" + kLayers) ==
        "p.toml:3:8: grid.bbox: expected 4 numbers, got 3; write e.g. bbox = [60.5, 23.5, 77.5, 37.5]");
  CHECK(problem("[grid]\ncell_size = 1000\nbbox = [78, 23, 60, 38]\n" + kLayers) ==
        "p.toml:3:8: grid.bbox: xmin must be < xmax and ymin < ymax; order it as [xmin, ymin, xmax, ymax]");
}

TEST_CASE_METHOD(ProjectDir, "validate reads grid.align as \"cell\", a raster layer or a point", "[validate][align]") {
  const std::string grid = "[grid]\ncell_size = 1000\nbbox = [60, 23, 78, 38]\n";
  const std::string layers = kLayers + "\n[[layers]]\nid = \"dem\"\npath = \"dem.tif\"\n";
  CHECK_FALSE(parse(grid + layers).grid.align_to);
  CHECK_FALSE(parse(grid + layers).grid.align_point);
  CHECK(parse(grid + "align = \"cell\"\n" + layers).grid.align_to == std::optional<std::string>("cell"));
  CHECK(parse(grid + "align = \"dem\"\n" + layers).grid.align_to == std::optional<std::string>("dem"));
  const project::Project point = parse(grid + "align = [200010, 3000020.5]\n" + layers);
  CHECK(point.grid.align_point == std::optional<std::array<double, 2>>({200010, 3000020.5}));
  CHECK_FALSE(point.grid.align_to);
}

TEST_CASE_METHOD(ProjectDir, "validate reports a grid.align that is no lattice", "[validate][align]") {
  const std::string grid = "[grid]\ncell_size = 1000\nbbox = [60, 23, 78, 38]\n";
  // align = ... : the value starts at column 9 of line 4
  CHECK(problem(grid + "align = \"country\"\n" + kLayers) ==
        "p.toml:4:9: grid.align: 'country' is a vector layers entry, not usable here; give \"cell\", a point [x0, "
        "y0] or the id of a raster layer");
  CHECK(problem(grid + "align = \"cel\"\n" + kLayers) ==
        "p.toml:4:9: grid.align: unknown id 'cel'; give \"cell\", a point [x0, y0] or the id of a raster layer");
  CHECK(problem(grid + "align = [1, 2, 3]\n" + kLayers) ==
        "p.toml:4:9: grid.align: expected 2 numbers, got 3; write e.g. align = \"cell\" or [200010, 3000020]");
  CHECK(problem(grid + "align = true\n" + kLayers) ==
        "p.toml:4:9: grid.align: expected a string or a list of numbers, got a boolean; write e.g. align = \"cell\" "
        "or [200010, 3000020]");
  CHECK(problem(grid + "align = [1, nan]\n" + kLayers) ==
        "p.toml:4:13: grid.align: must be a finite number (got nan); give a finite value");
}

TEST_CASE_METHOD(ProjectDir, "validate wants layers as an array of tables", "[validate]") {
  CHECK(problem("layers = \"country.geojson\"\n[grid]\ncell_size = 1000\nbbox = [60, 23, 78, 38]\n") ==
        "p.toml:1:10: layers: expected an array of tables; write each entry as [[layers]]");
}

TEST_CASE_METHOD(ProjectDir, "validate reports every problem at once, in file order", "[validate]") {
  const std::string text = R"([grid]
crs = "EPSG:4326"
cell_size = -5
extent_layer = "contry"

[[layers]]
id = "country"
path = "country.geojson"
resampling = "bilinar"
colour = "red"
)";
  std::vector<std::string> all = problems(text);
  REQUIRE(all.size() == 5);  // geographic crs, range, dangling id, bad choice, unknown key
  CHECK_THAT(all[0], Catch::Matchers::StartsWith("p.toml:2:7: grid.crs: 'EPSG:4326' is geographic"));
  CHECK_THAT(all[1], Catch::Matchers::StartsWith("p.toml:3:13: grid.cell_size: must be > 0 (got -5)"));
  CHECK_THAT(all[2], Catch::Matchers::StartsWith("p.toml:4:16: grid.extent_layer: unknown id 'contry'"));
  CHECK_THAT(all[3], Catch::Matchers::StartsWith("p.toml:9:14: layers[0].resampling: unknown value 'bilinar'"));
  CHECK_THAT(all[4], Catch::Matchers::StartsWith("p.toml:10:1: layers[0].colour: unknown key"));
  // The exception's message is the same lines joined
  try {
    parse(text);
  } catch (const ProjectError& e) {
    CHECK(std::string(e.what()) == all[0] + "\n" + all[1] + "\n" + all[2] + "\n" + all[3] + "\n" + all[4]);
  }
}

TEST_CASE("validate: load_project names an unreadable project file", "[validate]") {
  try {
    project::load_project("/nonexistent/oremap/p.toml");
    FAIL("no error");
  } catch (const ProjectError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].format() ==
          "/nonexistent/oremap/p.toml: cannot read the project file; check the path; create one from "
          "geodata/pakistan/project.toml");
  }
}

TEST_CASE("validate: the Pakistan demo project is valid", "[validate]") {
  const std::string file = OREMAP_SOURCE_DIR "/geodata/pakistan/project.toml";
  project::Project p = project::load_project(file);
  // As many layers as [[layers]] tables, counted by toml++ itself (21 when this test was written)
  CHECK(p.layers.size() == toml::parse_file(file)["layers"].as_array()->size());
  CHECK(p.grid.crs == std::optional<std::string>("EPSG:32642"));
  CHECK(p.grid.cell_size == 1000.0);
  CHECK(p.grid.buffer == 20000.0);
  CHECK(p.layer("faults").where == std::optional<std::string>("is_fold IS NULL OR is_fold = 0"));
  CHECK(p.layer("gravity").type == "raster");
  CHECK(p.layer("gravity").resampling == "bilinear");
}

TEST_CASE_METHOD(ProjectDir, "validate checks the compression level against the codec", "[validate]") {
  const std::string grid = "[grid]\nextent_layer = \"country\"\ncell_size = 1000\n\n";
  // Line 7: compression_level = 13; the value starts at column 21.
  CHECK(problem(grid + "[outputs]\ncompression = \"deflate\"\ncompression_level = 13\n" + kLayers) ==
        "p.toml:7:21: outputs.compression_level: deflate levels run from 1 to 12 (got 13); use 1-12, or "
        "compression = \"zstd\" for levels up to 22");
  CHECK(problem(grid + "[outputs]\ncompression = \"lzw\"\ncompression_level = 2\n" + kLayers) ==
        "p.toml:7:21: outputs.compression_level: lzw has no compression level; remove compression_level, or "
        "choose compression = \"zstd\" or \"deflate\"");
  // The default codec is zstd, which goes up to 22.
  CHECK(problem(grid + "[outputs]\ncompression_level = 23\n" + kLayers) ==
        "p.toml:6:21: outputs.compression_level: must be <= 22 (got 23); Compression effort: zstd 1-22, deflate "
        "1-12; higher is smaller and slower. Not for lzw or none.");
  CHECK_NOTHROW(parse(grid + "[outputs]\ncompression_level = 22\n" + kLayers));
}

TEST_CASE_METHOD(ProjectDir, "validate handles integers beyond double precision", "[validate]") {
  // 2^53 + 1 has no exact double: toml++ refuses to convert it; the range check must still work.
  const std::string grid = "[grid]\nextent_layer = \"country\"\ncell_size = 1000\n\n";
  CHECK(problem(grid + "[outputs]\ncompression_level = 9007199254740993\n" + kLayers) ==
        "p.toml:6:21: outputs.compression_level: must be <= 22 (got 9.00719925474099e+15); Compression effort: "
        "zstd 1-22, deflate 1-12; higher is smaller and slower. Not for lzw or none.");
}

TEST_CASE_METHOD(ProjectDir, "validate reports a path the file system refuses, without throwing", "[validate]") {
  // Found by fuzz_project_file: a file name over 255 bytes made std::filesystem throw (exit 1).
  const std::string name(300, 'x');
  const std::string d = dir.path().string();
  CHECK(problem("[grid]\ncell_size = 1000\nextent_layer = \"country\"\n\n[[layers]]\nid = \"country\"\npath = \"" +
                name + "\"\n") == "p.toml:7:8: layers[0].path: cannot check " + d + "/" + name +
                                      ": File name too long; shorten or correct the path");
}

TEST_CASE_METHOD(ProjectDir, "validate checks a boosted-trees model's mode and its random-forest settings",
                 "[validate][boosted_trees]") {
  // Lines 1-12 are common; the model's own keys start on line 13.
  const std::string model = R"([grid]
cell_size = 1000
extent_layer = "country"

[[layers]]
id = "dem"
path = "dem.tif"

[[models]]
id = "cu_trees"
commodity = "copper"
kind = "boosted_trees"
inputs = ["dem"]
deposits = "country"
)";
  CHECK(parse(model + kLayers).models.at(0).str("mode") == "boosting");  // the default
  CHECK(problem(model + "mode = \"forest\"\n" + kLayers) ==
        "p.toml:15:8: models[0].mode: unknown value 'forest'; use one of: boosting, random_forest");
  CHECK(problem(model + "trees = 0\n" + kLayers) ==
        "p.toml:15:9: models[0].trees: must be >= 1 (got 0); boosting: the rounds (one tree each); random_forest: "
        "the trees of the forest.");
  CHECK(problem(model + "subsample = 1.5\n" + kLayers) ==
        "p.toml:15:13: models[0].subsample: must be <= 1 (got 1.5); Share of the sample's rows each tree is grown "
        "on, drawn at random.");
  // A forest averages its trees: no learning rate, and each tree must see a random part.
  CHECK(problem(model + "mode = \"random_forest\"\nlearning_rate = 0.3\n" + kLayers) ==
        "p.toml:16:17: models[0].learning_rate: a random forest averages its trees: learning_rate applies to "
        "mode = \"boosting\" only; remove learning_rate, or set mode = \"boosting\"");
  CHECK(problem(model + "mode = \"random_forest\"\nsubsample = 1\ncolumn_sample = 1.0\n" + kLayers) ==
        "p.toml:9:1: models[0]: a random forest with subsample = 1 and column_sample = 1 grows the same tree every "
        "time; set subsample or column_sample below 1 (0.8 by default)");
  CHECK(parse(model + "mode = \"random_forest\"\nsubsample = 1\n" + kLayers).models.at(0).str("mode") ==
        "random_forest");  // column_sample keeps its 0.8
}
