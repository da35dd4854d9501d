// Evidence made by GDAL's algorithms inside oremap (interpolate, rasterise) compared with GDAL's
// own command-line tools (gdal_grid, gdal_rasterize) run on the same files and grid, plus an
// inverse-distance value computed by hand from three points.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "../stage_fixture.hpp"

using namespace oremap;
using namespace oremap::test;

namespace {

// 8 x 6 cells of 100 m: x 500000..500800, y 3000000..3000600; cell (r, c) has its centre at
// x = 500050 + 100 c, y = 3000550 - 100 r.
constexpr int kCols = 8, kRows = 6;
const char* kExtent = "-txe 500000 500800 -tye 3000000 3000600 -outsize 8 6";

struct Sample {
  double x, y, cu;
};
// P1 sits on the centre of cell (0, 0); the others lie off-centre.
const std::vector<Sample> kSamples = {{500050, 3000550, 10}, {500420, 3000230, 40}, {500710, 3000080, 25}};

// A raster read back onto the grid's row order, whichever way up GDAL wrote it; cells equal to
// `fill` (gdal_grid's nodata, which it does not declare on the band) become NaN.
RasterData north_up(const fs::path& path, double fill = std::nan("")) {
  RasterData r = read_raster(path);
  for (double& v : r.values)
    if (v == fill) v = std::nan("");
  double gt[6];
  open_raster_file(path)->GetGeoTransform(gt);
  if (gt[5] > 0)
    for (int row = 0; row < r.rows / 2; ++row)
      std::swap_ranges(r.values.begin() + row * r.cols, r.values.begin() + (row + 1) * r.cols,
                       r.values.begin() + (r.rows - 1 - row) * r.cols);
  return r;
}

void check_same(const RasterData& got, const RasterData& want, double tolerance) {
  REQUIRE(got.cols == want.cols);
  REQUIRE(got.rows == want.rows);
  for (std::size_t i = 0; i < want.values.size(); ++i) {
    INFO("cell row " << i / want.cols << " col " << i % want.cols << ": oremap " << got.values[i] << ", GDAL "
                     << want.values[i]);
    if (std::isnan(want.values[i]))
      CHECK(std::isnan(got.values[i]));
    else
      CHECK(got.values[i] == Approx(want.values[i]).epsilon(tolerance).margin(tolerance));
  }
}

}  // namespace

TEST_CASE("interpolate equals gdal_grid with the same algorithm and parameters", "[stages][interpolate]") {
  TempDir dir;
  std::vector<Feature> features;
  for (const auto& s : kSamples) features.push_back({geo_point(s.x, s.y), "\"cu\": " + std::to_string(s.cu)});
  write_text_file(dir.path() / "samples.geojson", feature_collection(features));
  StageRun run(dir.path(), grid_toml(500000, 3000000, 100, kCols, kRows) + R"(
[[layers]]
id = "samples"
path = "samples.geojson"
crs = "EPSG:32642"

[[evidence]]
id = "idw"
kind = "interpolate"
input = "samples"
field = "cu"
power = 2

[[evidence]]
id = "idw3"
kind = "interpolate"
input = "samples"
field = "cu"
power = 3

[[evidence]]
id = "nearest"
kind = "interpolate"
input = "samples"
field = "cu"
method = "nearest"

[[evidence]]
id = "average"
kind = "interpolate"
input = "samples"
field = "cu"
method = "average"
radius = 250
)");
  run.run();

  // gdal_grid's documented defaults are radius 0 (all points), min_points 0, smoothing 0; its
  // nodata fill value is given so cells without points can be told apart.
  struct Case {
    const char* id;
    const char* algorithm;
  };
  for (const Case& c : std::vector<Case>{{"idw", "invdist:power=2:nodata=-9999"},
                                         {"idw3", "invdist:power=3:nodata=-9999"},
                                         {"nearest", "nearest:nodata=-9999"},
                                         {"average", "average:radius1=250:radius2=250:nodata=-9999"}}) {
    INFO("step " << c.id << " vs gdal_grid -a " << c.algorithm);
    const fs::path ref = dir.path() / (std::string(c.id) + "_gdal.tif");
    run_ok("gdal_grid -q -zfield cu -a " + std::string(c.algorithm) + " " + kExtent + " -ot Float64 " +
           shell_quote((dir.path() / "samples.geojson").string()) + " " + shell_quote(ref.string()));
    check_same(run.raster(c.id), north_up(ref, -9999), 1e-5);
  }

  // By formula, every cell: z = sum(z_i / d_i^2) / sum(1 / d_i^2), or z_i where d_i = 0.
  const RasterData idw = run.raster("idw");
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) {
      const double x = 500050 + 100.0 * c, y = 3000550 - 100.0 * r;
      double num = 0, den = 0, exact = std::numeric_limits<double>::quiet_NaN();
      for (const auto& s : kSamples) {
        const double d2 = (x - s.x) * (x - s.x) + (y - s.y) * (y - s.y);
        if (d2 == 0) exact = s.cu;
        num += s.cu / d2;
        den += 1 / d2;
      }
      INFO("cell row " << r << " col " << c);
      CHECK(idw.at(r, c) == Approx(std::isnan(exact) ? num / den : exact).epsilon(1e-6));
    }
  // By hand at cell (5, 7), centre (500750, 3000050): d1^2 = 700^2 + 500^2 = 740000,
  // d2^2 = 330^2 + 180^2 = 141300, d3^2 = 40^2 + 30^2 = 2500.
  const double w1 = 1 / 740000.0, w2 = 1 / 141300.0, w3 = 1 / 2500.0;
  CHECK(idw.at(5, 7) == Approx((10 * w1 + 40 * w2 + 25 * w3) / (w1 + w2 + w3)).epsilon(1e-6));
  CHECK(idw.at(0, 0) == 10);  // on P1
  // Nearest at (5, 7) is P3 (50 m); at (2, 4), centre (500450, 3000350), P2 (hypot(30, 120)).
  CHECK(run.raster("nearest").at(5, 7) == 25);
  CHECK(run.raster("nearest").at(2, 4) == 40);
  // Moving average within 250 m of (2, 4): only P2 -> 40; of (0, 7): no point -> nodata.
  CHECK(run.raster("average").at(2, 4) == Approx(40));
  CHECK(std::isnan(run.raster("average").at(0, 7)));
}

TEST_CASE("rasterise equals gdal_rasterize on the same grid", "[stages][rasterise]") {
  TempDir dir;
  // A: triangle, score 3.5; B: a tilted quadrilateral, score 7; C: a null score (skipped by oremap,
  // so the reference run filters it out); A and B do not overlap (A is x < 5/6 y from the origin).
  write_text_file(
      dir.path() / "zones.geojson",
      feature_collection(
          {{geo_polygon({{500000, 3000000}, {500500, 3000600}, {500000, 3000600}}), "\"score\": 3.5"},
           {geo_polygon({{500400, 3000000}, {500800, 3000100}, {500750, 3000450}, {500350, 3000300}}), "\"score\": 7"},
           {geo_polygon({{500600, 3000480}, {500800, 3000480}, {500800, 3000600}, {500600, 3000600}}),
            "\"score\": null"}}));
  StageRun run(dir.path(), grid_toml(500000, 3000000, 100, kCols, kRows) + R"(
[[layers]]
id = "zones"
path = "zones.geojson"
crs = "EPSG:32642"

[[evidence]]
id = "score"
kind = "rasterise"
input = "zones"
field = "score"

[[evidence]]
id = "score_touched"
kind = "rasterise"
input = "zones"
field = "score"
all_touched = true

[[evidence]]
id = "zone_flag"
kind = "rasterise"
input = "zones"
burn = 2
outside = 0
)");
  run.run();

  const std::string src = shell_quote((dir.path() / "zones.geojson").string());
  const std::string grid = "-te 500000 3000000 500800 3000600 -tr 100 100 -ot Float64 ";
  struct Case {
    const char* id;
    const char* options;
  };
  for (const Case& c :
       std::vector<Case>{{"score", "-a score -where \"score IS NOT NULL\" -init -9999 -a_nodata -9999"},
                         {"score_touched", "-a score -where \"score IS NOT NULL\" -at -init -9999 -a_nodata -9999"},
                         {"zone_flag", "-burn 2 -init 0"}}) {
    INFO("step " << c.id << " vs gdal_rasterize " << c.options);
    const fs::path ref = dir.path() / (std::string(c.id) + "_gdal.tif");
    run_ok("gdal_rasterize -q " + grid + c.options + " " + src + " " + shell_quote(ref.string()));
    check_same(run.raster(c.id), north_up(ref), 0);
  }
  // By hand: centre (500050, 3000550) is inside A; (500550, 3000150) inside B; (500050, 3000050)
  // in neither (nodata); (500750, 3000550) lies in C, whose null score burns nothing.
  const RasterData score = run.raster("score");
  CHECK(score.at(0, 0) == 3.5);
  CHECK(score.at(4, 5) == 7);
  CHECK(std::isnan(score.at(5, 0)));
  CHECK(std::isnan(score.at(0, 7)));
}
