// A grid of non-square cells ([grid] cell_size = [dx, dy], as survey grids often are): its size
// and geotransform, a raster on its lattice read in place, a distance measured in metres on
// both axes, deposits placed in the right cell and WofE areas of dx * dy, all by hand.
#include <catch2/catch.hpp>
#include <cmath>

#include "gdal/handles.hpp"
#include "stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// 6 columns of 100 m and 4 rows of 50 m from (500000, 3000000): cell (r, c) has its centre at
// x = 500050 + 100 c, y = 3000175 - 50 r.
const std::string kGridToml = R"([project]
name = "non-square"
output = "out"

[grid]
crs = "EPSG:32642"
bbox_crs = "EPSG:32642"
bbox = [500000, 3000000, 500600, 3000200]
cell_size = [100, 50]
)";

Grid non_square() {
  Grid g = make_grid(32642, 500000, 3000200, 100, 6, 4);
  g.cell_size_y = 50;
  return g;
}

std::string centre(int r, int c) { return geo_point(500050 + 100.0 * c, 3000175 - 50.0 * r); }

}  // namespace

TEST_CASE("a grid of non-square cells: size, lattice, distances, deposits and WofE areas", "[grid][stages]") {
  TempDir dir;
  // e: 1 in columns 0-2, 0 in columns 3-5 (12 cells each), written on the grid's own lattice.
  std::vector<double> e;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 6; ++c) e.push_back(c < 3 ? 1 : 0);
  write_grid_raster(dir.path() / "e.tif", non_square(), e);
  write_text_file(dir.path() / "site.geojson", feature_collection({{centre(0, 0), "\"n\": 1"}}));
  write_text_file(
      dir.path() / "deposits.geojson",
      feature_collection({{centre(0, 1), "\"n\": 1"}, {centre(3, 2), "\"n\": 2"}, {centre(2, 4), "\"n\": 3"}}));
  StageRun run(dir.path(), kGridToml + R"(
[[layers]]
id = "e"
path = "e.tif"

[[layers]]
id = "site"
path = "site.geojson"
crs = "EPSG:32642"

[[layers]]
id = "deposits"
path = "deposits.geojson"
crs = "EPSG:32642"

[[evidence]]
id = "d"
kind = "distance"
input = "site"

[[evidence]]
id = "de"
kind = "distance"
input = "e"
values = [1]

[[models]]
id = "w"
commodity = "copper"
kind = "wofe"
inputs = ["e"]
deposits = "deposits"
unit_cell_km2 = 0.005
)");
  run.run();
  const Grid& g = run.ctx().grid;
  CHECK(g.cols == 6);
  CHECK(g.rows == 4);
  CHECK(g.dx() == 100);
  CHECK(g.dy() == 50);
  CHECK(g.geotransform() == std::array<double, 6>{500000, 100, 0, 3000200, 0, -50});
  CHECK_THAT(run.log(), Catch::Contains("read in place"));  // e lies on the grid's lattice
  // Distance from the point at cell (0, 0)'s centre: hypot(100 dc, 50 dr).
  const RasterData d = run.raster("d");
  CHECK(d.at(0, 0) == Approx(0).margin(1e-3));
  CHECK(d.at(0, 1) == Approx(100));
  CHECK(d.at(1, 0) == Approx(50));
  CHECK(d.at(3, 5) == Approx(std::hypot(500.0, 150.0)));
  // Distance to the raster cells with e = 1 (columns 0-2): 100 m per column beyond column 2.
  const RasterData de = run.raster("de");
  CHECK(de.at(2, 2) == 0);
  CHECK(de.at(2, 3) == Approx(100));
  CHECK(de.at(0, 5) == Approx(300));
  // WofE: unit cells of 0.005 km2 are one 100 x 50 m cell each. Pattern e > 0: 12 cells, with
  // the deposits of (0, 1) and (3, 2); (2, 4) lies outside it. T = 24, D = 3:
  // W+ = ln[(2/3) / (10/21)] = ln(1.4).
  const std::string weights = read_text_file(run.output("w_weights.csv"));
  const auto at = weights.find("e > 0");
  REQUIRE(at != std::string::npos);
  const gdal::DatasetPtr ds = gdal::open_dataset(run.output("w.tif").string(), GDAL_OF_RASTER);
  CHECK(std::stod(ds->GetMetadataItem("OREMAP_PRIOR")) == Approx(3.0 / 24).epsilon(1e-6));
  CHECK_THAT(weights, Catch::Contains(std::to_string(std::log(1.4)).substr(0, 6)));
}
