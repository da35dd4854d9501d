// Nodata end to end: a raster cell that is nodata (from the file's nodata value or the
// project's `nodata` override) stays nodata through evidence and models; and every cell whose
// centre lies outside grid.mask is nodata in every output COG, whatever the step.
#include <catch2/catch.hpp>
#include <cmath>

#include "stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// 6 x 4 cells of 100 m from (500000, 3000000); cell (r, c) has its centre at
// x = 500050 + 100 c, y = 3000350 - 100 r.
constexpr int kCols = 6, kRows = 4;
const Grid kGrid = make_grid(32642, 500000, 3000400, 100, kCols, kRows);

// The mask is the triangle (500000, 3000000), (500600, 3000000), (500000, 3000400): a centre at
// (dx, dy) from the origin is inside when dx / 600 + dy / 400 < 1 (no centre lies on the edge:
// 2 dx + 3 dy = 1200 has no solution with dx, dy in 50 + 100 k). Row 0: 1 cell, row 1: 2,
// row 2: 4, row 3: 5 (12 cells).
bool inside_mask(int r, int c) {
  const double dx = 50 + 100.0 * c, dy = 350 - 100.0 * r;
  return dx / 600 + dy / 400 < 1;
}

const std::string kProject = grid_toml(500000, 3000000, 100, kCols, kRows, "mask = \"area\"") + R"(
[[layers]]
id = "area"
path = "area.geojson"
crs = "EPSG:32642"

[[layers]]
id = "a"
path = "a.tif"

[[layers]]
id = "b"
path = "b.tif"
nodata = -1

[[layers]]
id = "vent"
path = "vent.geojson"
crs = "EPSG:32642"

[[layers]]
id = "zone"
path = "zone.geojson"
crs = "EPSG:32642"

[[layers]]
id = "samples"
path = "samples.geojson"
crs = "EPSG:32642"

[[layers]]
id = "deposits"
path = "deposits.geojson"
crs = "EPSG:32642"

[[evidence]]
id = "fa"
kind = "fuzzy"
input = "a"
function = "linear"
min = 0
max = 1

[[evidence]]
id = "fb"
kind = "fuzzy"
input = "b"
function = "linear"
min = 0
max = 1

[[evidence]]
id = "a_rank"
kind = "normalise"
input = "a"

[[evidence]]
id = "a_class"
kind = "reclassify"
input = "a"
ranges = [[0, 0.5, 1]]
default = 2

[[evidence]]
id = "vent_distance"
kind = "distance"
input = "vent"

[[evidence]]
id = "zone_raster"
kind = "rasterise"
input = "zone"
burn = 1
outside = 0

[[evidence]]
id = "cu"
kind = "interpolate"
input = "samples"
field = "cu"
method = "nearest"

[[models]]
id = "weighted"
commodity = "copper"
kind = "weighted"
inputs = ["fa", "fb"]
weights = [1, 1]

[[models]]
id = "gamma"
commodity = "gold"
kind = "fuzzy"
inputs = ["fa", "fb"]
operator = "gamma"
gamma = 0.5

[[models]]
id = "wofe"
commodity = "ree"
kind = "wofe"
inputs = ["zone_raster"]
deposits = "deposits"
unit_cell_km2 = 0.01

[outputs]
evidence = true
)";

void write_inputs(const TempDir& dir) {
  write_text_file(dir.path() / "area.geojson",
                  feature_collection({{geo_polygon({{500000, 3000000}, {500600, 3000000}, {500000, 3000400}}), ""}}));
  // a = 0.1 (r + c) in [0, 0.8], nodata (-9999) at (3, 1), which is inside the mask;
  // b = 0.05 (6 - c) + 0.1 r.
  std::vector<double> a, b;
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) {
      a.push_back(0.1 * (r + c));
      b.push_back(0.05 * (kCols - c) + 0.1 * r);
    }
  a[3 * kCols + 1] = -9999;
  b[2 * kCols + 0] = -1;  // nodata by the project's override (the file declares none), inside the mask
  write_grid_raster(dir.path() / "a.tif", kGrid, a, -9999.0);
  write_grid_raster(dir.path() / "b.tif", kGrid, b);
  // The vent lies outside the mask: features outside still count for distances.
  write_text_file(dir.path() / "vent.geojson", feature_collection({{geo_point(500550, 3000350), ""}}));
  write_text_file(
      dir.path() / "zone.geojson",
      feature_collection(
          {{geo_polygon({{500000, 3000000}, {500300, 3000000}, {500300, 3000200}, {500000, 3000200}}), ""}}));
  write_text_file(dir.path() / "samples.geojson", feature_collection({{geo_point(500050, 3000050), "\"cu\": 10"},
                                                                      {geo_point(500550, 3000350), "\"cu\": 30"}}));
  write_text_file(dir.path() / "deposits.geojson",
                  feature_collection({{geo_point(500050, 3000050), ""}, {geo_point(500150, 3000250), ""}}));
}

}  // namespace

TEST_CASE("a nodata input cell is nodata in fuzzy, normalise, weighted and fuzzy overlay outputs", "[stages][nodata]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), kProject);
  run.run();
  struct Case {
    const char* output;
    int row, col;
  };
  // a is nodata at (3, 1); b at (2, 0) through `nodata = -1`.
  for (const Case& c : std::vector<Case>{{"fa", 3, 1},
                                         {"a_rank", 3, 1},
                                         {"a_class", 3, 1},
                                         {"fb", 2, 0},
                                         {"weighted", 3, 1},
                                         {"weighted", 2, 0},
                                         {"gamma", 3, 1},
                                         {"gamma", 2, 0}}) {
    INFO(c.output << " at row " << c.row << ", col " << c.col);
    const RasterData cog = read_raster(run.output(std::string(c.output) + ".tif"));
    CHECK(std::isnan(cog.at(c.row, c.col)));
  }
  // Every other cell inside the mask has a value in the models.
  for (const char* model : {"weighted", "gamma"}) {
    const RasterData cog = read_raster(run.output(std::string(model) + ".tif"));
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kCols; ++c) {
        if (!inside_mask(r, c) || (r == 3 && c == 1) || (r == 2 && c == 0)) continue;
        INFO(model << " at row " << r << ", col " << c);
        CHECK(std::isfinite(cog.at(r, c)));
      }
  }
  // Min-max statistics come from data cells inside the mask only: a there spans 0 at (0, 0) to
  // 0.7 at (3, 4) (the 0.8 at (3, 5) is outside), so (3, 4) -> 1 and (2, 3) -> 0.5 / 0.7.
  const RasterData rank = read_raster(run.output("a_rank.tif"));
  CHECK(rank.at(3, 4) == Approx(1.0));
  CHECK(rank.at(2, 3) == Approx(0.5 / 0.7));
  // By hand at (1, 0): a = 0.1, b = 0.05 * 6 + 0.1 = 0.4; weighted (1/2) 0.1 + (1/2) 0.4 = 0.25.
  CHECK(read_raster(run.output("weighted.tif")).at(1, 0) == Approx(0.25));
}

TEST_CASE("cells outside grid.mask are nodata in every output", "[stages][mask]") {
  TempDir dir;
  write_inputs(dir);
  StageRun run(dir.path(), kProject);
  run.run();
  const std::vector<std::string> outputs = {"fa", "fb",       "a_rank", "a_class", "vent_distance", "zone_raster",
                                            "cu", "weighted", "gamma",  "wofe",    "wofe_std"};
  for (const auto& id : outputs) {
    INFO("output " << id << ".tif");
    REQUIRE(fs::exists(run.output(id + ".tif")));
    const RasterData cog = read_raster(run.output(id + ".tif"));
    REQUIRE(cog.cols == kCols);
    REQUIRE(cog.rows == kRows);
    int inside = 0;
    for (int r = 0; r < kRows; ++r)
      for (int c = 0; c < kCols; ++c) {
        INFO("row " << r << ", col " << c);
        if (inside_mask(r, c))
          ++inside;
        else
          CHECK(std::isnan(cog.at(r, c)));
      }
    CHECK(inside == 12);
  }
  // Inside the mask the steps that ignore other inputs have values: the distance to the vent at
  // (0, 5) from (3, 0) is hypot(500, 300) = 583.095; the zone is 1 at (3, 0) and 0 at (1, 1).
  CHECK(read_raster(run.output("vent_distance.tif")).at(3, 0) == Approx(std::hypot(500.0, 300.0)));
  CHECK(read_raster(run.output("zone_raster.tif")).at(3, 0) == 1);
  CHECK(read_raster(run.output("zone_raster.tif")).at(1, 1) == 0);
  // Nearest sample to (3, 0) is the one at its centre: 10.
  CHECK(read_raster(run.output("cu.tif")).at(3, 0) == Approx(10));
}
