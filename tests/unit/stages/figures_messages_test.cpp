// Figures that were silently wrong or unexplained (issue 9, point 7), at the stage that computes
// them: the logistic seed recorded exactly, grid sizes that would overflow an int, a bbox PROJ
// cannot transform, constant weights-of-evidence inputs, and layers of invalid geometries.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "geos/handles.hpp"
#include "stage_fixture.hpp"
#include "stages/sources/vector_source.hpp"

using namespace oremap;
using namespace oremap::test;
using Catch::Matchers::Contains;

namespace {

void write_deposits(const TempDir& dir) {
  write_text_file(
      dir.path() / "deposits.geojson",
      feature_collection(
          {{ten_centre(0, 2), ""}, {ten_centre(1, 5), ""}, {ten_centre(6, 4), ""}, {ten_centre(8, 8), ""}}));
}

// The 1-based line of the first line of `text` that starts with `start`.
int line_of(const std::string& text, const std::string& start) {
  std::istringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.rfind(start, 0) == 0) return n;
  }
  FAIL("no line starts with " << start);
  return 0;
}

}  // namespace

TEST_CASE("messages: a logistic seed of 2^63-1 is used and recorded exactly", "[stages][messages][logistic]") {
  TempDir dir;
  std::vector<double> n;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) n.push_back(r < 5 ? 1 : 0);
  write_grid_raster(dir.path() / "n.tif", kTenGrid, n);
  write_deposits(dir);
  // 2^63 - 1, the largest TOML integer, written out by hand.
  const std::string seed = "9223372036854775807";
  StageRun run(dir.path(), grid_toml(500000, 3000000, 1000, 10, 10) + R"(
[[layers]]
id = "n"
path = "n.tif"

[[layers]]
id = "deposits"
path = "deposits.geojson"
crs = "EPSG:32642"

[[models]]
id = "logit"
commodity = "gold"
kind = "logistic"
inputs = ["n"]
deposits = "deposits"
background = 20
seed = )" + seed + "\n");
  run.run();
  // gdalinfo, not oremap, reads the COG's metadata back.
  CHECK_THAT(run_ok("gdalinfo " + shell_quote(run.output("logit.tif").string())),
             Contains("OREMAP_SEED=" + seed + "\n"));
}

TEST_CASE("messages: a grid whose columns would overflow an int is refused with its size", "[grid][messages]") {
  // x over 1.5e9 m in cells of 0.5 m: 3e9 columns (more than 2^31 - 1), one row: 3e9 cells, under
  // the 4e9 cell limit, so only the column count stops it. It used to wrap into a 1-column grid.
  project::Project p;
  p.grid.crs = "EPSG:32642";
  p.grid.bbox_crs = "EPSG:32642";
  p.grid.bbox = std::array<double, 4>{0, 0, 1.5e9, 0.5};
  p.grid.cell_size = 0.5;
  std::ostringstream log;
  try {
    sources::build_grid(p, Log(log, Verbosity::normal));
    FAIL("build_grid accepted the grid");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::project);
    CHECK(std::string(e.what()) ==
          "grid.cell_size: the grid would have 3000000000 cells (3000000000 x 1 of 0.5 m); the limit is 4000000000 "
          "cells and 2147483647 columns or rows: raise [grid] cell_size or shrink the extent");
  }
}

TEST_CASE("messages: a bbox PROJ cannot transform is reported as grid.bbox", "[grid][messages]") {
  // Past validation (a Project built by hand): latitudes of 100 to 1e308 cannot be projected.
  project::Project p;
  p.grid.crs = "EPSG:32642";
  p.grid.bbox = std::array<double, 4>{60, 100, 70, 1e308};
  p.grid.cell_size = 1000;
  std::ostringstream log;
  QuietGdalErrors quiet;
  try {
    sources::build_grid(p, Log(log, Verbosity::normal));
    FAIL("build_grid accepted the bbox");
  } catch (const Error& e) {
    const std::string what = e.what();
    CHECK(e.code() == ExitCode::project);
    CHECK_THAT(what, Catch::Matchers::StartsWith("grid.bbox: [60, 100, 70, 1e+308] in bbox_crs EPSG:4326 cannot be "
                                                 "transformed to EPSG:32642"));
    CHECK_THAT(what, Contains("check that bbox is given in bbox_crs and lies inside its area of use"));
  }
}

TEST_CASE("messages: a constant weights-of-evidence input is named with its model", "[stages][messages][wofe]") {
  TempDir dir;
  std::vector<double> all_one(100, 1.0), half;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) half.push_back(r < 5 ? 1 : 0);
  write_grid_raster(dir.path() / "c.tif", kTenGrid, all_one);
  write_grid_raster(dir.path() / "h.tif", kTenGrid, half);
  write_deposits(dir);
  const std::string text = grid_toml(500000, 3000000, 1000, 10, 10) + R"(
[[layers]]
id = "c"
path = "c.tif"

[[layers]]
id = "h"
path = "h.tif"

[[layers]]
id = "deposits"
path = "deposits.geojson"
crs = "EPSG:32642"

[[models]]
id = "wofe_c"
commodity = "gold"
kind = "wofe"
inputs = ["c", "h"]
deposits = "deposits"
)";
  StageRun run(dir.path(), text);
  run.run();
  // Every one of the 100 cells holds 1 > 0: the binary class "c > 0".
  CHECK_THAT(run.log(), Contains("models 'wofe_c' (line " + std::to_string(line_of(text, "[[models]]")) +
                                 "): evidence 'c' is constant over the study area (all 100 cells with data are in "
                                 "class c > 0), so it cannot separate deposits from barren cells and adds nothing to "
                                 "the posterior; check that evidence (its threshold, classes or nodata), or remove it "
                                 "from inputs"));
  CHECK_THAT(run.log(), !Contains("evidence 'h' is constant"));
}

namespace {

// A bow-tie: a self-intersecting ring, invalid; GEOS repairs it into two triangles.
std::string bowtie(double x0, double y0, double size) {
  return geo_polygon({{x0, y0}, {x0 + size, y0 + size}, {x0 + size, y0}, {x0, y0 + size}});
}

}  // namespace

TEST_CASE("messages: a mask layer of invalid polygons is named with its file", "[stages][messages][geometry]") {
  TempDir dir;
  write_grid_raster(dir.path() / "n.tif", kTenGrid, std::vector<double>(100, 0.5));
  write_text_file(dir.path() / "area.geojson",
                  feature_collection({{bowtie(500000, 3000000, 10000), ""}, {bowtie(502000, 3002000, 2000), ""}}));
  StageRun run(dir.path(), grid_toml(500000, 3000000, 1000, 10, 10, "mask = \"area\"") + R"(
[[layers]]
id = "area"
path = "area.geojson"
crs = "EPSG:32642"

[[layers]]
id = "n"
path = "n.tif"

[[models]]
id = "m"
commodity = "copper"
kind = "weighted"
inputs = ["n"]
weights = [1]
)");
  run.run();
  const std::string file = (dir.path() / "area.geojson").string();
  CHECK_THAT(run.log(), Contains("area (" + file +
                                 "): all 2 polygons are invalid (self-intersecting or badly nested "
                                 "rings) and are rasterised as drawn, which can fill the wrong cells; repair the file, "
                                 "e.g. ogr2ogr -makevalid fixed.gpkg " +
                                 file));
}

TEST_CASE("messages: a vector layer of only invalid geometries warns, and errors when nothing is left",
          "[sources][messages][geometry]") {
  TempDir dir;
  geos::Context ctx;
  SECTION("repairable: a warning naming the layer and its file") {
    write_text_file(dir.path() / "b.geojson",
                    feature_collection({{bowtie(500000, 3000000, 2000), ""}, {bowtie(504000, 3004000, 2000), ""}}));
    project::LayerSpec spec = layer_spec("bows", (dir.path() / "b.geojson").string());
    spec.crs = "EPSG:32642";
    std::ostringstream log;
    sources::VectorData data = sources::read_vector(spec, kTenGrid, ctx, Log(log, Verbosity::quiet));
    CHECK(data.features.size() == 2);
    CHECK(log.str() == "oremap: warning: bows (" + spec.path +
                           "): every geometry (2) is invalid or empty; 2 were repaired with GEOS MakeValid and 2 "
                           "kept; check the file (a broken export, swapped coordinates?) or repair it, "
                           "e.g. ogr2ogr -makevalid\n");
  }
  SECTION("nothing left after repair: an input error saying why") {
    // Zero-area polygons (all corners on one line) collapse to nothing.
    write_text_file(dir.path() / "flat.geojson",
                    feature_collection({{geo_polygon({{500000, 3000000}, {501000, 3000000}, {502000, 3000000}}), ""},
                                        {geo_polygon({{503000, 3001000}, {504000, 3001000}, {505000, 3001000}}), ""}}));
    project::LayerSpec spec = layer_spec("flat", (dir.path() / "flat.geojson").string());
    spec.crs = "EPSG:32642";
    std::ostringstream log;
    try {
      sources::read_vector(spec, kTenGrid, ctx, Log(log, Verbosity::quiet));
      FAIL("read_vector accepted a layer with nothing left");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::input);
      CHECK(
          std::string(e.what()) ==
          "flat (" + spec.path +
              "): no usable features: 2 of 2 geometries are invalid and nothing is left of them "
              "after repair (GEOS MakeValid: zero-area polygons, rings of fewer than 4 points); fix the geometries in "
              "the file");
    }
  }
}
